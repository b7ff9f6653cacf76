// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief The forward pass of every checked FFN on real weights.
 *
 * `forward(w, x)` runs `Spec` on `x : [T, D]` and returns `[T, D]`; the output's type is
 * `ffn_output_t<Spec, X>`, so an input of another width is the compile error of rule 4. The
 * matmuls are direct `cblas_sgemm` calls (OpenBLAS) on xtensor's buffers, `x · Wᵀ` with `W`
 * stored `[out, in]`; the element-wise work is xtensor expressions, vectorised by xsimd. A
 * `workspace` holds the intermediates: once it has seen the largest `T`, repeated calls
 * allocate nothing. MoE routing is Mixtral's: softmax over the router's logits, the top-k,
 * their weights renormalised to sum to one; each expert runs only on the tokens routed to it.
 */

#include <cblas.h>
#include <xsimd/xsimd.hpp>

#include <shapeproof/runtime/activation.hpp>
#include <shapeproof/runtime/tensor.hpp>
#include <shapeproof/runtime/weights.hpp>
#include <shapeproof/variants/ffn_concepts.hpp>

#include <xtensor/xadapt.hpp>
#include <xtensor/xnoalias.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <numeric>
#include <string_view>
#include <thread>
#include <type_traits>
#include <vector>

namespace shapeproof::runtime {

namespace detail {

/// A second thread that runs one task at a time beside the caller, started once and reused: a
/// call allocates nothing (the task is a function pointer and its argument).
class helper_thread {
public:
  helper_thread() :
      thread_([this] {
        std::unique_lock lock(mutex_);
        for (;;) {
          wake_.wait(lock, [&] { return stop_ || posted_ != done_; });
          if (stop_) return;
          lock.unlock();
          task_(argument_);
          lock.lock();
          done_ = posted_;
          finished_.notify_one();
        }
      })
  {
  }
  helper_thread(const helper_thread&) = delete;
  helper_thread& operator=(const helper_thread&) = delete;
  ~helper_thread()
  {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  /// Runs `task(argument)` on the helper while the caller runs `own(own_argument)`; returns when both are done.
  void run_beside(void (*task)(void*), void* argument, void (*own)(void*), void* own_argument)
  {
    {
      std::lock_guard lock(mutex_);
      task_ = task;
      argument_ = argument;
      ++posted_;
    }
    wake_.notify_one();
    own(own_argument);
    std::unique_lock lock(mutex_);
    finished_.wait(lock, [&] { return done_ == posted_; });
  }

private:
  std::mutex mutex_;
  std::condition_variable wake_, finished_;
  void (*task_)(void*) = nullptr;
  void* argument_ = nullptr;
  unsigned long posted_ = 0, done_ = 0;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace detail

/// Scratch buffers for forward passes; they grow to the largest call and are then reused.
class workspace {
public:
  /// Buffer `i` with room for `n` floats (no allocation once it has had that much).
  float* buffer(std::size_t i, std::size_t n)
  {
    if (buffers_.size() <= i) buffers_.resize(i + 1);
    if (buffers_[i].size() < n) buffers_[i].resize(n);
    return buffers_[i].data();
  }
  std::vector<std::size_t>& indices(std::size_t i)
  {
    if (index_buffers_.size() <= i) index_buffers_.resize(i + 1);
    return index_buffers_[i];
  }
  /// Floats held, over all buffers.
  std::size_t capacity() const
  {
    std::size_t n = 0;
    for (const auto& b : buffers_) n += b.capacity();
    return n;
  }
  /// How many routed experts the last MoE pass through this workspace ran (their weights were
  /// read; the others' were not).
  std::size_t experts_hit() const { return experts_hit_; }
  void set_experts_hit(std::size_t n) { experts_hit_ = n; }
  /// The helper thread for kernels that split their work in two, started on first use; null on
  /// a machine with one core.
  detail::helper_thread* helper()
  {
    if (!helper_ && std::thread::hardware_concurrency() > 1) helper_ = std::make_unique<detail::helper_thread>();
    return helper_.get();
  }

private:
  std::size_t experts_hit_ = 0;
  std::unique_ptr<detail::helper_thread> helper_;
  // Deques: adding a buffer never moves the others, so pointers and references to them stay valid.
  std::deque<std::vector<float>> buffers_;
  std::deque<std::vector<std::size_t>> index_buffers_;
};

namespace detail {

// y[rows, out] = x[rows, in] · W[out, in]ᵀ (+ y when accumulate), always sgemm: also the bare
// chain the benchmark and `shapeproof run` measure against.
inline void sgemm_xwt(const float* x, std::size_t rows, std::size_t in, const float* w, std::size_t out, float* y,
                      bool accumulate = false)
{
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<blasint>(rows), static_cast<blasint>(out),
              static_cast<blasint>(in), 1.0f, x, static_cast<blasint>(in), w, static_cast<blasint>(in),
              accumulate ? 1.0f : 0.0f, y, static_cast<blasint>(out));
}

// y[r, o] += x[r, i0:i1] · W[o, i0:i1] for R rows and the K outputs from o: K·R vector
// accumulators, each W row chunk loaded once per R rows (from memory for the first R, then L1).
template<std::size_t K, std::size_t R>
void few_rows_tile(const float* x, std::size_t in, const float* w, std::size_t o, std::size_t i0, std::size_t i1,
                   float* y, std::size_t out)
{
  using batch = xsimd::batch<float>;
  constexpr std::size_t B = batch::size;
  std::array<std::array<batch, R>, K> acc;
  for (auto& a : acc) a.fill(batch(0.0f));
  const std::size_t vec_end = i0 + (i1 - i0) / B * B;
  // (The loops over k and r are unrolled, so that every accumulator lives in a register.)
  for (std::size_t i = i0; i < vec_end; i += B) {
    std::array<batch, K> wv;
#pragma GCC unroll 4
    for (std::size_t k = 0; k < K; ++k) wv[k] = batch::load_unaligned(w + (o + k) * in + i);
#pragma GCC unroll 4
    for (std::size_t r = 0; r < R; ++r) {
      const batch xv = batch::load_unaligned(x + r * in + i);
#pragma GCC unroll 4
      for (std::size_t k = 0; k < K; ++k) acc[k][r] = xsimd::fma(xv, wv[k], acc[k][r]);
    }
  }
  for (std::size_t k = 0; k < K; ++k)
    for (std::size_t r = 0; r < R; ++r) {
      float s = xsimd::hadd(acc[k][r]);
      for (std::size_t i = vec_end; i < i1; ++i) s += x[r * in + i] * w[(o + k) * in + i];
      y[r * out + o + k] += s;
    }
}

// The 4 × 4 tile written out: sixteen named accumulators, which compilers keep in registers
// where they spill an array of them.
template<>
inline void few_rows_tile<4, 4>(const float* x, std::size_t in, const float* w, std::size_t o, std::size_t i0,
                                std::size_t i1, float* y, std::size_t out)
{
  using batch = xsimd::batch<float>;
  constexpr std::size_t B = batch::size;
  batch a00(0.0f), a01(0.0f), a02(0.0f), a03(0.0f), a10(0.0f), a11(0.0f), a12(0.0f), a13(0.0f);
  batch a20(0.0f), a21(0.0f), a22(0.0f), a23(0.0f), a30(0.0f), a31(0.0f), a32(0.0f), a33(0.0f);
  const float *w0 = w + o * in, *w1 = w0 + in, *w2 = w1 + in, *w3 = w2 + in;
  const float *x0 = x, *x1 = x + in, *x2 = x1 + in, *x3 = x2 + in;
  const std::size_t vec_end = i0 + (i1 - i0) / B * B;
  for (std::size_t i = i0; i < vec_end; i += B) {
    const batch v0 = batch::load_unaligned(w0 + i), v1 = batch::load_unaligned(w1 + i);
    const batch v2 = batch::load_unaligned(w2 + i), v3 = batch::load_unaligned(w3 + i);
    batch xv = batch::load_unaligned(x0 + i);
    a00 = xsimd::fma(xv, v0, a00), a10 = xsimd::fma(xv, v1, a10), a20 = xsimd::fma(xv, v2, a20),
    a30 = xsimd::fma(xv, v3, a30);
    xv = batch::load_unaligned(x1 + i);
    a01 = xsimd::fma(xv, v0, a01), a11 = xsimd::fma(xv, v1, a11), a21 = xsimd::fma(xv, v2, a21),
    a31 = xsimd::fma(xv, v3, a31);
    xv = batch::load_unaligned(x2 + i);
    a02 = xsimd::fma(xv, v0, a02), a12 = xsimd::fma(xv, v1, a12), a22 = xsimd::fma(xv, v2, a22),
    a32 = xsimd::fma(xv, v3, a32);
    xv = batch::load_unaligned(x3 + i);
    a03 = xsimd::fma(xv, v0, a03), a13 = xsimd::fma(xv, v1, a13), a23 = xsimd::fma(xv, v2, a23),
    a33 = xsimd::fma(xv, v3, a33);
  }
  const std::array<std::array<float, 4>, 4> sums{
      {{xsimd::hadd(a00), xsimd::hadd(a01), xsimd::hadd(a02), xsimd::hadd(a03)},
       {xsimd::hadd(a10), xsimd::hadd(a11), xsimd::hadd(a12), xsimd::hadd(a13)},
       {xsimd::hadd(a20), xsimd::hadd(a21), xsimd::hadd(a22), xsimd::hadd(a23)},
       {xsimd::hadd(a30), xsimd::hadd(a31), xsimd::hadd(a32), xsimd::hadd(a33)}}};
  for (std::size_t k = 0; k < 4; ++k)
    for (std::size_t r = 0; r < 4; ++r) {
      float s = sums[k][r];
      for (std::size_t i = vec_end; i < i1; ++i) s += x[r * in + i] * w[(o + k) * in + i];
      y[r * out + o + k] += s;
    }
}

template<std::size_t K>
void few_rows_outputs(const float* x, std::size_t rows, std::size_t in, const float* w, std::size_t o, std::size_t i0,
                      std::size_t i1, float* y, std::size_t out)
{
  std::size_t r = 0;
  for (; r + 4 <= rows; r += 4) few_rows_tile<K, 4>(x + r * in, in, w, o, i0, i1, y + r * out, out);
  if (rows - r >= 2) {
    few_rows_tile<K, 2>(x + r * in, in, w, o, i0, i1, y + r * out, out);
    r += 2;
  }
  if (r < rows) few_rows_tile<K, 1>(x + r * in, in, w, o, i0, i1, y + r * out, out);
}

// y[:, o_begin:o_end] = x · W[o_begin:o_end]ᵀ for a few rows of x, four whole rows of W at a
// time: each is streamed from memory once (four long sequential reads, which the prefetchers
// follow; chunking `in` measured slower) and reused from cache for every four rows of x.
inline void few_rows(const float* x, std::size_t rows, std::size_t in, const float* w, std::size_t o_begin,
                     std::size_t o_end, float* y, std::size_t out)
{
  for (std::size_t r = 0; r < rows; ++r) std::fill(y + r * out + o_begin, y + r * out + o_end, 0.0f);
  std::size_t o = o_begin;
  for (; o + 4 <= o_end; o += 4) few_rows_outputs<4>(x, rows, in, w, o, 0, in, y, out);
  for (; o < o_end; ++o) few_rows_outputs<1>(x, rows, in, w, o, 0, in, y, out);
}

struct few_rows_task {
  const float* x;
  std::size_t rows, in;
  const float* w;
  std::size_t o_begin, o_end;
  float* y;
  std::size_t out;
  static void run(void* p)
  {
    const auto* t = static_cast<const few_rows_task*>(p);
    few_rows(t->x, t->rows, t->in, t->w, t->o_begin, t->o_end, t->y, t->out);
  }
};

/// The most rows the streaming kernel takes; beyond, sgemm (which packs W) is faster.
inline constexpr std::size_t few_rows_max = 16;

/// Whether `rows` rows of `x · Wᵀ`, W `[out, in]`, run faster streaming W than in sgemm: up to 8
/// rows always; up to 16 when W is large (measured: at D 1024, Dff 2816 sgemm wins from 12 to
/// 16 rows; at D 4096, Dff 11008 streaming still wins at 16; see bench/README.md).
constexpr bool few_rows_worth(std::size_t rows, std::size_t in, std::size_t out)
{
  return rows >= 2 && (rows <= 8 || (rows <= few_rows_max && in * out >= (std::size_t{8} << 20)));
}

// y = x · Wᵀ for 2 to `few_rows_max` rows, W streamed once per call rather than packed; the
// output rows split over the caller and the workspace's helper thread when there is one.
inline void gemm_few_rows(const float* x, std::size_t rows, std::size_t in, const float* w, std::size_t out, float* y,
                          helper_thread* helper)
{
  if (!helper || in * out < (std::size_t{1} << 16)) return few_rows(x, rows, in, w, 0, out, y, out);
  const std::size_t half = out / 2 / 16 * 16;  // whole cache lines of y on each side
  few_rows_task first{x, rows, in, w, 0, half, y, out}, second{x, rows, in, w, half, out, y, out};
  helper->run_beside(&few_rows_task::run, &second, &few_rows_task::run, &first);
}

// The same product as the forward pass computes it: one row is a matrix-vector product, bound
// by reading W, which sgemv streams where sgemm with one row measured slower; a few rows stream W
// once with `gemm_few_rows` (sgemm would pack it on every call); more rows are sgemm's.
inline void gemm_xwt(const float* x, std::size_t rows, std::size_t in, const float* w, std::size_t out, float* y,
                     bool accumulate = false, helper_thread* helper = nullptr)
{
  if (rows == 1) {
    cblas_sgemv(CblasRowMajor, CblasNoTrans, static_cast<blasint>(out), static_cast<blasint>(in), 1.0f, w,
                static_cast<blasint>(in), x, 1, accumulate ? 1.0f : 0.0f, y, 1);
    return;
  }
  if (!accumulate && few_rows_worth(rows, in, out)) {
    gemm_few_rows(x, rows, in, w, out, y, helper);
    return;
  }
  sgemm_xwt(x, rows, in, w, out, y, accumulate);
}

inline auto vec(float* p, std::size_t n) { return xt::adapt(p, n, xt::no_ownership(), std::array<std::size_t, 1>{n}); }
inline auto vec(const float* p, std::size_t n)
{
  return xt::adapt(p, n, xt::no_ownership(), std::array<std::size_t, 1>{n});
}

/// A projection's weights as pointers: `weight` is `[out, in]`, `bias` `[out]` or null.
struct linear_view {
  const float* weight = nullptr;
  const float* bias = nullptr;
  std::size_t in = 0, out = 0;
};

enum class activation_kind { relu, gelu, gelu_tanh, sigmoid, silu, identity };

/// An FFN's weights as pointers and sizes: what the kernels run, whether the sizes were types
/// (`view_of(weights<Spec>)`) or read from a file and checked at run time (the CLI).
struct ffn_view {
  activation_kind activation = activation_kind::identity;
  bool gated = false;
  linear_view gate, up, down;            // gate unused when not gated
  const float* fused_gate_up = nullptr;  // [2·Dff, D], gate rows first, or null
};

template<typename Act>
constexpr activation_kind kind_of()
{
  if constexpr (std::is_same_v<Act, act::relu>)
    return activation_kind::relu;
  else if constexpr (std::is_same_v<Act, act::gelu>)
    return activation_kind::gelu;
  else if constexpr (std::is_same_v<Act, act::gelu_tanh>)
    return activation_kind::gelu_tanh;
  else if constexpr (std::is_same_v<Act, act::sigmoid>)
    return activation_kind::sigmoid;
  else if constexpr (std::is_same_v<Act, act::silu>)
    return activation_kind::silu;
  else
    return activation_kind::identity;
}

/// The activation of a variant's name (its gate's, for gated variants).
inline activation_kind kind_of(std::string_view activation_name)
{
  if (activation_name == act::relu::name) return activation_kind::relu;
  if (activation_name == act::gelu::name) return activation_kind::gelu;
  if (activation_name == act::gelu_tanh::name) return activation_kind::gelu_tanh;
  if (activation_name == act::sigmoid::name) return activation_kind::sigmoid;
  if (activation_name == act::silu::name) return activation_kind::silu;
  return activation_kind::identity;
}

// Calls f with the activation tag type of `kind`.
template<typename F>
void with_activation(activation_kind kind, F&& f)
{
  switch (kind) {
    case activation_kind::relu:
      return f(act::relu{});
    case activation_kind::gelu:
      return f(act::gelu{});
    case activation_kind::gelu_tanh:
      return f(act::gelu_tanh{});
    case activation_kind::sigmoid:
      return f(act::sigmoid{});
    case activation_kind::silu:
      return f(act::silu{});
    case activation_kind::identity:
      return f(act::identity{});
  }
}

template<Linear L>
linear_view view_of(const linear_weights<L>& w)
{
  const float* bias = nullptr;
  if constexpr (L::has_bias) bias = w.bias.data().data();
  return {w.weight.data().data(), bias, static_cast<std::size_t>(L::in::extent),
          static_cast<std::size_t>(L::out::extent)};
}

template<typename Spec>
  requires DenseFfn<Spec> || GatedFfn<Spec> ffn_view view_of(const weights<Spec>& w)
  {
    ffn_view v;
    v.activation = kind_of<typename Spec::activation>();
    v.gated = Spec::is_gated;
    v.up = view_of(w.up);
    v.down = view_of(w.down);
    if constexpr (GatedFfn<Spec>) {
      v.gate = view_of(w.gate);
      if (w.fused_gate_up) v.fused_gate_up = w.fused_gate_up->data();
    }
    return v;
  }

inline void add_bias(const float* bias, std::size_t n, float* y, std::size_t rows)
{
  if (!bias) return;
  const auto b = vec(bias, n);
  for (std::size_t r = 0; r < rows; ++r) {
    auto row = vec(y + r * n, n);
    xt::noalias(row) = row + b;
  }
}

inline void linear_rows(const linear_view& w, const float* x, std::size_t rows, float* y,
                        helper_thread* helper = nullptr)
{
  gemm_xwt(x, rows, w.in, w.weight, w.out, y, false, helper);
  add_bias(w.bias, w.out, y, rows);
}

// The FFN on `rows` rows of x (row-major [rows, D]) into y ([rows, D]), with buffers from `slot` on.
inline void ffn_rows(const ffn_view& w, const float* x, std::size_t rows, float* y, workspace& ws, std::size_t slot = 0)
{
  const std::size_t d = w.up.in, dff = w.up.out;
  float* h = ws.buffer(slot, rows * dff);
  helper_thread* helper = few_rows_worth(rows, d, dff) ? ws.helper() : nullptr;
  if (!w.gated) {
    linear_rows(w.up, x, rows, h, helper);
    auto hv = vec(h, rows * dff);
    with_activation(w.activation, [&](auto a) { xt::noalias(hv) = activation_expression<decltype(a)>(hv); });
  } else if (w.fused_gate_up) {
    // One GEMM: [rows, 2·Dff], gate then up in each row.
    float* gu = ws.buffer(slot + 1, rows * 2 * dff);
    gemm_xwt(x, rows, d, w.fused_gate_up, 2 * dff, gu, false, helper);
    for (std::size_t r = 0; r < rows; ++r) {
      float* g_row = gu + r * 2 * dff;
      add_bias(w.gate.bias, dff, g_row, 1);
      add_bias(w.up.bias, dff, g_row + dff, 1);
      const auto g = vec(static_cast<const float*>(g_row), dff);
      const auto u = vec(static_cast<const float*>(g_row + dff), dff);
      auto hv = vec(h + r * dff, dff);
      with_activation(w.activation, [&](auto a) { xt::noalias(hv) = activation_expression<decltype(a)>(g) * u; });
    }
  } else {
    float* u = ws.buffer(slot + 1, rows * dff);
    linear_rows(w.gate, x, rows, h, helper);
    linear_rows(w.up, x, rows, u, helper);
    auto hv = vec(h, rows * dff);
    const auto uv = vec(static_cast<const float*>(u), rows * dff);
    // The activation applies to the gate, never to up.
    with_activation(w.activation, [&](auto a) { xt::noalias(hv) = activation_expression<decltype(a)>(hv) * uv; });
  }
  linear_rows(w.down, h, rows, y, helper);
}

/**
 * An MoE layer on `rows` rows: `expert(e)` and `shared(s)` give the experts' views. Routing is
 * Mixtral's: softmax over all logits, the top k, renormalised; each expert runs on its tokens only.
 * Returns how many routed experts the tokens hit (the others' weights are not read).
 */
template<typename ExpertView, typename SharedView>
std::size_t moe_rows(const linear_view& router, std::size_t n_experts, std::size_t k, ExpertView expert,
                     std::size_t n_shared, SharedView shared, const float* x, std::size_t rows, float* y, workspace& ws,
                     std::size_t slot = 0)
{
  const std::size_t d = router.in;
  float* logits = ws.buffer(slot, rows * n_experts);
  linear_rows(router, x, rows, logits);
  std::vector<std::size_t>& order = ws.indices(slot);
  order.resize(n_experts);
  std::vector<std::size_t>& chosen = ws.indices(slot + 1);  // rows·k expert ids
  chosen.resize(rows * k);
  float* gate_weights = ws.buffer(slot + 1, rows * k);
  for (std::size_t t = 0; t < rows; ++t) {
    float* l = logits + t * n_experts;
    const float m = *std::max_element(l, l + n_experts);
    float sum = 0;
    for (std::size_t e = 0; e < n_experts; ++e) sum += (l[e] = std::exp(l[e] - m));
    for (std::size_t e = 0; e < n_experts; ++e) l[e] /= sum;
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                      [&](std::size_t a, std::size_t b) { return l[a] > l[b] || (l[a] == l[b] && a < b); });
    float top = 0;
    for (std::size_t i = 0; i < k; ++i) top += l[order[i]];
    for (std::size_t i = 0; i < k; ++i) {
      chosen[t * k + i] = order[i];
      gate_weights[t * k + i] = l[order[i]] / top;
    }
  }

  std::fill(y, y + rows * d, 0.0f);
  // Each expert on the tokens routed to it only: gather, run, scatter with the weights.
  std::vector<std::size_t>& routed = ws.indices(slot + 2);
  float* gathered = ws.buffer(slot + 2, rows * d);
  float* expert_out = ws.buffer(slot + 3, rows * d);
  std::size_t hit = 0;
  for (std::size_t e = 0; e < n_experts; ++e) {
    routed.clear();
    for (std::size_t t = 0; t < rows; ++t)
      for (std::size_t i = 0; i < k; ++i)
        if (chosen[t * k + i] == e) routed.push_back(t * k + i);
    if (routed.empty()) continue;
    ++hit;
    for (std::size_t r = 0; r < routed.size(); ++r) std::copy_n(x + (routed[r] / k) * d, d, gathered + r * d);
    ffn_rows(expert(e), gathered, routed.size(), expert_out, ws, slot + 4);
    for (std::size_t r = 0; r < routed.size(); ++r) {
      auto out_row = vec(y + (routed[r] / k) * d, d);
      const auto expert_row = vec(static_cast<const float*>(expert_out + r * d), d);
      xt::noalias(out_row) = out_row + gate_weights[routed[r]] * expert_row;
    }
  }
  // Shared experts: every token, weight one.
  for (std::size_t s = 0; s < n_shared; ++s) {
    ffn_rows(shared(s), x, rows, expert_out, ws, slot + 4);
    auto all = vec(y, rows * d);
    xt::noalias(all) = all + vec(static_cast<const float*>(expert_out), rows * d);
  }
  ws.set_experts_hit(hit);
  return hit;
}

template<typename Spec>
void spec_rows(const weights<Spec>& w, const float* x, std::size_t rows, float* y, workspace& ws)
{
  if constexpr (MoeFfn<Spec>)
    moe_rows(
        view_of(w.router), w.experts.size(), static_cast<std::size_t>(Spec::top_k),
        [&](std::size_t e) { return view_of(w.experts[e]); }, w.shared.size(),
        [&](std::size_t s) { return view_of(w.shared[s]); }, x, rows, y, ws);
  else
    ffn_rows(view_of(w), x, rows, y, ws);
}

}  // namespace detail

/**
 * @brief `Spec` on `x`, into `y`, with scratch space from `ws`.
 *
 * `X` must be `[..., D]`: another last dimension is rule 4's compile error.
 */
template<typename Spec, Shape X>
void forward(const weights<Spec>& w, const tensor<X>& x, tensor<ffn_output_t<Spec, X>>& y, workspace& ws)
{
  const std::size_t rows = x.size() / static_cast<std::size_t>(Spec::model_dim::extent);
  if (y.size() != x.size())
    throw tensor_shape_error("forward: output tensor '" + y.name() + "' has " + std::to_string(y.size()) +
                             " values for an input of " + std::to_string(x.size()));
  detail::spec_rows(w, x.data().data(), rows, y.data().data(), ws);
}

/// `Spec` on `x`: a new `[..., D]` tensor.
template<typename Spec, Shape X>
tensor<ffn_output_t<Spec, X>> forward(const weights<Spec>& w, const tensor<X>& x)
{
  typename tensor<ffn_output_t<Spec, X>>::extents_type extents{};
  std::copy(x.data().shape().begin(), x.data().shape().end(), extents.begin());
  auto y = tensor<ffn_output_t<Spec, X>>::zeros("output", extents);
  workspace ws;
  forward(w, x, y, ws);
  return y;
}

}  // namespace shapeproof::runtime

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
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif
#include <xsimd/xsimd.hpp>

#include <shapeproof/io/ggml_quant.hpp>
#include <shapeproof/io/safetensors.hpp>
#include <shapeproof/runtime/activation.hpp>
#include <shapeproof/runtime/bf16_dot.hpp>
#include <shapeproof/runtime/loaders.hpp>
#include <shapeproof/runtime/panel_gemm.hpp>
#include <shapeproof/runtime/quant_dot.hpp>
#include <shapeproof/runtime/quant_gemm.hpp>
#include <shapeproof/runtime/quant_strips.hpp>
#include <shapeproof/runtime/tensor.hpp>
#include <shapeproof/runtime/weights.hpp>
#include <shapeproof/variants/ffn_concepts.hpp>

#include <xtensor/xadapt.hpp>
#include <xtensor/xnoalias.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <vector>

namespace shapeproof::runtime {

namespace detail {

/// A second thread that runs one task at a time beside the caller, started once and reused: a
/// call allocates nothing (the task is a function pointer and its argument).
///
/// Each side waits for the other first by polling, yielding its core between polls, for up to
/// `poll_for`, and only then sleeps on a condition variable. A layer at one token hands the helper
/// 3 tasks per FFN, 3 per routed expert, each of tens to hundreds of microseconds: waking a
/// sleeping thread through the kernel at each of them cost more than the waits themselves. Yielding
/// rather than spinning leaves the core to any other thread that wants it: with 2 and 4 processes
/// of 2 threads at once on 2 cores, one token ran as fast as with the condition variable alone
/// (bench/README.md).
class helper_thread {
public:
  /// How long a side polls before it sleeps.
  static constexpr std::chrono::microseconds poll_for{200};

  helper_thread() : thread_([this] { serve(); }) {}
  helper_thread(const helper_thread&) = delete;
  helper_thread& operator=(const helper_thread&) = delete;
  ~helper_thread()
  {
    stop_.store(true, std::memory_order_release);
    signal(wake_);
    thread_.join();
  }
  /// Runs `task(argument)` on the helper while the caller runs `own(own_argument)`; returns when both are done.
  void run_beside(void (*task)(void*), void* argument, void (*own)(void*), void* own_argument)
  {
    // The helper reads the task only after it sees the new count, and has finished with the last
    // one before its count was done
    task_ = task;
    argument_ = argument;
    const unsigned long n = posted_.load(std::memory_order_relaxed) + 1;
    posted_.store(n, std::memory_order_release);
    signal(wake_);
    own(own_argument);
    wait_until(finished_, [&] { return done_.load(std::memory_order_acquire) == n; });
  }

private:
  void serve()
  {
    unsigned long seen = 0;
    for (;;) {
      wait_until(wake_, [&] {
        return stop_.load(std::memory_order_acquire) || posted_.load(std::memory_order_acquire) != seen;
      });
      if (stop_.load(std::memory_order_acquire)) return;
      seen = posted_.load(std::memory_order_acquire);
      task_(argument_);
      done_.store(seen, std::memory_order_release);
      signal(finished_);
    }
  }
  // Polls `ready` for up to poll_for, then sleeps on cv until it holds.
  template<class P>
  void wait_until(std::condition_variable& cv, const P& ready)
  {
    const auto until = std::chrono::steady_clock::now() + poll_for;
    while (!ready()) {
      if (std::chrono::steady_clock::now() >= until) {
        std::unique_lock lock(mutex_);
        cv.wait(lock, ready);
        return;
      }
      std::this_thread::yield();
    }
  }
  // Wakes cv's sleeper, if any. The lock orders the change before this with the sleeper's last
  // look at it (made under the lock), so that a change made just before it sleeps still wakes it.
  void signal(std::condition_variable& cv)
  {
    {
      std::lock_guard lock(mutex_);
    }
    cv.notify_one();
  }

  std::mutex mutex_;
  std::condition_variable wake_, finished_;
  void (*task_)(void*) = nullptr;
  void* argument_ = nullptr;
  std::atomic<unsigned long> posted_{0}, done_{0};
  std::atomic<bool> stop_{false};
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
  /// Room for `n` floats of weights converted from bf16 or f16 (no allocation once it has had that much).
  float* conversion_buffer(std::size_t n)
  {
    if (conversion_.size() < n) conversion_.resize(n);
    return conversion_.data();
  }
  /// How many routed experts the last MoE pass through this workspace ran (their weights were
  /// read; the others' were not).
  std::size_t experts_hit() const { return experts_hit_; }
  void set_experts_hit(std::size_t n) { experts_hit_ = n; }
  /// Whether quantized weights take the integer path (`quant_dot.hpp`): x quantized to 8 bits per
  /// group of 32, integer dot products; up to 64 rows over blocks as stored, any number over strips
  /// (`quant_strips.hpp`). Off by default: x stays f32.
  bool integer_dot() const { return integer_dot_; }
  void set_integer_dot(bool on) { integer_dot_ = on; }
  /// Rows of x quantized for the integer path.
  detail::q8_rows& quantized_rows() { return quantized_; }
  /// Two buffers of `n` floats each, 64-byte aligned, one for each side of a split over the helper
  /// thread: the slices of panels that quantized weights are dequantized into (`quant_panel_rows`).
  /// Made before the work is split, so that the sides allocate nothing; no allocation once they
  /// have had that much.
  std::array<float*, 2> slice_buffers(std::size_t n)
  {
    constexpr std::size_t line = 64 / sizeof(float);
    const std::size_t each = (n + line - 1) / line * line;
    if (slices_.size() < 2 * each) slices_.resize(2 * each);
    return {slices_.data(), slices_.data() + each};
  }
  /// Whether bf16 weights in panels take the bf16 dot path (`bf16_dot.hpp`) from
  /// `bf16_dot_rows_min` rows: x rounded to bf16 (8 bits of significand), pairs of products summed
  /// in f32 (AVX-512 BF16's `vdpbf16ps`). Off by default: x stays f32.
  bool bf16_dot() const { return bf16_dot_; }
  void set_bf16_dot(bool on) { bf16_dot_ = on; }
  /// Rows of x rounded to bf16 for the bf16 dot path.
  detail::bf16_rows& rounded_rows() { return bf16_rows_; }
  /// The helper thread for kernels that split their work in two, started on first use; null on
  /// a machine with one core.
  detail::helper_thread* helper()
  {
    if (!helper_ && std::thread::hardware_concurrency() > 1) helper_ = std::make_unique<detail::helper_thread>();
    return helper_.get();
  }

private:
  std::vector<float> conversion_;
  std::vector<float, detail::line_aligned_allocator<float>> slices_;
  std::size_t experts_hit_ = 0;
  bool integer_dot_ = false, bf16_dot_ = false;
  detail::q8_rows quantized_;
  detail::bf16_rows bf16_rows_;
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

// y[rows, out] = x[rows, in] · W_io[in, out]: the same product over weights stored transposed
// once (`linear_weights::store_in_out`), which sgemm packs faster than `[out, in]`.
inline void sgemm_xw(const float* x, std::size_t rows, std::size_t in, const float* w_in_out, std::size_t out, float* y)
{
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<blasint>(rows), static_cast<blasint>(out),
              static_cast<blasint>(in), 1.0f, x, static_cast<blasint>(in), w_in_out, static_cast<blasint>(out), 0.0f, y,
              static_cast<blasint>(out));
}

/// How a projection's weights are stored: f32, or as the checkpoint stored them, bf16 or f16, or
/// in GGUF's quantized blocks (converted to f32 as they are loaded into registers, or multiplied as
/// integers by x quantized to 8 bits on the integer path, `workspace::set_integer_dot`; the
/// outputs accumulate in f32).
enum class weight_dtype { f32, bf16, f16, q8_0, q4_0, q4_k, q6_k };

/// Whether weights of this dtype are GGUF blocks (`linear_view::weight_q`).
constexpr bool is_quantized(weight_dtype t) { return t >= weight_dtype::q8_0; }

// y[r, o] += x[r, i0:i1] · W[o, i0:i1] for R rows and the K outputs from o: K·R vector
// accumulators, each W row chunk loaded once per R rows (from memory for the first R, then L1).
// The 4 × 4 tile is written out: sixteen named accumulators, which compilers keep in registers
// where they spill an array of them.
template<typename L, std::size_t K, std::size_t R>
void few_rows_tile(const float* x, std::size_t in, const typename L::type* w, std::size_t o, std::size_t i0,
                   std::size_t i1, float* y, std::size_t out)
{
  using batch = xsimd::batch<float>;
  constexpr std::size_t B = batch::size;
  const std::size_t vec_end = i0 + (i1 - i0) / B * B;
  std::array<std::array<float, R>, K> sums{};
  if constexpr (K == 4 && R == 4) {
    batch a00(0.0f), a01(0.0f), a02(0.0f), a03(0.0f), a10(0.0f), a11(0.0f), a12(0.0f), a13(0.0f);
    batch a20(0.0f), a21(0.0f), a22(0.0f), a23(0.0f), a30(0.0f), a31(0.0f), a32(0.0f), a33(0.0f);
    const auto *w0 = w + o * in, *w1 = w0 + in, *w2 = w1 + in, *w3 = w2 + in;
    const float *x0 = x, *x1 = x + in, *x2 = x1 + in, *x3 = x2 + in;
    for (std::size_t i = i0; i < vec_end; i += B) {
      const batch v0 = L::load(w0 + i), v1 = L::load(w1 + i), v2 = L::load(w2 + i), v3 = L::load(w3 + i);
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
    sums = {{{xsimd::hadd(a00), xsimd::hadd(a01), xsimd::hadd(a02), xsimd::hadd(a03)},
             {xsimd::hadd(a10), xsimd::hadd(a11), xsimd::hadd(a12), xsimd::hadd(a13)},
             {xsimd::hadd(a20), xsimd::hadd(a21), xsimd::hadd(a22), xsimd::hadd(a23)},
             {xsimd::hadd(a30), xsimd::hadd(a31), xsimd::hadd(a32), xsimd::hadd(a33)}}};
  } else {
    std::array<std::array<batch, R>, K> acc;
    for (auto& a : acc) a.fill(batch(0.0f));
    for (std::size_t i = i0; i < vec_end; i += B) {
      std::array<batch, K> wv;
      for (std::size_t k = 0; k < K; ++k) wv[k] = L::load(w + (o + k) * in + i);
      for (std::size_t r = 0; r < R; ++r) {
        const batch xv = batch::load_unaligned(x + r * in + i);
        for (std::size_t k = 0; k < K; ++k) acc[k][r] = xsimd::fma(xv, wv[k], acc[k][r]);
      }
    }
    for (std::size_t k = 0; k < K; ++k)
      for (std::size_t r = 0; r < R; ++r) sums[k][r] = xsimd::hadd(acc[k][r]);
  }
  for (std::size_t k = 0; k < K; ++k)
    for (std::size_t r = 0; r < R; ++r) {
      float s = sums[k][r];
      for (std::size_t i = vec_end; i < i1; ++i) s += x[r * in + i] * L::scalar(w[(o + k) * in + i]);
      y[r * out + o + k] += s;
    }
}

template<typename L, std::size_t K>
void few_rows_outputs(const float* x, std::size_t rows, std::size_t in, const typename L::type* w, std::size_t o,
                      float* y, std::size_t out)
{
  std::size_t r = 0;
  for (; r + 4 <= rows; r += 4) few_rows_tile<L, K, 4>(x + r * in, in, w, o, 0, in, y + r * out, out);
  if (rows - r >= 2) {
    few_rows_tile<L, K, 2>(x + r * in, in, w, o, 0, in, y + r * out, out);
    r += 2;
  }
  if (r < rows) few_rows_tile<L, K, 1>(x + r * in, in, w, o, 0, in, y + r * out, out);
}

// y[:, o_begin:o_end] = x · W[o_begin:o_end]ᵀ for a few rows of x, four whole rows of W at a
// time: each is streamed from memory once (four long sequential reads, which the prefetchers
// follow; chunking `in` measured slower) and reused from cache for every four rows of x.
template<typename L>
void few_rows(const float* x, std::size_t rows, std::size_t in, const typename L::type* w, std::size_t o_begin,
              std::size_t o_end, float* y, std::size_t out)
{
  for (std::size_t r = 0; r < rows; ++r) std::fill(y + r * out + o_begin, y + r * out + o_end, 0.0f);
  std::size_t o = o_begin;
  for (; o + 4 <= o_end; o += 4) few_rows_outputs<L, 4>(x, rows, in, w, o, y, out);
  for (; o < o_end; ++o) few_rows_outputs<L, 1>(x, rows, in, w, o, y, out);
}

// f(o_begin, o_end) over the outputs [0, out): split in two, at whole cache lines of y, over the
// caller and the helper thread when there is one and the `work` (in · out) is worth it.
template<class F>
void split_outputs(helper_thread* helper, std::size_t work, std::size_t out, const F& f, std::size_t grain = 16)
{
  if (!helper || work < (std::size_t{1} << 16) || out < 2 * grain) return f(std::size_t{0}, out);
  struct part {
    const F* f;
    std::size_t begin, end;
    static void run(void* p)
    {
      const auto* t = static_cast<const part*>(p);
      (*t->f)(t->begin, t->end);
    }
  };
  const std::size_t half = out / 2 / grain * grain;
  part first{&f, 0, half}, second{&f, half, out};
  helper->run_beside(&part::run, &second, &part::run, &first);
}

/// The most rows the streaming kernel takes; beyond, sgemm (which packs W) is faster.
inline constexpr std::size_t few_rows_max = 16;

/// Whether `rows` rows of `x · Wᵀ`, W `[out, in]`, run faster streaming W than in sgemm: up to 8
/// rows always (one row too: as fast as sgemv, and f32 and 16-bit weights then share one kernel,
/// with no BLAS threads left spinning on the core the helper thread needs); up to 16 when W is large (measured: at D
/// 1024, Dff 2816 sgemm wins from 12 to 16 rows; at D 4096, Dff 11008 streaming still wins at 16; see bench/README.md).
constexpr bool few_rows_worth(std::size_t rows, std::size_t in, std::size_t out)
{
  return rows >= 1 && (rows <= 8 || (rows <= few_rows_max && in * out >= (std::size_t{8} << 20)));
}

// y = x · Wᵀ for up to `few_rows_max` rows, W streamed once per call rather than packed; the
// output rows split over the caller and the workspace's helper thread when there is one.
template<typename L = f32_loader>
void gemm_few_rows(const float* x, std::size_t rows, std::size_t in, const typename L::type* w, std::size_t out,
                   float* y, helper_thread* helper)
{
  split_outputs(helper, in * out, out,
                [&](std::size_t b, std::size_t e) { few_rows<L>(x, rows, in, w, b, e, y, out); });
}

// y[rows, o] = x · Wᵀ for 16-bit weights and many rows: W converted to f32 a block of rows at a
// time into `buffer` (a few MB, so it stays in cache for sgemm), each block one sgemm.
template<typename L>
void gemm_converted_blocks(const float* x, std::size_t rows, std::size_t in, const std::uint16_t* w, std::size_t out,
                           float* y, float* buffer, std::size_t block_rows)
{
  using batch = xsimd::batch<float>;
  constexpr std::size_t B = batch::size;
  for (std::size_t o0 = 0; o0 < out; o0 += block_rows) {
    const std::size_t n = std::min(block_rows, out - o0);
    const std::uint16_t* src = w + o0 * in;
    const std::size_t count = n * in, vec_end = count / B * B;
    for (std::size_t i = 0; i < vec_end; i += B) L::load(src + i).store_unaligned(buffer + i);
    for (std::size_t i = vec_end; i < count; ++i) buffer[i] = L::scalar(src[i]);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<blasint>(rows), static_cast<blasint>(n),
                static_cast<blasint>(in), 1.0f, x, static_cast<blasint>(in), buffer, static_cast<blasint>(in), 0.0f,
                y + o0, static_cast<blasint>(out));
  }
}

// y = x · Wᵀ for up to `few_rows_max` rows of x and W in blocks of format Q (quant_gemm.hpp), the
// outputs split over the caller and the helper thread when there is one.
template<class Q>
void gemm_quant_few_rows(const float* x, std::size_t rows, std::size_t in, const unsigned char* w, std::size_t out,
                         float* y, helper_thread* helper)
{
  split_outputs(helper, in * out, out,
                [&](std::size_t b, std::size_t e) { quant_rows<Q>(x, rows, in, w, b, e, y, out); });
}

// The same on the integer path (quant_dot.hpp): rows [r0, r0 + rows) of the quantized x.
template<class Q>
void gemm_int_few_rows(const q8_rows& x, std::size_t r0, std::size_t rows, const unsigned char* w, std::size_t out,
                       float* y, helper_thread* helper)
{
  split_outputs(helper, x.in * out, out,
                [&](std::size_t b, std::size_t e) { int_rows<Q>(x, r0, rows, w, b, e, y, out); });
}

/// Panels of quantized W dequantized together, a slice of each at a time, in `quant_panel_rows`:
/// as many as fill 256 KiB (half of a Zen 3 core's L2) with f32 slices: 16 with AVX2, 8 with
/// AVX-512. Each tile of x's rows then passes over every panel of the group while its rows are in
/// L1, so x comes from L2 or beyond once per group, not once per panel. One thread, 512 rows,
/// Q4_K, AMD EPYC (Zen 3), against one panel at a time: 11008 inputs by 4096 outputs (x is 21.5
/// MiB, likely not kept in the 32 MiB L3 with W streaming through it) 54 → 80 GFLOP/s, 4096 by
/// 11008 63 → 79; groups of 4 and 8 panels 72 to 77; 64 rows within 5%. On a Zen 5 (AVX-512, 1
/// MiB of L2), the whole layer at 512 tokens: groups of 16 panels level with 8, of 32 slower.
inline constexpr std::size_t quant_panel_group = (256u << 10) / (panel_width * panel_depth * sizeof(float));
/// The floats of a group's slices.
inline constexpr std::size_t quant_panel_slice_floats = quant_panel_group * panel_width * panel_depth;

// y[:, outputs of panels p0 to p1] = x · Wᵀ for quantized W in the panel GEMM's tiles: the panels,
// `quant_panel_group` at a time, are dequantized `panel_depth` inputs at a time (whole blocks: 32
// or 256 values) and laid out as slices of panels, over which every tile of x's rows passes, panel
// after panel. W is read once; each weight is dequantized once per call, which many rows repay.
// `slices`: room for `quant_panel_slice_floats`, 64-byte aligned (`workspace::slice_buffers`).
template<class Q>
void quant_panel_rows(const float* x, std::size_t rows, std::size_t in, const unsigned char* w, std::size_t out,
                      std::size_t p0, std::size_t p1, float* y, float* slices)
{
  constexpr std::size_t NR = panel_width, depth = panel_depth, MR = panel_tile_rows;
  static_assert(depth % Q::values == 0, "a slice of a panel holds whole blocks");
  using tile = fma_tile<f32_loader>;
  const std::size_t row_bytes = in / Q::values * Q::bytes;
  alignas(64) std::array<float, NR * depth> dense;
  for (std::size_t g0 = p0; g0 < p1; g0 += quant_panel_group) {
    const std::size_t g1 = std::min(p1, g0 + quant_panel_group);
    for (std::size_t k0 = 0; k0 < in; k0 += depth) {
      const std::size_t n = std::min(in, k0 + depth) - k0;
      for (std::size_t p = g0; p < g1; ++p) {
        const std::size_t cols = std::min(NR, out - p * NR);
        for (std::size_t j = 0; j < cols; ++j)
          dequantize_blocks<Q>(w + (p * NR + j) * row_bytes + k0 / Q::values * Q::bytes, n, dense.data() + j * depth);
        float* slice = slices + (p - g0) * NR * depth;
        for (std::size_t i = 0; i < n; ++i)
          for (std::size_t j = 0; j < NR; ++j) slice[i * NR + j] = j < cols ? dense[j * depth + i] : 0.0f;
      }
      for (std::size_t r = 0; r < rows; r += MR)
        for (std::size_t p = g0; p < g1; ++p)
          panel_tile_of<tile, MR>(std::min(MR, rows - r), x + r * in + k0, in, slices + (p - g0) * NR * depth, 0, n,
                                  y + r * out + p * NR, out, std::min(NR, out - p * NR), k0 == 0, false);
    }
  }
}

/// The fewest rows for which quantized weights are dequantized into the panel GEMM's tiles
/// (`quant_panel_rows`) rather than streamed with x in f32. First measured at D 4096, Dff 11008
/// against streaming, with AVX-512 and before the groups of panels and the kernels' prefetches
/// (bench/README.md): 1.2 to 1.6 times as fast at 64 rows in every type, 1.7 to 2 times sgemm on
/// converted blocks at 512; at 32 rows as fast or slower, at 16 and fewer far slower. Measured again
/// with both (AMD EPYC, Zen 5, AVX-512, the two thresholds' builds alternating, ms per layer), the
/// panels win from 32 rows: faster in 12 of 14 pairs at 32 rows (Q8_0, Q4_K and Q6_K four rounds,
/// Q4_0 two; Q8_0 52.6 to 67.0 against 66.8 to 75.5, Q6_K 50.2 to 63.0 against 68.3 to 74.8) and
/// in 4 of 4 at 48 (Q8_0 65.9 and 74.7 against 103.7 and 113.9, Q4_K 60.8 and 76.4 against 92.4 and
/// 95.2), slower in 6 of 6 at 16 (Q8_0, Q4_K, Q4_0; Q4_0 51.0 and 79.4 against 32.9 and 33.4).
/// Once the streamed tiles read W once for every 16 rows rather than once a tile of 8, the panels
/// still won at 32 rows in 5 of 6 pairs, level in the sixth (Q8_0 71.7 and 51.7 against 71.6 and
/// 60.2, Q4_K 62.1 and 43.7 against 73.7 and 57.0, Q6_K 49.8 and 47.0 against 61.8 and 63.9).
/// Without AVX-512 (panels 16 outputs wide) 32 rows were not measured again, and 64 stays.
inline constexpr std::size_t quant_panel_rows_min = panel_width >= 32 ? 32 : 64;

// f(Q{}) for the block reader of a quantized dtype; another dtype is a `std::logic_error`.
template<class F>
decltype(auto) with_quant_blocks(weight_dtype t, F&& f)
{
  switch (t) {
    case weight_dtype::q8_0:
      return f(q8_0_blocks{});
    case weight_dtype::q4_0:
      return f(q4_0_blocks{});
    case weight_dtype::q4_k:
      return f(q4_k_blocks{});
    case weight_dtype::q6_k:
      return f(q6_k_blocks{});
    default:
      throw std::logic_error("with_quant_blocks: not a quantized weight dtype");
  }
}

/// The most rows 16-bit weights (and GGUF's blocks on the integer path, `linear_rows`) stream
/// through the few-rows kernel, 16 rows per pass over W; beyond, blocks converted for sgemm. Measured at D 4096, Dff
/// 11008 against f32 (bench/README.md): streamed, 1.46x f32's speed at 32 rows and 1.15x at 64, 0.71x at 128;
/// converted, 0.81x, 0.87x and 0.92x.
inline constexpr std::size_t streamed_rows_max_16bit = 64;

/// Rows of W converted per block when 16-bit weights meet many rows of x: up to 32 MB of f32 (at
/// D 4096, Dff 11008 blocks of 2048 rows, six sgemm calls per projection). Measured against f32
/// at T = 32 in bench/ffn_bench.cpp: blocks of 4, 8, 32 and 64 MB ran at 0.34x, 0.40x, 0.82x and
/// 0.79x f32's speed (narrow sgemm calls do not amortise their packing and threading; beyond
/// 32 MB nothing is gained and the buffer grows). The conversion pass is what is left: fusing it
/// into a GEMM's packing would need a GEMM of our own.
inline std::size_t conversion_block_rows(std::size_t in)
{
  return std::max<std::size_t>(64, (std::size_t{8} << 20) / std::max<std::size_t>(in, 1) / 16 * 16);
}

// The same product as the forward pass computes it: up to a few rows stream W once with
// `gemm_few_rows` (sgemm would pack it on every call, and sgemm with one row measured slower than
// streaming); more rows are sgemm's.
inline void gemm_xwt(const float* x, std::size_t rows, std::size_t in, const float* w, std::size_t out, float* y,
                     bool accumulate = false, helper_thread* helper = nullptr)
{
  if (!accumulate && few_rows_worth(rows, in, out)) {
    gemm_few_rows<f32_loader>(x, rows, in, w, out, y, helper);
    return;
  }
  if (rows == 1) {
    cblas_sgemv(CblasRowMajor, CblasNoTrans, static_cast<blasint>(out), static_cast<blasint>(in), 1.0f, w,
                static_cast<blasint>(in), x, 1, accumulate ? 1.0f : 0.0f, y, 1);
    return;
  }
  if (!accumulate && out <= 64) {
    // A router's few outputs: too small for sgemm's threads, whose spinning after a call would
    // take the core the next few-rows kernel's helper thread runs on
    few_rows<f32_loader>(x, rows, in, w, 0, out, y, out);
    return;
  }
  sgemm_xwt(x, rows, in, w, out, y, accumulate);
}

inline auto vec(float* p, std::size_t n) { return xt::adapt(p, n, xt::no_ownership(), std::array<std::size_t, 1>{n}); }
inline auto vec(const float* p, std::size_t n)
{
  return xt::adapt(p, n, xt::no_ownership(), std::array<std::size_t, 1>{n});
}

/// A projection's weights as pointers: `weight` is `[out, in]`, `bias` `[out]` or null; weights
/// kept in bf16 or f16 are `weight16` instead, with their `dtype`. `weight_in_out`, when not null,
/// holds the f32 weights again transposed, `[in, out]`, for many rows. `panels`, when not null,
/// holds them again repacked (`pack_panels`, in `dtype`: f32, bf16 or f16), which every row count then runs over.
struct linear_view {
  const float* weight = nullptr;
  const float* bias = nullptr;
  std::size_t in = 0, out = 0;
  const std::uint16_t* weight16 = nullptr;
  weight_dtype dtype = weight_dtype::f32;
  const float* weight_in_out = nullptr;
  const unsigned char* weight_q = nullptr;  ///< GGUF blocks, each row `in / block` of them, when quantized
  const void* panels = nullptr;             ///< W as `pack_panels` repacks it, in `dtype`
  const unsigned char* strips = nullptr;    ///< GGUF blocks repacked in strips (`pack_strips`), or null
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

// The run-time dtype of a typed block type.
template<BlockWeightDtype T>
inline constexpr weight_dtype block_dtype = std::same_as<T, q8_0>   ? weight_dtype::q8_0
                                            : std::same_as<T, q4_0> ? weight_dtype::q4_0
                                            : std::same_as<T, q4_k> ? weight_dtype::q4_k
                                                                    : weight_dtype::q6_k;

template<Linear L, typename T>
linear_view view_of(const linear_weights<L, T>& w)
{
  const float* bias = nullptr;
  if constexpr (L::has_bias) bias = w.bias.data().data();
  const auto in = static_cast<std::size_t>(L::in::extent), out = static_cast<std::size_t>(L::out::extent);
  const void* panels = nullptr;
  if constexpr (!BlockWeightDtype<T>) panels = w.panels.empty() ? nullptr : w.panels.data();
  if constexpr (std::is_same_v<T, f32>)
    return {w.weight.data().data(),
            bias,
            in,
            out,
            nullptr,
            weight_dtype::f32,
            w.weight_in_out ? w.weight_in_out->data() : nullptr,
            nullptr,
            panels};
  else if constexpr (BlockWeightDtype<T>)
    return {nullptr, bias, in, out, nullptr, block_dtype<T>, nullptr, w.weight.blocks.data()};
  else
    return {nullptr,
            bias,
            in,
            out,
            w.weight.bits.data(),
            std::is_same_v<T, bf16> ? weight_dtype::bf16 : weight_dtype::f16,
            nullptr,
            nullptr,
            panels};
}

template<typename Spec, typename T>
  requires DenseFfn<Spec> || GatedFfn<Spec> ffn_view view_of(const weights<Spec, T>& w)
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

// y = x · Wᵀ over W's panels (panel_gemm.hpp), the panels split over the caller and the helper.
inline void gemm_panels(const linear_view& w, const float* x, std::size_t rows, float* y, helper_thread* helper)
{
  auto run = [&]<class L>(L) {
    const auto* panels = static_cast<const typename L::type*>(w.panels);
    split_outputs(
        helper, w.in * w.out, panel_count(w.out),
        [&](std::size_t b, std::size_t e) { panel_rows<L>(x, rows, w.in, panels, b, e, y, w.out); }, 1);
  };
  if (w.dtype == weight_dtype::f32)
    run(f32_loader{});
  else if (w.dtype == weight_dtype::bf16)
    run(bf16_loader{});
  else if (w.dtype == weight_dtype::f16)
    run(f16_loader{});
  else
    throw std::logic_error("gemm_panels: GGUF blocks are not repacked in panels");
}

inline void linear_rows(const linear_view& w, const float* x, std::size_t rows, float* y, workspace& ws,
                        helper_thread* helper = nullptr)
{
  if (w.panels && w.dtype == weight_dtype::bf16 && ws.bf16_dot() && rows >= bf16_dot_rows_min) {
    // The bf16 dot path, when chosen: x rounded once, then the panels split as below
    round_rows_to_bf16(x, rows, w.in, ws.rounded_rows());
    const auto* panels = static_cast<const std::uint16_t*>(w.panels);
    split_outputs(
        helper ? helper : ws.helper(), w.in * w.out, panel_count(w.out),
        [&](std::size_t b, std::size_t e) { bf16_dot_rows(ws.rounded_rows(), panels, b, e, y, w.out); }, 1);
  } else if (w.panels) {
    gemm_panels(w, x, rows, y, helper ? helper : ws.helper());
  } else if (is_quantized(w.dtype)) {
    // Streamed 16 rows per pass below `quant_panel_rows_min` (64, or 32 with AVX-512), as 16-bit
    // weights are; from there, dequantized a slice of a group of panels at a time into the panel
    // GEMM's tiles, which only many rows repay
    with_quant_blocks(w.dtype, [&]<class Q>(Q) {
      using I = int_blocks<typename Q::dtype>;
      if (ws.integer_dot() && w.strips) {
        // The integer path over strips of 16 outputs, for any number of rows: x quantized once,
        // then blocks of 64 rows (their x stays in L2 while every strip passes under it)
        quantize_rows(x, rows, w.in, I::offset, ws.quantized_rows());
        for (std::size_t r0 = 0; r0 < rows; r0 += strip_rows_per_pass) {
          const std::size_t n = std::min(strip_rows_per_pass, rows - r0);
          split_outputs(
              helper ? helper : ws.helper(), w.in * w.out, strip_count(w.out),
              [&](std::size_t b, std::size_t e) {
                strip_rows<typename Q::dtype>(ws.quantized_rows(), r0, n, w.strips, b, e, y + r0 * w.out, w.out);
              },
              1);
        }
      } else if (!w.weight_q) {
        throw std::logic_error(
            "linear_rows: the GGUF blocks as stored were released by pack_strips; their strips run only on the "
            "integer path (workspace::set_integer_dot)");
      } else if (rows <= streamed_rows_max_16bit && ws.integer_dot() && w.in % I::values == 0) {
        // The integer path, when chosen: x quantized once, then passes of 16 rows as below
        quantize_rows(x, rows, w.in, I::offset, ws.quantized_rows());
        if (rows > few_rows_max && !helper) helper = ws.helper();
        for (std::size_t r0 = 0; r0 < rows; r0 += few_rows_max)
          gemm_int_few_rows<I>(ws.quantized_rows(), r0, std::min(few_rows_max, rows - r0), w.weight_q, w.out,
                               y + r0 * w.out, helper);
      } else if (rows < quant_panel_rows_min) {
        if (rows > few_rows_max && !helper) helper = ws.helper();
        for (std::size_t r0 = 0; r0 < rows; r0 += few_rows_max) {
          const std::size_t n = std::min(few_rows_max, rows - r0);
          gemm_quant_few_rows<Q>(x + r0 * w.in, n, w.in, w.weight_q, w.out, y + r0 * w.out, helper);
        }
      } else {
        // The caller's part begins at panel 0, the helper's after it
        const auto slices = ws.slice_buffers(quant_panel_slice_floats);
        split_outputs(
            helper ? helper : ws.helper(), w.in * w.out, panel_count(w.out),
            [&](std::size_t b, std::size_t e) {
              quant_panel_rows<Q>(x, rows, w.in, w.weight_q, w.out, b, e, y, slices[b == 0 ? 0 : 1]);
            },
            1);
      }
    });
  } else if (w.dtype == weight_dtype::f32) {
    if (w.weight_in_out && !few_rows_worth(rows, w.in, w.out))
      sgemm_xw(x, rows, w.in, w.weight_in_out, w.out, y);
    else
      gemm_xwt(x, rows, w.in, w.weight, w.out, y, false, helper);
  } else {
    // 16-bit weights: streamed and converted in registers up to 64 rows (one row included:
    // there is no 16-bit sgemv), converted a block at a time for sgemm beyond
    const bool bf16 = w.dtype == weight_dtype::bf16;
    if (rows <= streamed_rows_max_16bit) {
      // Streamed once per 16 rows: twice 16-bit W costs what one f32 read does, and no conversion pass
      if (rows > few_rows_max && !helper) helper = ws.helper();
      for (std::size_t r0 = 0; r0 < rows; r0 += few_rows_max) {
        const std::size_t n = std::min(few_rows_max, rows - r0);
        if (bf16)
          gemm_few_rows<bf16_loader>(x + r0 * w.in, n, w.in, w.weight16, w.out, y + r0 * w.out, helper);
        else
          gemm_few_rows<f16_loader>(x + r0 * w.in, n, w.in, w.weight16, w.out, y + r0 * w.out, helper);
      }
    } else {
      const std::size_t block = conversion_block_rows(w.in);
      float* buffer = ws.conversion_buffer(block * w.in);
      if (bf16)
        gemm_converted_blocks<bf16_loader>(x, rows, w.in, w.weight16, w.out, y, buffer, block);
      else
        gemm_converted_blocks<f16_loader>(x, rows, w.in, w.weight16, w.out, y, buffer, block);
    }
  }
  add_bias(w.bias, w.out, y, rows);
}

// The FFN on `rows` rows of x (row-major [rows, D]) into y ([rows, D]), with buffers from `slot` on.
inline void ffn_rows(const ffn_view& w, const float* x, std::size_t rows, float* y, workspace& ws, std::size_t slot = 0)
{
  const std::size_t d = w.up.in, dff = w.up.out;
  float* h = ws.buffer(slot, rows * dff);
  // The helper thread splits the few-rows kernel: for f32 weights from 2 rows on, for 16-bit and
  // quantized ones (streamed for one row too) from 1.
  const bool streamed =
      w.up.dtype == weight_dtype::f32 ? few_rows_worth(rows, d, dff) : rows <= streamed_rows_max_16bit;
  helper_thread* helper = streamed ? ws.helper() : nullptr;
  if (!w.gated) {
    linear_rows(w.up, x, rows, h, ws, helper);
    auto hv = vec(h, rows * dff);
    with_activation(w.activation, [&](auto a) { xt::noalias(hv) = activation_expression<decltype(a)>(hv); });
  } else if (w.fused_gate_up && !w.gate.panels && (streamed || !w.gate.weight_in_out)) {
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
    linear_rows(w.gate, x, rows, h, ws, helper);
    linear_rows(w.up, x, rows, u, ws, helper);
    auto hv = vec(h, rows * dff);
    const auto uv = vec(static_cast<const float*>(u), rows * dff);
    // The activation applies to the gate, never to up.
    with_activation(w.activation, [&](auto a) { xt::noalias(hv) = activation_expression<decltype(a)>(hv) * uv; });
  }
  linear_rows(w.down, h, rows, y, ws, helper);
}

/// Mixtral's routing of `rows` rows of x: softmax over all logits, the top k (ties to the lower
/// index), renormalised. `chosen[t·k + i]` is row t's i-th expert, `gate_weights[t·k + i]` its
/// weight. Scratch from `ws` at `slot`.
inline void route(const linear_view& router, std::size_t n_experts, std::size_t k, const float* x, std::size_t rows,
                  workspace& ws, std::size_t slot, std::vector<std::size_t>& chosen, float* gate_weights)
{
  float* logits = ws.buffer(slot, rows * n_experts);
  linear_rows(router, x, rows, logits, ws);
  std::vector<std::size_t>& order = ws.indices(slot);
  order.resize(n_experts);
  chosen.resize(rows * k);
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
}

/**
 * An MoE layer on `rows` rows: `expert(e)` and `shared(s)` give the experts' views. Routing is
 * Mixtral's (`route`); each expert runs on its tokens only.
 * How many routed experts the tokens hit (the others' weights are not read) is left in
 * `ws.experts_hit()`.
 */
template<typename ExpertView, typename SharedView>
void moe_rows(const linear_view& router, std::size_t n_experts, std::size_t k, ExpertView expert, std::size_t n_shared,
              SharedView shared, const float* x, std::size_t rows, float* y, workspace& ws, std::size_t slot = 0)
{
  const std::size_t d = router.in;
  std::vector<std::size_t>& chosen = ws.indices(slot + 1);  // rows·k expert ids
  float* gate_weights = ws.buffer(slot + 1, rows * k);
  route(router, n_experts, k, x, rows, ws, slot, chosen, gate_weights);

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
}

template<typename Spec, typename T>
void spec_rows(const weights<Spec, T>& w, const float* x, std::size_t rows, float* y, workspace& ws)
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
template<typename Spec, typename T, Shape X>
void forward(const weights<Spec, T>& w, const tensor<X>& x, tensor<ffn_output_t<Spec, X>>& y, workspace& ws)
{
  const std::size_t rows = x.size() / static_cast<std::size_t>(Spec::model_dim::extent);
  if (y.size() != x.size())
    throw tensor_shape_error("forward: output tensor '" + y.name() + "' has " + std::to_string(y.size()) +
                             " values for an input of " + std::to_string(x.size()));
  detail::spec_rows(w, x.data().data(), rows, y.data().data(), ws);
}

/// `Spec` on `x`: a new `[..., D]` tensor.
template<typename Spec, typename T, Shape X>
tensor<ffn_output_t<Spec, X>> forward(const weights<Spec, T>& w, const tensor<X>& x)
{
  typename tensor<ffn_output_t<Spec, X>>::extents_type extents{};
  std::copy(x.data().shape().begin(), x.data().shape().end(), extents.begin());
  auto y = tensor<ffn_output_t<Spec, X>>::zeros("output", extents);
  workspace ws;
  forward(w, x, y, ws);
  return y;
}

}  // namespace shapeproof::runtime

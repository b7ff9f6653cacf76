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

#include <shapeproof/runtime/activation.hpp>
#include <shapeproof/runtime/tensor.hpp>
#include <shapeproof/runtime/weights.hpp>
#include <shapeproof/variants/ffn_concepts.hpp>

#include <xtensor/xadapt.hpp>
#include <xtensor/xnoalias.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <deque>
#include <numeric>
#include <string_view>
#include <type_traits>
#include <vector>

namespace shapeproof::runtime {

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

private:
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

// The same product as the forward pass computes it: one row is a matrix-vector product, bound
// by reading W, which sgemv streams where sgemm with one row measured slower.
inline void gemm_xwt(const float* x, std::size_t rows, std::size_t in, const float* w, std::size_t out, float* y,
                     bool accumulate = false)
{
  if (rows == 1) {
    cblas_sgemv(CblasRowMajor, CblasNoTrans, static_cast<blasint>(out), static_cast<blasint>(in), 1.0f, w,
                static_cast<blasint>(in), x, 1, accumulate ? 1.0f : 0.0f, y, 1);
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

inline void linear_rows(const linear_view& w, const float* x, std::size_t rows, float* y)
{
  gemm_xwt(x, rows, w.in, w.weight, w.out, y);
  add_bias(w.bias, w.out, y, rows);
}

// The FFN on `rows` rows of x (row-major [rows, D]) into y ([rows, D]), with buffers from `slot` on.
inline void ffn_rows(const ffn_view& w, const float* x, std::size_t rows, float* y, workspace& ws, std::size_t slot = 0)
{
  const std::size_t d = w.up.in, dff = w.up.out;
  float* h = ws.buffer(slot, rows * dff);
  if (!w.gated) {
    linear_rows(w.up, x, rows, h);
    auto hv = vec(h, rows * dff);
    with_activation(w.activation, [&](auto a) { xt::noalias(hv) = activation_expression<decltype(a)>(hv); });
  } else if (w.fused_gate_up) {
    // One GEMM: [rows, 2·Dff], gate then up in each row.
    float* gu = ws.buffer(slot + 1, rows * 2 * dff);
    gemm_xwt(x, rows, d, w.fused_gate_up, 2 * dff, gu);
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
    linear_rows(w.gate, x, rows, h);
    linear_rows(w.up, x, rows, u);
    auto hv = vec(h, rows * dff);
    const auto uv = vec(static_cast<const float*>(u), rows * dff);
    // The activation applies to the gate, never to up.
    with_activation(w.activation, [&](auto a) { xt::noalias(hv) = activation_expression<decltype(a)>(hv) * uv; });
  }
  linear_rows(w.down, h, rows, y);
}

/**
 * An MoE layer on `rows` rows: `expert(e)` and `shared(s)` give the experts' views. Routing is
 * Mixtral's: softmax over all logits, the top k, renormalised; each expert runs on its tokens only.
 */
template<typename ExpertView, typename SharedView>
void moe_rows(const linear_view& router, std::size_t n_experts, std::size_t k, ExpertView expert, std::size_t n_shared,
              SharedView shared, const float* x, std::size_t rows, float* y, workspace& ws, std::size_t slot = 0)
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
  for (std::size_t e = 0; e < n_experts; ++e) {
    routed.clear();
    for (std::size_t t = 0; t < rows; ++t)
      for (std::size_t i = 0; i < k; ++i)
        if (chosen[t * k + i] == e) routed.push_back(t * k + i);
    if (routed.empty()) continue;
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

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

// y[rows, out] = x[rows, in] · W[out, in]ᵀ (+ y when accumulate). One row is a matrix-vector
// product, bound by reading W: sgemv streams it, where sgemm with one row measured slower.
inline void gemm_xwt(const float* x, std::size_t rows, std::size_t in, const float* w, std::size_t out, float* y,
                     bool accumulate = false)
{
  if (rows == 1) {
    cblas_sgemv(CblasRowMajor, CblasNoTrans, static_cast<blasint>(out), static_cast<blasint>(in), 1.0f, w,
                static_cast<blasint>(in), x, 1, accumulate ? 1.0f : 0.0f, y, 1);
    return;
  }
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<blasint>(rows), static_cast<blasint>(out),
              static_cast<blasint>(in), 1.0f, x, static_cast<blasint>(in), w, static_cast<blasint>(in),
              accumulate ? 1.0f : 0.0f, y, static_cast<blasint>(out));
}

inline auto vec(float* p, std::size_t n) { return xt::adapt(p, n, xt::no_ownership(), std::array<std::size_t, 1>{n}); }
inline auto vec(const float* p, std::size_t n)
{
  return xt::adapt(p, n, xt::no_ownership(), std::array<std::size_t, 1>{n});
}

template<Linear L>
void add_bias(const linear_weights<L>& w, float* y, std::size_t rows)
{
  if constexpr (L::has_bias) {
    const auto n = static_cast<std::size_t>(L::out::extent);
    const auto b = vec(w.bias.data().data(), n);
    for (std::size_t r = 0; r < rows; ++r) {
      auto row = vec(y + r * n, n);
      xt::noalias(row) = row + b;
    }
  }
}

template<Linear L>
void linear_rows(const linear_weights<L>& w, const float* x, std::size_t rows, float* y)
{
  gemm_xwt(x, rows, static_cast<std::size_t>(L::in::extent), w.weight.data().data(),
           static_cast<std::size_t>(L::out::extent), y);
  add_bias(w, y, rows);
}

template<typename Spec>
  requires MoeFfn<Spec>
void moe_rows(const weights<Spec>& w, const float* x, std::size_t rows, float* y, workspace& ws, std::size_t slot);

// The FFN on `rows` rows of x (row-major [rows, D]) into y ([rows, D]), with buffers from `slot` on.
template<typename Spec>
void ffn_rows(const weights<Spec>& w, const float* x, std::size_t rows, float* y, workspace& ws, std::size_t slot = 0)
{
  const auto dff = static_cast<std::size_t>(Spec::hidden_dim::extent);
  if constexpr (DenseFfn<Spec>) {
    float* h = ws.buffer(slot, rows * dff);
    linear_rows(w.up, x, rows, h);
    auto hv = vec(h, rows * dff);
    xt::noalias(hv) = activation_expression<typename Spec::activation>(hv);
    linear_rows(w.down, h, rows, y);
  } else if constexpr (GatedFfn<Spec>) {
    float* h = ws.buffer(slot, rows * dff);
    if (w.fused_gate_up) {
      // One GEMM: [rows, 2·Dff], gate then up in each row.
      float* gu = ws.buffer(slot + 1, rows * 2 * dff);
      gemm_xwt(x, rows, static_cast<std::size_t>(Spec::model_dim::extent), w.fused_gate_up->data(), 2 * dff, gu);
      for (std::size_t r = 0; r < rows; ++r) {
        float* g_row = gu + r * 2 * dff;
        if constexpr (Spec::gate::has_bias) {
          auto g = vec(g_row, dff);
          xt::noalias(g) = g + vec(w.gate.bias.data().data(), dff);
        }
        if constexpr (Spec::up::has_bias) {
          auto u = vec(g_row + dff, dff);
          xt::noalias(u) = u + vec(w.up.bias.data().data(), dff);
        }
        const auto g = vec(static_cast<const float*>(g_row), dff);
        const auto u = vec(static_cast<const float*>(g_row + dff), dff);
        auto hv = vec(h + r * dff, dff);
        xt::noalias(hv) = activation_expression<typename Spec::activation>(g) * u;
      }
    } else {
      float* u = ws.buffer(slot + 1, rows * dff);
      linear_rows(w.gate, x, rows, h);
      linear_rows(w.up, x, rows, u);
      auto hv = vec(h, rows * dff);
      const auto uv = vec(static_cast<const float*>(u), rows * dff);
      // The activation applies to the gate, never to up.
      xt::noalias(hv) = activation_expression<typename Spec::activation>(hv) * uv;
    }
    linear_rows(w.down, h, rows, y);
  } else {
    static_assert(MoeFfn<Spec>);
    moe_rows(w, x, rows, y, ws, slot);
  }
}

template<typename Spec>
  requires MoeFfn<Spec>
void moe_rows(const weights<Spec>& w, const float* x, std::size_t rows, float* y, workspace& ws, std::size_t slot)
{
  const auto d = static_cast<std::size_t>(Spec::model_dim::extent);
  const auto n_experts = static_cast<std::size_t>(Spec::experts);
  const auto k = static_cast<std::size_t>(Spec::top_k);

  // Router logits, then per token: softmax over all experts, the top k, renormalised.
  float* logits = ws.buffer(slot, rows * n_experts);
  linear_rows(w.router, x, rows, logits);
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
    ffn_rows(w.experts[e], gathered, routed.size(), expert_out, ws, slot + 4);
    for (std::size_t r = 0; r < routed.size(); ++r) {
      auto out_row = vec(y + (routed[r] / k) * d, d);
      const auto expert_row = vec(static_cast<const float*>(expert_out + r * d), d);
      xt::noalias(out_row) = out_row + gate_weights[routed[r]] * expert_row;
    }
  }
  // Shared experts: every token, weight one.
  for (const auto& shared : w.shared) {
    ffn_rows(shared, x, rows, expert_out, ws, slot + 4);
    auto all = vec(y, rows * d);
    xt::noalias(all) = all + vec(static_cast<const float*>(expert_out), rows * d);
  }
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
  detail::ffn_rows(w, x.data().data(), rows, y.data().data(), ws);
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

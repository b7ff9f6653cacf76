// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief The dense FFN family: `down(act(up(x)))`, ReLU, GELU (erf and tanh) and SiLU.
 *
 * `dense_ffn_of<Act, Up, Down>` checks any two linears against the rules; `dense_ffn<D, Dff,
 * Act, Bias>` builds them from the two widths, and the named variants are aliases of it.
 * See proofs/variants.cpp.
 */

#include <shapeproof/core/rules.hpp>
#include <shapeproof/core/shape.hpp>
#include <shapeproof/cost/dtype.hpp>
#include <shapeproof/cost/quantity.hpp>
#include <shapeproof/variants/activation.hpp>
#include <shapeproof/variants/ffn_base.hpp>
#include <shapeproof/variants/ffn_concepts.hpp>
#include <shapeproof/variants/linear.hpp>

#include <string_view>

namespace shapeproof {

/**
 * @brief A dense FFN assembled from two projections, checked by rules 2 and 3.
 *
 * `Down` must read the hidden width `Up` writes (rule 2) and return to `Up`'s input width
 * (rule 3).
 */
template<Activation Act, Linear Up, Linear Down>
struct dense_ffn_of : detail::ffn_base<dense_ffn_of<Act, Up, Down>, Act, Up, Down, Up, Down> {
  static_assert(sizeof(enforce<detail::down_reads_hidden_rule<Up, Down>, detail::down_returns_rule<Up, Down>>));

  static constexpr bool is_gated = false;
  /// The variant's name in the CLI's vocabulary: the activation's.
  static constexpr std::string_view name = Act::name;

  /// The element-wise work for one token: the activation on `Dff` values and the bias additions.
  static constexpr cost::flops elementwise_flops_per_token()
  {
    return cost::make_flops(cost::checked_mul(Up::out::extent, Act::flops_per_element)) +
           dense_ffn_of::bias_flops_per_token();
  }
  /// Values kept per token for the backward pass: the input `D`, the pre-activation `Dff` and
  /// the activation `Dff` (what the down projection's weight gradient reads).
  static constexpr extent_t saved_activations_per_token() { return Up::in::extent + 2 * Up::out::extent; }

  /// The hidden activation of one element: `act(u)`.
  static constexpr double hidden(double u) { return Act::apply(u); }

  /// The shape chain `down(act(up(x)))` (use `ffn_output_t`, which checks the input first).
  template<Shape X>
  using output_chain_t = matmul_t<matmul_t<X, typename Up::math_shape>, typename Down::math_shape>;
};

/// The dense FFN `D -> Dff -> D` with activation `Act`, biases on both projections or neither.
template<Dim D, Dim Dff, Activation Act, bool Bias = false>
using dense_ffn = dense_ffn_of<Act, linear<D, Dff, Bias>, linear<Dff, D, Bias>>;

/// The original Transformer's FFN.
template<Dim D, Dim Dff, bool Bias = false>
using relu_ffn = dense_ffn<D, Dff, act::relu, Bias>;
/// BERT's FFN (exact GELU).
template<Dim D, Dim Dff, bool Bias = false>
using gelu_ffn = dense_ffn<D, Dff, act::gelu, Bias>;
/// GPT-2's FFN (tanh GELU).
template<Dim D, Dim Dff, bool Bias = false>
using gelu_tanh_ffn = dense_ffn<D, Dff, act::gelu_tanh, Bias>;
/// A dense FFN with SiLU.
template<Dim D, Dim Dff, bool Bias = false>
using silu_ffn = dense_ffn<D, Dff, act::silu, Bias>;

}  // namespace shapeproof

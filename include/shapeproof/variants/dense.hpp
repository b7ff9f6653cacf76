// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief The dense FFN family: `down(act(up(x)))`, ReLU, GELU (erf and tanh) and SiLU.
 *
 * `dense_ffn_of<Act, Up, Down>` checks any two linears against the rules where it is written
 * and names `spec::dense_ffn_of<Act, Up, Down>`; `dense_ffn<D, Dff, Act, Bias>` builds them
 * from the two widths, and the named variants are aliases of it.
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

#include <boost/hana/tuple.hpp>
#include <boost/hana/type.hpp>

#include <string_view>
#include <tuple>

namespace shapeproof {

namespace spec {

/**
 * @brief The dense FFN `dense_ffn_of<Act, Up, Down>` names once its rules hold. Write
 * `dense_ffn_of<...>` (or `relu_ffn<D, Dff>`, ...), which checks, not this class.
 */
template<typename Act, typename D, typename Dff, bool UpBias, bool DownBias>
struct dense : detail::ffn_base<dense<Act, D, Dff, UpBias, DownBias>> {
  using activation = Act;
  using up = linear<D, Dff, UpBias>;
  using down = linear<Dff, D, DownBias>;
  using Up = up;
  using Down = down;
  using model_dim = D;
  using hidden_dim = Dff;
  using projection_types = std::tuple<up, down>;
  static constexpr bool has_bias = UpBias || DownBias;
  /// The projections, as a Boost.Hana type list.
  static constexpr auto projections = boost::hana::tuple_t<up, down>;
  static constexpr bool is_gated = false;
  /// The variant's name in the CLI's vocabulary: the activation's.
  static constexpr std::string_view name = Act::name;

  /// The element-wise work for one token: the activation on `Dff` values and the bias additions.
  static constexpr cost::flops elementwise_flops_per_token()
  {
    return cost::make_flops(cost::checked_mul(Up::out::extent, Act::flops_per_element)) + dense::bias_flops_per_token();
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

/// The spec of two projections that obey rules 2 and 3 (named only once they are checked).
template<typename Act, typename Up, typename Down>
using dense_ffn_of = dense<Act, typename Up::in, typename Up::out, Up::has_bias, Down::has_bias>;

}  // namespace spec

namespace detail {

template<typename Act, typename Up, typename Down>
struct dense_rules {
  using type = first_failing_t<
      up_maps_d_to_dff_rule<Up, Down>, down_reads_hidden_rule<Up, Down>, down_returns_rule<Up, Down>, d_role_rule<Up>,
      dff_role_rule<Up>,
      rules::counts_must_fit_in_64_bits<spec::dense_ffn_of<Act, Up, Down>,
                                        ffn_counts_fit<Up, Down>(Up::out::extent, Act::flops_per_element)>>;
};

// The spec, named only when the parts are projections (ffn_rules asks for `type` then).
template<typename Act, typename Up, typename Down>
struct dense_spec {
  using type = spec::dense_ffn_of<Act, Up, Down>;
};

template<typename Act, typename Up, typename Down>
struct make_dense {
  using checked = ffn_rules<first_failing_t<rules::ffn_activation_must_be_an_activation<Act, Activation<Act>>,
                                            rules::ffn_projections_must_be_linear<Up, Linear<Up>>,
                                            rules::ffn_projections_must_be_linear<Down, Linear<Down>>>,
                            any_rejected<Act, Up, Down>, dense_rules, dense_spec<Act, Up, Down>, Act, Up, Down>;
  using rule = typename checked::rule;
  using type = typename checked::type;
  // Named, not instantiated: the alias that names `verdict::type` asserts the rule, so the
  // diagnostic's context is the rule and the user's line, not this class spelled out.
  using verdict = shapeproof::detail::verdict<rule, type>;
};

template<typename Act, typename D, typename Dff, bool Bias>
using make_dense_from_widths = ffn_from_widths<dense_rules, dense_spec, Act, D, Dff, Bias>;

}  // namespace detail

/**
 * @brief A dense FFN assembled from two projections, checked where it is written.
 *
 * `Up` maps `D -> Dff` (rule 2: an up projection with down's shape is named as the transposed
 * one), `Down` reads the hidden width `Up` writes (rule 2) and returns to `Up`'s input width
 * (rule 3); dimensions with roles are used in them (rule 10); the counts fit in 64 bits (rule 9).
 * An alias: the line that declares it is the line of the error.
 */
template<typename Act, typename Up, typename Down>
using dense_ffn_of = typename detail::make_dense<Act, Up, Down>::verdict::type;

/// The dense FFN `D -> Dff -> D` with activation `Act`, biases on both projections or neither.
template<typename D, typename Dff, typename Act, bool Bias = false>
using dense_ffn = typename detail::make_dense_from_widths<Act, D, Dff, Bias>::verdict::type;

/// The original Transformer's FFN.
template<typename D, typename Dff, bool Bias = false>
using relu_ffn = typename detail::make_dense_from_widths<act::relu, D, Dff, Bias>::verdict::type;
/// BERT's FFN (exact GELU).
template<typename D, typename Dff, bool Bias = false>
using gelu_ffn = typename detail::make_dense_from_widths<act::gelu, D, Dff, Bias>::verdict::type;
/// GPT-2's FFN (tanh GELU).
template<typename D, typename Dff, bool Bias = false>
using gelu_tanh_ffn = typename detail::make_dense_from_widths<act::gelu_tanh, D, Dff, Bias>::verdict::type;
/// A dense FFN with SiLU.
template<typename D, typename Dff, bool Bias = false>
using silu_ffn = typename detail::make_dense_from_widths<act::silu, D, Dff, Bias>::verdict::type;

}  // namespace shapeproof

// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief The gated family: `down(act(gate(x)) ⊙ up(x))`: GLU, ReGLU, GeGLU (erf and tanh),
 * SwiGLU and bilinear.
 *
 * `gated_ffn_of<Act, Gate, Up, Down>` checks any three linears against rules 1–3;
 * `gated_ffn<D, Dff, Act, Bias>` builds them from the two widths, and the named variants are
 * aliases of it. The activation applies to the gate projection, never to up: `hidden(g, u)`
 * is the one place where that is written. See proofs/variants.cpp.
 */

#include <shapeproof/core/dim_arith.hpp>
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
#include <type_traits>

namespace shapeproof {

namespace detail {

template<typename Act>
consteval std::string_view gated_name()
{
  if constexpr (std::is_same_v<Act, act::sigmoid>)
    return "glu";
  else if constexpr (std::is_same_v<Act, act::relu>)
    return "reglu";
  else if constexpr (std::is_same_v<Act, act::gelu>)
    return "geglu";
  else if constexpr (std::is_same_v<Act, act::gelu_tanh>)
    return "geglu_tanh";
  else if constexpr (std::is_same_v<Act, act::silu>)
    return "swiglu";
  else if constexpr (std::is_same_v<Act, act::identity>)
    return "bilinear";
  else
    return "gated";
}

}  // namespace detail

namespace spec {

/**
 * @brief The gated FFN `gated_ffn_of<GateAct, Gate, Up, Down>` names once its rules hold: its
 * gate activation, its widths and which projections have a bias, which is all that three
 * projections obeying rules 1 to 3 can differ in. Write `gated_ffn_of<...>` (or `swiglu<D, Dff>`,
 * ...), which checks, not this class. Its short name keeps diagnostics short: an MoE of it, or
 * its tensor-parallel form, is named in a line, not in a paragraph.
 */
template<typename GateAct, typename D, typename Dff, bool GateBias, bool UpBias, bool DownBias>
struct gated : detail::ffn_base<gated<GateAct, D, Dff, GateBias, UpBias, DownBias>> {
  using activation = GateAct;
  using gate = linear<D, Dff, GateBias>;
  using up = linear<D, Dff, UpBias>;
  using down = linear<Dff, D, DownBias>;
  using Gate = gate;
  using Up = up;
  using Down = down;
  using model_dim = D;
  using hidden_dim = Dff;
  using projection_types = std::tuple<gate, up, down>;
  static constexpr bool has_bias = GateBias || UpBias || DownBias;
  /// The projections, as a Boost.Hana type list.
  static constexpr auto projections = boost::hana::tuple_t<gate, up, down>;
  static constexpr bool is_gated = true;
  /// The variant's name in the CLI's vocabulary (`swiglu`, `geglu`, ...).
  static constexpr std::string_view name = detail::gated_name<GateAct>();

  /// Gate and up as one projection `[D -> 2·Dff]` (gate first), as fused kernels store them.
  using fused_gate_up =
      linear<typename Up::in, cat<typename Up::out, typename Up::out>, Gate::has_bias && Up::has_bias>;

  /// The element-wise work for one token: the gate activation on `Dff` values, the gate
  /// product (`Dff` multiplications) and the bias additions.
  static constexpr cost::flops elementwise_flops_per_token()
  {
    return cost::make_flops(cost::checked_mul(Up::out::extent, GateAct::flops_per_element + 1)) +
           gated::bias_flops_per_token();
  }
  /// Values kept per token for the backward pass: the input `D`, the gate pre-activation, the
  /// up projection and their product (`3·Dff`).
  static constexpr extent_t saved_activations_per_token() { return Up::in::extent + 3 * Up::out::extent; }

  /// One hidden element from its gate and up pre-activations: `act(g) · u`. The activation
  /// applies to the gate, never to up (swapping them is a different function).
  static constexpr double hidden(double g, double u) { return GateAct::apply(g) * u; }

  /// The shape chain `down(act(gate(x)) ⊙ up(x))` (use `ffn_output_t`, which checks the input first).
  template<Shape X>
  using output_chain_t =
      matmul_t<elementwise_t<matmul_t<X, typename Gate::math_shape>, matmul_t<X, typename Up::math_shape>>,
               typename Down::math_shape>;
};

/// The spec of three projections that obey rules 1 to 3 (named only once they are checked).
template<typename GateAct, typename Gate, typename Up, typename Down>
using gated_ffn_of = gated<GateAct, typename Up::in, typename Up::out, Gate::has_bias, Up::has_bias, Down::has_bias>;

}  // namespace spec

namespace detail {

template<typename Act, typename Gate, typename Up, typename Down>
struct gated_rules {
  using type = first_failing_t<
      rules::gate_and_up_must_have_the_same_shape<typename Gate::in, Gate::in::extent, typename Up::in, Up::in::extent>,
      rules::gate_and_up_must_have_the_same_shape<typename Gate::out, Gate::out::extent, typename Up::out,
                                                  Up::out::extent>,
      up_maps_d_to_dff_rule<Up, Down>, down_reads_hidden_rule<Up, Down>, down_returns_rule<Up, Down>, d_role_rule<Up>,
      dff_role_rule<Up>,
      rules::counts_must_fit_in_64_bits<spec::gated_ffn_of<Act, Gate, Up, Down>,
                                        ffn_counts_fit<Gate, Up, Down>(Up::out::extent, Act::flops_per_element + 1)>>;
};

// The spec, named only when the parts are projections (ffn_rules asks for `type` then).
template<typename Act, typename Gate, typename Up, typename Down>
struct gated_spec {
  using type = spec::gated_ffn_of<Act, Gate, Up, Down>;
};

template<typename Act, typename Gate, typename Up, typename Down>
struct make_gated {
  using checked =
      ffn_rules<first_failing_t<rules::ffn_activation_must_be_an_activation<Act, Activation<Act>>,
                                rules::ffn_projections_must_be_linear<Gate, Linear<Gate>>,
                                rules::ffn_projections_must_be_linear<Up, Linear<Up>>,
                                rules::ffn_projections_must_be_linear<Down, Linear<Down>>>,
                any_rejected<Act, Gate, Up, Down>, gated_rules, gated_spec<Act, Gate, Up, Down>, Act, Gate, Up, Down>;
  using rule = typename checked::rule;
  using type = typename checked::type;
  // Named, not instantiated: the alias that names `verdict::type` asserts the rule, so the
  // diagnostic's context is the rule and the user's line, not this class spelled out.
  using verdict = shapeproof::detail::verdict<rule, type>;
};

// A gated FFN from its widths: gate and up are the same projection `[D -> Dff]`.
template<typename Act, typename Up, typename Down>
struct gated_rules_from_widths : gated_rules<Act, Up, Up, Down> {
};
template<typename Act, typename Up, typename Down>
using gated_spec_from_widths_t = gated_spec<Act, Up, Up, Down>;

template<typename Act, typename D, typename Dff, bool Bias>
using make_gated_from_widths = ffn_from_widths<gated_rules_from_widths, gated_spec_from_widths_t, Act, D, Dff, Bias>;

}  // namespace detail

/**
 * @brief A gated FFN assembled from three projections, checked where it is written.
 *
 * `Gate` and `Up` have the same shape `[D -> Dff]` (rule 1), `Up` is not a transposed down
 * (rule 2), `Down` reads `Dff` (rule 2) and returns to `D` (rule 3); dimensions with roles are
 * used in them (rule 10); the counts fit in 64 bits (rule 9). They are checked in that order
 * and only the first broken rule is reported. An alias: the line that declares it is the line
 * of the error, even if the FFN is never used.
 */
template<typename GateAct, typename Gate, typename Up, typename Down>
using gated_ffn_of = typename detail::make_gated<GateAct, Gate, Up, Down>::verdict::type;

/// The gated FFN `D -> Dff -> D` with gate activation `Act`, biases on all projections or none.
template<typename D, typename Dff, typename Act, bool Bias = false>
using gated_ffn = typename detail::make_gated_from_widths<Act, D, Dff, Bias>::verdict::type;

/// GLU (Dauphin et al.): a sigmoid gate.
template<typename D, typename Dff, bool Bias = false>
using glu = typename detail::make_gated_from_widths<act::sigmoid, D, Dff, Bias>::verdict::type;
/// ReGLU: a ReLU gate.
template<typename D, typename Dff, bool Bias = false>
using reglu = typename detail::make_gated_from_widths<act::relu, D, Dff, Bias>::verdict::type;
/// GeGLU: an (erf) GELU gate, as in the GLU-variants paper (T5 v1.1 uses the tanh form).
template<typename D, typename Dff, bool Bias = false>
using geglu = typename detail::make_gated_from_widths<act::gelu, D, Dff, Bias>::verdict::type;
/// GeGLU with the tanh GELU, as in Gemma.
template<typename D, typename Dff, bool Bias = false>
using geglu_tanh = typename detail::make_gated_from_widths<act::gelu_tanh, D, Dff, Bias>::verdict::type;
/// SwiGLU: a SiLU gate, as in LLaMA, Mistral, Qwen.
template<typename D, typename Dff, bool Bias = false>
using swiglu = typename detail::make_gated_from_widths<act::silu, D, Dff, Bias>::verdict::type;
/// Bilinear: no gate activation.
template<typename D, typename Dff, bool Bias = false>
using bilinear = typename detail::make_gated_from_widths<act::identity, D, Dff, Bias>::verdict::type;

}  // namespace shapeproof

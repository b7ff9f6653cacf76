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

#include <string_view>
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

/**
 * @brief A gated FFN assembled from three projections, checked by rules 1, 2 and 3.
 *
 * `Gate` and `Up` have the same shape `[D -> Dff]` (rule 1), `Down` reads `Dff` (rule 2) and
 * returns to `D` (rule 3). They are checked in that order and only the first broken rule is
 * reported.
 */
template<Activation GateAct, Linear Gate, Linear Up, Linear Down>
struct gated_ffn_of : detail::ffn_base<gated_ffn_of<GateAct, Gate, Up, Down>, GateAct, Up, Down, Gate, Up, Down> {
  static_assert(sizeof(enforce<rules::gate_and_up_must_have_the_same_shape<typename Gate::in, Gate::in::extent,
                                                                           typename Up::in, Up::in::extent>,
                               rules::gate_and_up_must_have_the_same_shape<typename Gate::out, Gate::out::extent,
                                                                           typename Up::out, Up::out::extent>,
                               detail::down_reads_hidden_rule<Up, Down>, detail::down_returns_rule<Up, Down>>));

  using gate = Gate;
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
           gated_ffn_of::bias_flops_per_token();
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

/// The gated FFN `D -> Dff -> D` with gate activation `Act`, biases on all projections or none.
template<Dim D, Dim Dff, Activation Act, bool Bias = false>
using gated_ffn = gated_ffn_of<Act, linear<D, Dff, Bias>, linear<D, Dff, Bias>, linear<Dff, D, Bias>>;

/// GLU (Dauphin et al.): a sigmoid gate.
template<Dim D, Dim Dff, bool Bias = false>
using glu = gated_ffn<D, Dff, act::sigmoid, Bias>;
/// ReGLU: a ReLU gate.
template<Dim D, Dim Dff, bool Bias = false>
using reglu = gated_ffn<D, Dff, act::relu, Bias>;
/// GeGLU: an (erf) GELU gate, as in T5 v1.1.
template<Dim D, Dim Dff, bool Bias = false>
using geglu = gated_ffn<D, Dff, act::gelu, Bias>;
/// GeGLU with the tanh GELU, as in Gemma.
template<Dim D, Dim Dff, bool Bias = false>
using geglu_tanh = gated_ffn<D, Dff, act::gelu_tanh, Bias>;
/// SwiGLU: a SiLU gate, as in LLaMA, Mistral, Qwen.
template<Dim D, Dim Dff, bool Bias = false>
using swiglu = gated_ffn<D, Dff, act::silu, Bias>;
/// Bilinear: no gate activation.
template<Dim D, Dim Dff, bool Bias = false>
using bilinear = gated_ffn<D, Dff, act::identity, Bias>;

}  // namespace shapeproof

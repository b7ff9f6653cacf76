// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief The named checks: each shape rule of shapeproof is stated here, once.
 *
 * A rule is a class template whose name is the rule as a phrase and whose template arguments
 * are what it compares: dimensions, each followed by its extent. `holds` evaluates the rule
 * without complaint (for concepts and `requires` expressions); its member class `check`
 * asserts it. Checking a rule that does not hold is one hard error whose first line states the
 * rule in words, with a stable phrase tests match, and whose context line names the offending
 * dimensions with their extents, on g++ and clang++ alike:
 *
 *     In instantiation of 'struct shapeproof::rules::gate_and_up_must_have_the_same_shape<d_ff, 11008, d_other,
 * 4000>::check': error: static assertion failed: shapeproof rule 1: the gate and up projections must have the same
 * shape [D -> Dff]
 *
 * `static_assert(sizeof(enforce<R1, R2, ...>))` checks only the first rule that fails, so one
 * mistake gives one error, not one per rule it upsets.
 *
 * Rule numbers are those of DESIGN.md.
 */

#include <shapeproof/core/dim_concepts.hpp>

#include <cstddef>
#include <cstdint>
#include <tuple>
#include <type_traits>

// The rules' messages, each written once: the static_asserts below and the runtime checks
// (core/dyn_shape.hpp) report the same stable phrases. Macros, because a static_assert message
// must be a string literal in C++20.
#define SHAPEPROOF_RULE_1_MESSAGE "shapeproof rule 1: the gate and up projections must have the same shape [D -> Dff]"
#define SHAPEPROOF_RULE_2_MESSAGE \
  "shapeproof rule 2: the down projection must map Dff -> D (its input is the hidden width Dff)"
#define SHAPEPROOF_RULE_3_MESSAGE "shapeproof rule 3: an FFN's output width must equal its input width D"
#define SHAPEPROOF_RULE_4_MESSAGE "shapeproof rule 4: a matmul's inner dimensions must agree by name and extent"
#define SHAPEPROOF_RULE_5_MESSAGE                                               \
  "shapeproof rule 5: the parts of a split must add up to the fused dimension " \
  "(a fused gate|up [D, 2*Dff] splits into two [D, Dff])"
#define SHAPEPROOF_RULE_8_MESSAGE                                                          \
  "shapeproof rule 8: scaling a dimension by Num/Den must be exact, or say how it rounds " \
  "(shapeproof::scaled<D, Num, Den, shapeproof::rounding::down>)"
#define SHAPEPROOF_RULE_6_MESSAGE "shapeproof rule 6: an MoE's top_k must be between 1 and its number of experts"
#define SHAPEPROOF_RULE_6_SAME_D_MESSAGE "shapeproof rule 6: every expert of an MoE must have the same model width D"
#define SHAPEPROOF_RULE_9_OVERFLOW_MESSAGE "shapeproof rule 9: a parameter, FLOP or byte count must fit in 64 bits"
#define SHAPEPROOF_RULE_9_MIX_MESSAGE \
  "shapeproof rule 9: parameters, FLOPs and bytes never mix (convert explicitly, e.g. bytes_of<bf16>(params))"
#define SHAPEPROOF_SIZING_STATIC_MESSAGE "shapeproof: a sizing rule needs a dimension with a static extent"
#define SHAPEPROOF_WEIGHT_STATIC_MESSAGE "shapeproof: a weight's dimensions must have static extents"
#define SHAPEPROOF_ELEMENTWISE_MESSAGE "shapeproof: element-wise operands must have the same shape"
#define SHAPEPROOF_CONCAT_MESSAGE \
  "shapeproof: concatenated shapes must have the same rank and agree on every other axis"

namespace shapeproof {

template<Dim... Ds>
  requires(sizeof...(Ds) >= 2)
struct cat;

namespace detail {

// Whether `Parts...` make up `Fused`: its own parts by name when it is a `cat<...>`, else by extent.
template<typename Fused, typename... Parts>
struct parts_add_up : std::bool_constant<(Parts::extent + ... + 0) == Fused::extent> {
};
template<typename... FusedParts, typename... Parts>
struct parts_add_up<cat<FusedParts...>, Parts...> :
    std::bool_constant<std::is_same_v<std::tuple<FusedParts...>, std::tuple<Parts...>>> {
};

}  // namespace detail

namespace rules {

/// The rule that always holds; what `enforce` checks when every rule holds.
struct passed {
  static constexpr bool holds = true;
  struct check {};
};

/// Rule 1: the gate and up projections have the same shape `[D -> Dff]`.
template<Dim GateDim, extent_t GateExtent, Dim UpDim, extent_t UpExtent>
struct gate_and_up_must_have_the_same_shape {
  static constexpr bool holds = std::is_same_v<GateDim, UpDim>;
  struct check {
    // Why a hard error: a gated FFN multiplies act(x·gate) by x·up element by element, which
    // means nothing unless both read the same D and write the same Dff.
    static_assert(std::is_same_v<GateDim, UpDim>, SHAPEPROOF_RULE_1_MESSAGE);
  };
};

/// Rule 2: the down projection maps `Dff -> D`: it reads the hidden width the up projection wrote.
template<Dim HiddenDim, extent_t HiddenExtent, Dim DownInputDim, extent_t DownInputExtent>
struct down_must_map_dff_back_to_d {
  static constexpr bool holds = std::is_same_v<HiddenDim, DownInputDim>;
  struct check {
    static_assert(std::is_same_v<HiddenDim, DownInputDim>, SHAPEPROOF_RULE_2_MESSAGE);
  };
};

/// Rule 3: an FFN returns to the width it came from: its output width is its input width D.
template<Dim InputDim, extent_t InputExtent, Dim OutputDim, extent_t OutputExtent>
struct ffn_must_return_to_its_input_width {
  static constexpr bool holds = std::is_same_v<InputDim, OutputDim>;
  struct check {
    // Why: the FFN's output is added to the residual stream, which has the input's width.
    static_assert(std::is_same_v<InputDim, OutputDim>, SHAPEPROOF_RULE_3_MESSAGE);
  };
};

/// Rule 4: a matmul's inner dimensions agree by name and by extent.
template<Dim LeftInner, extent_t LeftExtent, Dim RightInner, extent_t RightExtent>
struct matmul_inner_dimensions_must_agree {
  static constexpr bool holds = std::is_same_v<LeftInner, RightInner>;
  struct check {
    // Why by name too: d_model and d_ff can have the same extent in a small config, and a
    // product that compared extents only would then accept a transposed weight.
    static_assert(std::is_same_v<LeftInner, RightInner>, SHAPEPROOF_RULE_4_MESSAGE);
  };
};

/// Rule 5: a split's parts add up to the fused dimension (`[D, 2·Dff]` into two `[D, Dff]`):
/// a `cat<...>` splits into its own parts, by name; a named fused dimension into parts whose
/// extents add up to its own.
template<Dim FusedDim, extent_t FusedExtent, extent_t PartsExtent, Dim... Parts>
struct split_parts_must_add_up_to_the_fused_dimension {
  static constexpr bool holds = detail::parts_add_up<FusedDim, Parts...>::value;
  struct check {
    static_assert(detail::parts_add_up<FusedDim, Parts...>::value, SHAPEPROOF_RULE_5_MESSAGE);
  };
};

/// Rule 8: a sizing rule is exact where it claims to be (8/3·d needs 3 | 8·d), or says how it rounds.
template<Dim D, extent_t Extent, extent_t Num, extent_t Den>
struct sizing_must_be_exact_or_say_how_it_rounds {
  static constexpr bool holds = Extent * Num % Den == 0;
  struct check {
    static_assert(Extent * Num % Den == 0, SHAPEPROOF_RULE_8_MESSAGE);
  };
};

/// Rule 6: an MoE routes each token to `top_k` of its experts, so `1 <= top_k <= experts`.
template<extent_t TopK, extent_t Experts>
struct moe_top_k_must_be_between_1_and_experts {
  static constexpr bool holds = 1 <= TopK && TopK <= Experts;
  struct check {
    static_assert(1 <= TopK && TopK <= Experts, SHAPEPROOF_RULE_6_MESSAGE);
  };
};

/// Rule 6: all experts of an MoE (routed and shared) read and write the same model width D.
template<Dim ExpertDim, extent_t ExpertExtent, Dim SharedDim, extent_t SharedExtent>
struct moe_experts_must_share_the_model_width {
  static constexpr bool holds = std::is_same_v<ExpertDim, SharedDim>;
  struct check {
    static_assert(std::is_same_v<ExpertDim, SharedDim>, SHAPEPROOF_RULE_6_SAME_D_MESSAGE);
  };
};

/// Rule 9: a count computed from static extents, the product of `Factors`, fits in 64 bits.
/// `What` names the entity whose count it is, for the diagnostic.
template<typename What, extent_t... Factors>
struct count_must_fit_in_64_bits {
  static constexpr bool holds = [] {
    std::int64_t r = 1;
    return !((__builtin_mul_overflow(r, Factors, &r)) || ...);
  }();
  struct check {
    static_assert(holds, SHAPEPROOF_RULE_9_OVERFLOW_MESSAGE);
  };
};

/// Sizing arithmetic needs a static extent: the token axis cannot be scaled into a weight width.
template<Dim D, extent_t Extent>
struct sizing_needs_a_static_extent {
  static constexpr bool holds = Extent != dynamic;
  struct check {
    static_assert(Extent != dynamic, SHAPEPROOF_SIZING_STATIC_MESSAGE);
  };
};

/// A weight has static dimensions; only activations carry the (dynamic) token axis.
template<Dim D, extent_t Extent>
struct weight_dimensions_must_be_static {
  static constexpr bool holds = Extent != dynamic;
  struct check {
    static_assert(Extent != dynamic, SHAPEPROOF_WEIGHT_STATIC_MESSAGE);
  };
};

/// Element-wise operations (the gate product, a residual add) need operands of the same shape.
template<typename LeftShape, typename RightShape>
struct elementwise_operands_must_have_the_same_shape {
  static constexpr bool holds = std::is_same_v<LeftShape, RightShape>;
  struct check {
    static_assert(std::is_same_v<LeftShape, RightShape>, SHAPEPROOF_ELEMENTWISE_MESSAGE);
  };
};

/// Concatenation along an axis needs the same rank and the same dimensions on every other axis.
template<typename LeftShape, typename RightShape, std::size_t Axis, bool Agree>
struct concat_operands_must_agree_off_the_axis {
  static constexpr bool holds = Agree;
  struct check {
    static_assert(Agree, SHAPEPROOF_CONCAT_MESSAGE);
  };
};

}  // namespace rules

namespace detail {

template<typename... Rules>
struct first_failing {
  using type = rules::passed;
};

template<typename Rule, typename... Rest>
struct first_failing<Rule, Rest...> {
  using type = std::conditional_t<Rule::holds, typename first_failing<Rest...>::type, Rule>;
};

}  // namespace detail

/**
 * @brief `static_assert(sizeof(enforce<Rules...>))` asserts the first of `Rules` that fails.
 *
 * Only that rule's `check` is instantiated, so one mistake gives one error; when every rule
 * holds it is an empty class.
 */
template<typename... Rules>
using enforce = typename detail::first_failing<Rules...>::type::check;

/// True when every one of `Rules` holds; never an error. For concepts.
template<typename... Rules>
inline constexpr bool holds = (Rules::holds && ...);

}  // namespace shapeproof

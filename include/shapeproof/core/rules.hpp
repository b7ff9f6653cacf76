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
 * Rule numbers are those of the README's table of rules.
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
#define SHAPEPROOF_RULE_2_UP_MESSAGE                                                             \
  "shapeproof rule 2: the up projection must map D -> Dff; it is declared [Dff -> D], the down " \
  "projection's shape (transposed)"
#define SHAPEPROOF_RULE_3_MESSAGE "shapeproof rule 3: an FFN's output width must equal its input width D"
#define SHAPEPROOF_RULE_4_MESSAGE "shapeproof rule 4: a matmul's inner dimensions must agree by name and extent"
#define SHAPEPROOF_RULE_5_MESSAGE                                               \
  "shapeproof rule 5: the parts of a split must add up to the fused dimension " \
  "(a fused gate|up [D, 2*Dff] splits into two [D, Dff])"
#define SHAPEPROOF_RULE_5_AXIS_MESSAGE                                                         \
  "shapeproof rule 5: a split must be along the fused axis; these parts make up another axis " \
  "(a fused gate|up stored [2*Dff, D] splits along axis 0)"
#define SHAPEPROOF_RULE_6_MESSAGE "shapeproof rule 6: an MoE's top_k must be between 1 and its number of experts"
#define SHAPEPROOF_RULE_6_SAME_D_MESSAGE "shapeproof rule 6: every expert of an MoE must have the same model width D"
#define SHAPEPROOF_RULE_8_MESSAGE                                                          \
  "shapeproof rule 8: scaling a dimension by Num/Den must be exact, or say how it rounds " \
  "(shapeproof::scaled<D, Num, Den, shapeproof::rounding::down>)"
#define SHAPEPROOF_RULE_8_WHOLE_MESSAGE                                                                               \
  "shapeproof rule 8: a sizing ratio is exact integer arithmetic: give it as whole numbers Num, Den (1.3 is 13, 10, " \
  "and 2.5 is 5, 2)"
#define SHAPEPROOF_RULE_9_OVERFLOW_MESSAGE "shapeproof rule 9: a parameter, FLOP or byte count must fit in 64 bits"
#define SHAPEPROOF_RULE_9_MIX_MESSAGE \
  "shapeproof rule 9: parameters, FLOPs and bytes never mix (convert explicitly, e.g. bytes_of<bf16>(params))"
#define SHAPEPROOF_RULE_9_DIVISION_MESSAGE                                                                         \
  "shapeproof rule 9: a count divided by an integer must divide exactly (a count is a whole number; .value() / n " \
  "rounds)"
#define SHAPEPROOF_RULE_9_PRODUCT_MESSAGE \
  "shapeproof rule 9: a count times a count means nothing (a count times a plain integer is one: params() * 2)"
#define SHAPEPROOF_RULE_9_PLAIN_INTEGER_MESSAGE                                                                      \
  "shapeproof rule 9: a count is a quantity, not a plain integer: write 135'266'304_params (_flops, _bytes) or use " \
  ".value()"
#define SHAPEPROOF_RULE_10_D_MESSAGE                                                               \
  "shapeproof rule 10: a dimension with a role must be used in that role: this FFN's model width " \
  "D is a hidden_width (linear<In, Out> is [in, out], not PyTorch's stored [out, in])"
#define SHAPEPROOF_RULE_10_DFF_MESSAGE                                                                       \
  "shapeproof rule 10: a dimension with a role must be used in that role: this FFN's hidden width Dff is a " \
  "model_width"
// Rule 10 on whole models: phrases shared by the run-time refusal of a config (in Hugging Face's
// field names) and the compile-time one (models::checked), which adds "shapeproof rule 10: ".
#define SHAPEPROOF_RULE_10_KV_HEADS_PHRASE \
  "num_key_value_heads must divide num_attention_heads (grouped-query attention shares each KV head)"
#define SHAPEPROOF_RULE_10_TOP_K_PHRASE \
  "num_experts_per_tok (an MoE's top_k) must be between 1 and its number of experts"
#define SHAPEPROOF_RULE_10_POSITIVE_PHRASE                                               \
  "vocab_size, hidden_size, num_hidden_layers, intermediate_size, num_attention_heads, " \
  "num_key_value_heads and head_dim must be positive"
#define SHAPEPROOF_RULE_10_VARIANT_PHRASE "the FFN variant is not one shapeproof knows"
#define SHAPEPROOF_RULE_10_NEGATIVE_PHRASE "a model's counts (experts, layers, positions, norms) cannot be negative"
#define SHAPEPROOF_RULE_10_EXPERTS_PHRASE "num_experts_per_tok and shared experts need routed experts"
#define SHAPEPROOF_RULE_10_TIE_PHRASE "a typed FFN and the model_config of the same model must describe the same FFN"
#define SHAPEPROOF_RULE_12_TIE_PHRASE \
  "a typed attention and the model_config of the same model must describe the same attention"
#define SHAPEPROOF_RULE_10_LATENT_PHRASE                                                                         \
  "latent attention needs positive qk_rope_head_dim and v_head_dim, and qk_nope_head_dim + qk_rope_head_dim == " \
  "head_dim"
#define SHAPEPROOF_RULE_10_SLIDING_PHRASE \
  "sliding-window layers need a window of 1 or more tokens, and are at most num_hidden_layers"
// Added to a rule's message when the two dimensions it compares have the same extent: they are
// different dimensions, told apart by name.
#define SHAPEPROOF_BY_NAME ", by name: two different dimensions of one extent"
#define SHAPEPROOF_UNNAMED_DIM_MESSAGE                                                          \
  "shapeproof: a dimension needs a name: struct d_model final : shapeproof::dim<N> {} (dim<N> " \
  "itself is one type for every dimension of extent N)"
#define SHAPEPROOF_NOT_A_DIM_MESSAGE \
  "shapeproof: expected a dimension, a named type derived from shapeproof::dim<N> (not a shape, a linear or a number)"
#define SHAPEPROOF_NOT_A_LINEAR_MESSAGE \
  "shapeproof: an FFN's projections must be linear<In, Out> (not a dimension, a shape or an FFN)"
#define SHAPEPROOF_NOT_AN_ACTIVATION_MESSAGE \
  "shapeproof: an FFN's activation must be one of shapeproof::act (act::silu, act::gelu, ...)"
#define SHAPEPROOF_NOT_AN_FFN_MESSAGE \
  "shapeproof: an MoE's expert must be an FFN spec (swiglu<D, Dff>, gated_ffn_of<...>), not a linear or a shape"
#define SHAPEPROOF_MOE_OF_MOE_MESSAGE \
  "shapeproof rule 6: an MoE's expert must be a dense or gated FFN, not an MoE (moe_ffn<swiglu<D, Dff>, E, K>)"
#define SHAPEPROOF_SIZING_STATIC_MESSAGE "shapeproof: a sizing rule needs a dimension with a static extent"
#define SHAPEPROOF_WEIGHT_STATIC_MESSAGE \
  "shapeproof: a weight's dimensions must have static extents (the dynamic token axis is not a width)"
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
  template<typename Checked = void>
  struct check {
    using type = Checked;
  };
};

// A rule that compares two dimensions by name has two static_asserts: one for a pair whose
// extents differ, another, which says "by name", for two dimensions of one extent. Only one can
// fail. (Written out in each rule: a macro would add "in expansion of" lines to the diagnostic.)
template<bool Same, extent_t AExtent, extent_t BExtent>
struct dim_comparison {
  static constexpr bool not_other_extents = Same || AExtent == BExtent;
  static constexpr bool not_same_extent_other_names = Same || AExtent != BExtent;
};

/// Rule 1: the gate and up projections have the same shape `[D -> Dff]`.
template<typename GateDim, extent_t GateExtent, typename UpDim, extent_t UpExtent>
struct gate_and_up_must_have_the_same_shape {
  static constexpr bool holds = std::is_same_v<GateDim, UpDim>;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    // Why a hard error: a gated FFN multiplies act(x·gate) by x·up element by element, which
    // means nothing unless both read the same D and write the same Dff.
    using cmp = dim_comparison<std::is_same_v<GateDim, UpDim>, GateExtent, UpExtent>;
    static_assert(cmp::not_other_extents, SHAPEPROOF_RULE_1_MESSAGE);
    static_assert(cmp::not_same_extent_other_names, SHAPEPROOF_RULE_1_MESSAGE SHAPEPROOF_BY_NAME);
  };
};

/// Rule 2: the down projection maps `Dff -> D`: it reads the hidden width the up projection wrote.
template<typename HiddenDim, extent_t HiddenExtent, typename DownInputDim, extent_t DownInputExtent>
struct down_must_map_dff_back_to_d {
  static constexpr bool holds = std::is_same_v<HiddenDim, DownInputDim>;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    using cmp = dim_comparison<std::is_same_v<HiddenDim, DownInputDim>, HiddenExtent, DownInputExtent>;
    static_assert(cmp::not_other_extents, SHAPEPROOF_RULE_2_MESSAGE);
    static_assert(cmp::not_same_extent_other_names, SHAPEPROOF_RULE_2_MESSAGE SHAPEPROOF_BY_NAME);
  };
};

/// Rule 2, the other side: the up projection maps `D -> Dff`. Checked before the down
/// projection's side when up has exactly down's shape `[A -> B]`: one of the two is transposed,
/// and up is the one when its input says it is a hidden width, its output a model width, or
/// (without roles) it narrows.
template<typename UpIn, extent_t UpInExtent, typename UpOut, extent_t UpOutExtent, bool UpIsTransposed>
struct up_must_map_d_to_dff {
  static constexpr bool holds = !UpIsTransposed;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(holds, SHAPEPROOF_RULE_2_UP_MESSAGE);
  };
};

/// Rule 3: an FFN returns to the width it came from: its output width is its input width D.
template<typename InputDim, extent_t InputExtent, typename OutputDim, extent_t OutputExtent>
struct ffn_must_return_to_its_input_width {
  static constexpr bool holds = std::is_same_v<InputDim, OutputDim>;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    // Why: the FFN's output is added to the residual stream, which has the input's width.
    using cmp = dim_comparison<std::is_same_v<InputDim, OutputDim>, InputExtent, OutputExtent>;
    static_assert(cmp::not_other_extents, SHAPEPROOF_RULE_3_MESSAGE);
    static_assert(cmp::not_same_extent_other_names, SHAPEPROOF_RULE_3_MESSAGE SHAPEPROOF_BY_NAME);
  };
};

/// Rule 4: a matmul's inner dimensions agree by name and by extent.
template<typename LeftInner, extent_t LeftExtent, typename RightInner, extent_t RightExtent>
struct matmul_inner_dimensions_must_agree {
  static constexpr bool holds = std::is_same_v<LeftInner, RightInner>;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    // Why by name too: d_model and d_ff can have the same extent in a small config, and a
    // product that compared extents only would then accept a transposed weight.
    using cmp = dim_comparison<std::is_same_v<LeftInner, RightInner>, LeftExtent, RightExtent>;
    static_assert(cmp::not_other_extents, SHAPEPROOF_RULE_4_MESSAGE);
    static_assert(cmp::not_same_extent_other_names, SHAPEPROOF_RULE_4_MESSAGE SHAPEPROOF_BY_NAME);
  };
};

/// Rule 5: a split's parts add up to the fused dimension (`[D, 2·Dff]` into two `[D, Dff]`):
/// a `cat<...>` splits into its own parts, by name; a named fused dimension into parts whose
/// extents add up to its own.
template<typename FusedDim, extent_t FusedExtent, extent_t PartsExtent, typename... Parts>
struct split_parts_must_add_up_to_the_fused_dimension {
  static constexpr bool holds = detail::parts_add_up<FusedDim, Parts...>::value;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(holds, SHAPEPROOF_RULE_5_MESSAGE);
  };
};

/// Rule 5, the axis: the parts make up the dimension at `FusedAxis` of `Shape`, and the split is
/// along `Axis`. Checked first, so that a split along the wrong axis says so.
template<typename Shape, std::size_t Axis, std::size_t FusedAxis>
struct split_must_be_along_the_fused_axis {
  static constexpr bool holds = Axis == FusedAxis;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Axis == FusedAxis, SHAPEPROOF_RULE_5_AXIS_MESSAGE);
  };
};

/// Rule 8: a sizing rule is exact where it claims to be (8/3·d needs 3 | 8·d), or says how it rounds.
template<typename D, extent_t Extent, extent_t Num, extent_t Den>
struct sizing_must_be_exact_or_say_how_it_rounds {
  static constexpr bool holds = Extent * Num % Den == 0;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Extent * Num % Den == 0, SHAPEPROOF_RULE_8_MESSAGE);
  };
};

/// Rule 8: a sizing ratio is two whole numbers (LLaMA's multiplier 1.3 is 13/10).
template<bool Whole>
struct sizing_ratio_must_be_whole_numbers {
  static constexpr bool holds = Whole;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Whole, SHAPEPROOF_RULE_8_WHOLE_MESSAGE);
  };
};

/// Rule 6: an MoE routes each token to `top_k` of its experts, so `1 <= top_k <= experts`.
template<extent_t TopK, extent_t Experts>
struct moe_top_k_must_be_between_1_and_experts {
  static constexpr bool holds = 1 <= TopK && TopK <= Experts;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(1 <= TopK && TopK <= Experts, SHAPEPROOF_RULE_6_MESSAGE);
  };
};

/// Rule 6: an MoE's number of shared experts is 0 or more.
template<extent_t SharedExperts>
struct moe_shared_experts_cannot_be_negative {
  static constexpr bool holds = SharedExperts >= 0;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(holds, "shapeproof rule 6: an MoE's number of shared experts cannot be negative");
  };
};

/// Rule 6: all experts of an MoE (routed and shared) read and write the same model width D.
template<typename ExpertDim, extent_t ExpertExtent, typename SharedDim, extent_t SharedExtent>
struct moe_experts_must_share_the_model_width {
  static constexpr bool holds = std::is_same_v<ExpertDim, SharedDim>;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    using cmp = dim_comparison<std::is_same_v<ExpertDim, SharedDim>, ExpertExtent, SharedExtent>;
    static_assert(cmp::not_other_extents, SHAPEPROOF_RULE_6_SAME_D_MESSAGE);
    static_assert(cmp::not_same_extent_other_names, SHAPEPROOF_RULE_6_SAME_D_MESSAGE SHAPEPROOF_BY_NAME);
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
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(holds, SHAPEPROOF_RULE_9_OVERFLOW_MESSAGE);
  };
};

/// Rule 9: the counts of `What` (its parameters and FLOPs, summed over its parts) fit in 64 bits.
template<typename What, bool Fits>
struct counts_must_fit_in_64_bits {
  static constexpr bool holds = Fits;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Fits, SHAPEPROOF_RULE_9_OVERFLOW_MESSAGE);
  };
};

/// Rule 10: a model width is used as an FFN's D, not as its hidden width.
template<typename FfnD, extent_t Extent, bool IsHiddenWidth>
struct model_width_d_must_not_be_a_hidden_width {
  static constexpr bool holds = !IsHiddenWidth;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(holds, SHAPEPROOF_RULE_10_D_MESSAGE);
  };
};

/// Rule 10: a hidden width is used as an FFN's Dff, not as its model width.
template<typename FfnDff, extent_t Extent, bool IsModelWidth>
struct hidden_width_dff_must_not_be_a_model_width {
  static constexpr bool holds = !IsModelWidth;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(holds, SHAPEPROOF_RULE_10_DFF_MESSAGE);
  };
};

/// A dimension is a name of its own, not `dim<N>` itself.
template<typename T>
struct dimension_needs_a_name {
  static constexpr bool holds = !UnnamedDim<T>;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    // Why: `dim<64>` is one type; as both d_model and d_ff it would make them the same
    // dimension, and a transposed projection would then have the right shape.
    static_assert(holds, SHAPEPROOF_UNNAMED_DIM_MESSAGE);
  };
};

/// What is given as a dimension is one.
template<typename T>
struct must_be_a_dimension {
  static constexpr bool holds = Dim<T> || UnnamedDim<T>;  // an unnamed one is told by the rule above
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(holds, SHAPEPROOF_NOT_A_DIM_MESSAGE);
  };
};

/// Sizing arithmetic needs a static extent: the token axis cannot be scaled into a weight width.
template<typename D, extent_t Extent>
struct sizing_needs_a_static_extent {
  static constexpr bool holds = Extent != dynamic;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Extent != dynamic, SHAPEPROOF_SIZING_STATIC_MESSAGE);
  };
};

/// A weight has static dimensions; only activations carry the (dynamic) token axis.
template<typename D, extent_t Extent>
struct weight_dimensions_must_be_static {
  static constexpr bool holds = Extent != dynamic;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Extent != dynamic, SHAPEPROOF_WEIGHT_STATIC_MESSAGE);
  };
};

/// Element-wise operations (the gate product, a residual add) need operands of the same shape.
template<typename LeftShape, typename RightShape>
struct elementwise_operands_must_have_the_same_shape {
  static constexpr bool holds = std::is_same_v<LeftShape, RightShape>;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(std::is_same_v<LeftShape, RightShape>, SHAPEPROOF_ELEMENTWISE_MESSAGE);
  };
};

/// Concatenation along an axis needs the same rank and the same dimensions on every other axis.
template<typename LeftShape, typename RightShape, std::size_t Axis, bool Agree>
struct concat_operands_must_agree_off_the_axis {
  static constexpr bool holds = Agree;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Agree, SHAPEPROOF_CONCAT_MESSAGE);
  };
};

/// An FFN's projections are `linear<In, Out>`.
template<typename What, bool IsLinear>
struct ffn_projections_must_be_linear {
  static constexpr bool holds = IsLinear;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(IsLinear, SHAPEPROOF_NOT_A_LINEAR_MESSAGE);
  };
};

/// An FFN's activation is one of `shapeproof::act`.
template<typename What, bool IsActivation>
struct ffn_activation_must_be_an_activation {
  static constexpr bool holds = IsActivation;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(IsActivation, SHAPEPROOF_NOT_AN_ACTIVATION_MESSAGE);
  };
};

/// An MoE's experts are FFN specs.
template<typename What, bool IsFfn>
struct moe_expert_must_be_an_ffn {
  static constexpr bool holds = IsFfn;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(IsFfn, SHAPEPROOF_NOT_AN_FFN_MESSAGE);
  };
};

/// An MoE's experts are dense or gated FFNs, not MoEs themselves (an MoE of MoEs would count
/// every inner expert once per outer expert).
template<typename What, bool NotAnMoe>
struct moe_expert_cannot_be_an_moe {
  static constexpr bool holds = NotAnMoe;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(NotAnMoe, SHAPEPROOF_MOE_OF_MOE_MESSAGE);
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

/// The first of `Rules` that fails, or `rules::passed`.
template<typename... Rules>
using first_failing_t = typename first_failing<Rules...>::type;

}  // namespace detail

/**
 * @brief `static_assert(sizeof(enforce<Rules...>))` asserts the first of `Rules` that fails.
 *
 * Only that rule's `check` is instantiated, so one mistake gives one error; when every rule
 * holds it is an empty class.
 */
template<typename... Rules>
using enforce = typename detail::first_failing<Rules...>::type::template check<>;

namespace detail {
/**
 * @brief `verdict<Rule, T>::type` is `T`, once `Rule` (a rule, or `rules::passed`) is asserted.
 *
 * A checking alias names its entity through this (`typename make_x<...>::verdict::type`) rather
 * than asserting inside the class that computes the rule: the compiler's context for a failed
 * rule is then the rule with its dimensions, and the refused stand-in, not every projection of
 * the FFN spelled out.
 */
template<typename Rule, typename T>
struct verdict {
  static_assert(sizeof(typename Rule::template check<T>));
  using type = T;
};
}  // namespace detail

/// True when every one of `Rules` holds; never an error. For concepts.
template<typename... Rules>
inline constexpr bool holds = (Rules::holds && ...);

}  // namespace shapeproof

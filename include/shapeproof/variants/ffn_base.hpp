// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief What the dense and gated families share: their projections, and the counts that are
 * sums over them; and the down projection's two rules, which both families check.
 */

#include <shapeproof/core/dim.hpp>
#include <shapeproof/core/dim_concepts.hpp>
#include <shapeproof/core/rules.hpp>
#include <shapeproof/cost/dtype.hpp>
#include <shapeproof/cost/quantity.hpp>
#include <shapeproof/detail/rejected.hpp>
#include <shapeproof/variants/activation.hpp>
#include <shapeproof/variants/linear.hpp>

#include <boost/hana/tuple.hpp>
#include <boost/hana/type.hpp>

#include <cstdint>
#include <tuple>
#include <type_traits>

namespace shapeproof::detail {

/// Rule 2 for a down projection after `Up`: it reads what `Up` writes.
template<typename Up, typename Down>
using down_reads_hidden_rule =
    rules::down_must_map_dff_back_to_d<typename Up::out, Up::out::extent, typename Down::in, Down::in::extent>;

/// Rule 3 for a down projection after `Up`: it writes what `Up` reads.
template<typename Up, typename Down>
using down_returns_rule =
    rules::ffn_must_return_to_its_input_width<typename Up::in, Up::in::extent, typename Down::out, Down::out::extent>;

/// Whether `Up`, which has `Down`'s shape `[A -> B]` with A and B different, is the transposed one of the two: its
/// input says it is a hidden width, its output a model width, or (no roles said) it narrows as down does.
template<typename Up, typename Down>
inline constexpr bool up_is_transposed = [] {
  using in = typename Up::in;
  using out = typename Up::out;
  if constexpr (std::is_same_v<in, out> || !std::is_same_v<in, typename Down::in> ||
                !std::is_same_v<out, typename Down::out>) {
    return false;
  } else if constexpr (HiddenWidth<in> || ModelWidth<out>) {
    return true;
  } else if constexpr (ModelWidth<in> || HiddenWidth<out>) {
    return false;
  } else {
    return in::extent > out::extent;
  }
}();

/// Rule 2 for `Up`: it maps D -> Dff, and is not the transposed one of up and down.
template<typename Up, typename Down>
using up_maps_d_to_dff_rule = rules::up_must_map_d_to_dff<typename Up::in, Up::in::extent, typename Up::out,
                                                          Up::out::extent, up_is_transposed<Up, Down>>;

/// Rule 10 for an FFN whose up projection is `Up`: its D is no hidden width, its Dff no model width.
template<typename Up>
using d_role_rule =
    rules::model_width_d_must_not_be_a_hidden_width<typename Up::in, Up::in::extent, HiddenWidth<typename Up::in>>;
template<typename Up>
using dff_role_rule =
    rules::hidden_width_dff_must_not_be_a_model_width<typename Up::out, Up::out::extent, ModelWidth<typename Up::out>>;

/// Rule 9 for an FFN of `Projections...` whose element-wise work is `Dff · per_hidden` FLOPs:
/// its parameters and FLOPs, summed, fit in 64 bits (each projection's own counts already do).
template<typename... Projections>
consteval bool ffn_counts_fit(extent_t dff, extent_t per_hidden)
{
  std::int64_t params = 0;
  std::int64_t flops = 0;
  bool overflow = __builtin_mul_overflow(dff, per_hidden, &flops);
  ((overflow = overflow || __builtin_add_overflow(params, Projections::params().value(), &params) ||
               __builtin_add_overflow(flops, Projections::matmul_flops_per_token().value(), &flops) ||
               __builtin_add_overflow(flops, Projections::has_bias ? Projections::out::extent : 0, &flops)),
   ...);
  return !overflow;
}

/// The rules of an FFN made of projections, in two stages: what its parts are (an activation
/// and linears), then, when every part is a linear whose own rules held, the family's `Rules`.
/// `type` is `Spec::type` (asked for only once the parts are the right kinds), or `rejected` when
/// a rule failed or a part was already rejected.
template<typename KindRule, bool PartsRejected, template<typename...> class Rules, typename Spec, typename... Parts>
struct ffn_rules {
  using rule = KindRule;  // a part of the wrong kind, or passed when a part was rejected
  using type = rejected;
};
template<template<typename...> class Rules, typename Spec, typename... Parts>
struct ffn_rules<rules::passed, false, Rules, Spec, Parts...> {
  using rule = typename Rules<Parts...>::type;
  using type = std::conditional_t<rule::holds, typename Spec::type, rejected>;
};

/// An FFN declared by its widths (`swiglu<D, Dff>`, `relu_ffn<D, Dff>`, ...): its projections'
/// rules and then the family's `Rules<Act, Up, Down>`, checked in one place rather than through
/// `linear<...>` and `..._ffn_of<...>`, so that a diagnostic has one level of context less (the
/// limit of 15 lines holds on clang++ too). `type` is `Spec<Act, Up, Down>`, or `rejected`.
template<template<typename...> class Rules, template<typename...> class Spec, typename Act, typename D, typename Dff,
         bool Bias>
struct ffn_from_widths {
  using up = linear_rules<D, Dff, Bias>;
  using down = linear_rules<Dff, D, Bias>;
  using up_t = typename up::type;
  using down_t = typename down::type;
  using checked = ffn_rules<first_failing_t<typename up::rule, typename down::rule,
                                            rules::ffn_activation_must_be_an_activation<Act, Activation<Act>>>,
                            any_rejected<up_t, down_t>, Rules, Spec<Act, up_t, down_t>, Act, up_t, down_t>;
  using rule = typename checked::rule;
  using type = typename checked::type;
  // Named, not instantiated: the alias that names `verdict::type` asserts the rule, so the
  // diagnostic's context is the rule and the user's line, not this class spelled out.
  using verdict = shapeproof::detail::verdict<rule, type>;
};

/// Sums over an FFN's projections, `std::tuple<Projections...>`.
template<typename Tuple>
struct projection_sums;
template<typename... Projections>
struct projection_sums<std::tuple<Projections...>> {
  static constexpr bool has_bias = (Projections::has_bias || ...);
  static constexpr cost::params params() { return (Projections::params() + ...); }
  static constexpr cost::flops matmul_flops() { return (Projections::matmul_flops_per_token() + ...); }
  static constexpr cost::flops bias_flops()
  {
    return cost::make_flops(((Projections::has_bias ? Projections::out::extent : extent_t{0}) + ...));
  }
};

/// The counts every FFN spec has, summed over its projections (`Spec::projection_types`, a
/// `std::tuple`); `Spec` (the family's class) gives its element-wise work and saved activations.
/// Templated on `Spec` alone, so that a diagnostic names it once and briefly.
template<typename Spec>
struct ffn_base {
  /// The sum of the projections' parameters.
  static constexpr cost::params params() { return projection_sums<typename Spec::projection_types>::params(); }
  /// The sum of the projections' matmul FLOPs for one token.
  static constexpr cost::flops matmul_flops_per_token()
  {
    return projection_sums<typename Spec::projection_types>::matmul_flops();
  }
  /// The bias additions for one token: one FLOP per output of each projection that has a bias.
  static constexpr cost::flops bias_flops_per_token()
  {
    return projection_sums<typename Spec::projection_types>::bias_flops();
  }
  /// All FLOPs for one token: matmuls and element-wise work.
  static constexpr cost::flops flops_per_token()
  {
    return matmul_flops_per_token() + Spec::elementwise_flops_per_token();
  }
  /// The values kept per token for the backward pass, in dtype `T`.
  template<Dtype T>
  static constexpr cost::bytes activation_bytes_per_token()
  {
    return bytes_of_elements<T>(Spec::saved_activations_per_token());
  }
};

}  // namespace shapeproof::detail

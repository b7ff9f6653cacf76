// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief `linear<In, Out, Bias>`: a projection, with its two layouts made explicit.
 *
 * The math layout is `[In, Out]` (`y = x · W`, as FFN teaching material writes it); PyTorch's
 * `nn.Linear.weight` stores `[Out, In]` (`y = x · Wᵀ`). Both are named types, so using the
 * stored matrix where the math one is meant is a rule-4 error, not a silent transpose.
 * See proofs/linear.cpp.
 */

#include <shapeproof/core/dim_concepts.hpp>
#include <shapeproof/core/rules.hpp>
#include <shapeproof/core/shape.hpp>
#include <shapeproof/cost/quantity.hpp>
#include <shapeproof/detail/rejected.hpp>
#include <shapeproof/variants/formulas.hpp>

#include <type_traits>

namespace shapeproof {

namespace spec {

/**
 * @brief The projection `linear<In, Out, Bias>` names once its rules hold: from `In` to `Out`,
 * with an optional bias `[Out]`. Write `linear<...>`, which checks, not this class.
 */
template<typename In, typename Out, bool Bias = false>
struct linear {
  using in = In;
  using out = Out;
  static constexpr bool has_bias = Bias;

  /// `W` in `y = x · W`: `[In, Out]`.
  using math_shape = shape<In, Out>;
  /// PyTorch's and Hugging Face's stored weight: `[Out, In]`.
  using storage_shape = shape<Out, In>;
  /// The bias, when there is one: `[Out]`.
  using bias_shape = shape<Out>;

  /// The output shape for an input `X` whose last dimension is `In` (rule 4).
  template<Shape X>
  using output_t = matmul_t<X, math_shape>;

  /// Weights `In·Out`, plus `Out` for the bias.
  static constexpr cost::params params() { return formula::linear_params(In::extent, Out::extent, Bias); }

  /// The matmul's FLOPs for one token: one multiply-add (two FLOPs) per weight.
  static constexpr cost::flops matmul_flops_per_token()
  {
    return formula::linear_matmul_flops(In::extent, Out::extent);
  }
};

}  // namespace spec

namespace detail {

template<typename T>
struct is_linear : std::false_type {
};
template<typename In, typename Out, bool Bias>
struct is_linear<spec::linear<In, Out, Bias>> : std::true_type {
};

// The rules of `linear<In, Out, Bias>`, in two stages: what In and Out are, then (only when
// they are dimensions, whose extents can be read) their extents and the counts.
template<typename In, typename Out, bool Bias,
         typename Kinds = first_failing_t<rules::dimension_needs_a_name<In>, rules::must_be_a_dimension<In>,
                                          rules::dimension_needs_a_name<Out>, rules::must_be_a_dimension<Out>>>
struct linear_rules {
  using rule = Kinds;
  using type = rejected;
};
template<typename In, typename Out, bool Bias>
struct linear_rules<In, Out, Bias, rules::passed> {
  using rule = first_failing_t<rules::weight_dimensions_must_be_static<In, In::extent>,
                               rules::weight_dimensions_must_be_static<Out, Out::extent>,
                               rules::count_must_fit_in_64_bits<shape<In, Out>, 2, In::extent, Out::extent>>;
  using type = std::conditional_t<rule::holds, spec::linear<In, Out, Bias>, rejected>;
};
// A projection over a dimension whose own declaration was refused (its error has been given) is
// refused too, without a check of its own.
template<typename In, typename Out, bool Bias>
  requires(std::is_base_of_v<rejected_dim, In> || std::is_base_of_v<rejected_dim, Out>)
struct linear_rules<In, Out, Bias, rules::passed> {
  using rule = rules::passed;
  using type = rejected;
};

template<typename In, typename Out, bool Bias>
struct make_linear {
  using rule = typename linear_rules<In, Out, Bias>::rule;
  using type = typename linear_rules<In, Out, Bias>::type;
  // Named, not instantiated: the alias that names `verdict::type` asserts the rule, so the
  // diagnostic's context is the rule and the user's line, not this class spelled out.
  using verdict = shapeproof::detail::verdict<rule, type>;
};

}  // namespace detail

/**
 * @brief A linear projection from `In` to `Out`, with an optional bias `[Out]`, checked where
 * it is written.
 *
 * `In` and `Out` are named dimensions with static extents (only activations carry the token
 * axis), and the projection's counts fit in 64 bits. An alias: `using up = linear<d_ff,
 * tokens>;` is an error on that line, even if `up` is never used.
 */
template<typename In, typename Out, bool Bias = false>
using linear = typename detail::make_linear<In, Out, Bias>::verdict::type;

/// `Linear<T>`: T is a projection named by `linear<In, Out, Bias>`.
template<typename T>
concept Linear = detail::is_linear<T>::value || std::is_same_v<T, detail::rejected>;

/// `LinearFromTo<T, In, Out>`: T is a linear projection `In -> Out`.
template<typename T, typename In, typename Out>
concept LinearFromTo = Linear<T> && std::is_same_v<typename T::in, In> && std::is_same_v<typename T::out, Out>;

}  // namespace shapeproof

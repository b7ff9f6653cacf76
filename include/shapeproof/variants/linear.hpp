// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief `linear<In, Out, Bias>`: a projection, with its two layouts made explicit.
 *
 * The math layout is `[In, Out]` (`y = x · W`, as the seeds write it); PyTorch's
 * `nn.Linear.weight` stores `[Out, In]` (`y = x · Wᵀ`). Both are named types, so using the
 * stored matrix where the math one is meant is a rule-4 error, not a silent transpose.
 * See proofs/linear.cpp.
 */

#include <shapeproof/core/dim_concepts.hpp>
#include <shapeproof/core/rules.hpp>
#include <shapeproof/core/shape.hpp>
#include <shapeproof/cost/quantity.hpp>
#include <shapeproof/variants/formulas.hpp>

#include <type_traits>

namespace shapeproof {

/**
 * @brief A linear projection from `In` to `Out`, with an optional bias `[Out]`.
 *
 * Its weights have static extents; only activations carry the token axis.
 */
template<Dim In, Dim Out, bool Bias = false>
struct linear {
  static_assert(sizeof(enforce<rules::weight_dimensions_must_be_static<In, In::extent>,
                               rules::weight_dimensions_must_be_static<Out, Out::extent>,
                               rules::count_must_fit_in_64_bits<linear, 2, In::extent, Out::extent>>));

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

namespace detail {
template<typename T>
struct is_linear : std::false_type {
};
template<typename In, typename Out, bool Bias>
struct is_linear<linear<In, Out, Bias>> : std::true_type {
};
}  // namespace detail

/// `Linear<T>`: T is a `linear<In, Out, Bias>`.
template<typename T>
concept Linear = detail::is_linear<T>::value;

/// `LinearFromTo<T, In, Out>`: T is a linear projection `In -> Out`.
template<typename T, typename In, typename Out>
concept LinearFromTo = Linear<T> && std::is_same_v<typename T::in, In> && std::is_same_v<typename T::out, Out>;

}  // namespace shapeproof

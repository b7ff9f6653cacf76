// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief What every FFN spec provides, as concepts; and the output shape rule they share.
 */

#include <shapeproof/core/dim_concepts.hpp>
#include <shapeproof/core/rules.hpp>
#include <shapeproof/core/shape.hpp>
#include <shapeproof/cost/quantity.hpp>

#include <concepts>
#include <string_view>

namespace shapeproof {

/**
 * @brief `FfnSpec<T>`: a compile-time FFN description: its model width `D`, hidden width `Dff`,
 * projections, parameter and FLOP counts, and its output shape for an input shape.
 */
template<typename T>
concept FfnSpec = requires
{
  typename T::model_dim;
  typename T::hidden_dim;
  typename T::activation;
  {
    T::is_gated
    } -> std::convertible_to<bool>;
  {
    T::name
    } -> std::convertible_to<std::string_view>;
  {
    T::params()
    } -> std::same_as<cost::params>;
  {
    T::matmul_flops_per_token()
    } -> std::same_as<cost::flops>;
}
&&Dim<typename T::model_dim>&& Dim<typename T::hidden_dim>;

/// `GatedFfn<T>`: an FFN of the gated family (gate, up and down projections).
template<typename T>
concept GatedFfn = FfnSpec<T> && T::is_gated && requires
{
  typename T::gate;
  typename T::up;
  typename T::down;
  typename T::fused_gate_up;
};

/// `DenseFfn<T>`: a two-projection FFN (up, activation, down).
template<typename T>
concept DenseFfn = FfnSpec<T> && !T::is_gated && requires
{
  typename T::up;
  typename T::down;
};

namespace detail {

// The output shape of an FFN on input `X`: the input's last dimension must be the FFN's `D`
// (rule 4, the first matmul); the chain of shape rules is only computed when it holds, so a
// wrong input is one error.
template<typename Spec, typename X>
struct ffn_output {
  using input_dim = last_dim<X>;
  using model_dim = typename Spec::model_dim;
  static_assert(sizeof(
      enforce<rules::matmul_inner_dimensions_must_agree<input_dim, input_dim::extent, model_dim, model_dim::extent>>));
  template<bool Ok, typename = void>
  struct compute {
    using type = X;
  };
  template<typename Void>
  struct compute<true, Void> {
    using type = typename Spec::template output_chain_t<X>;
  };
  using type = typename compute<std::is_same_v<input_dim, model_dim>>::type;
};

}  // namespace detail

/// The output shape of FFN `Spec` on an input of shape `X`: `[T, D] -> [T, D]`.
template<FfnSpec Spec, Shape X>
  requires(X::rank >= 1)
using ffn_output_t = typename detail::ffn_output<Spec, X>::type;

}  // namespace shapeproof

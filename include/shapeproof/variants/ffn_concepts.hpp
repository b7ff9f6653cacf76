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
#include <shapeproof/detail/rejected.hpp>

#include <concepts>
#include <string_view>

namespace shapeproof {

namespace spec {
template<typename Act, typename D, typename Dff, bool UpBias, bool DownBias>
struct dense;
template<typename GateAct, typename D, typename Dff, bool GateBias, bool UpBias, bool DownBias>
struct gated;
template<typename Expert, extent_t Experts, extent_t TopK, extent_t SharedExperts, bool RouterBias,
         typename SharedExpert>
struct moe_ffn;
}  // namespace spec

namespace detail {
template<typename T>
struct ffn_kind {
  static constexpr bool dense = false;
  static constexpr bool gated = false;
  static constexpr bool moe = false;
};
template<typename Act, typename D, typename Dff, bool UpBias, bool DownBias>
struct ffn_kind<spec::dense<Act, D, Dff, UpBias, DownBias>> {
  static constexpr bool dense = true;
  static constexpr bool gated = false;
  static constexpr bool moe = false;
};
template<typename Act, typename D, typename Dff, bool GateBias, bool UpBias, bool DownBias>
struct ffn_kind<spec::gated<Act, D, Dff, GateBias, UpBias, DownBias>> {
  static constexpr bool dense = false;
  static constexpr bool gated = true;
  static constexpr bool moe = false;
};
template<typename Expert, extent_t Experts, extent_t TopK, extent_t SharedExperts, bool RouterBias,
         typename SharedExpert>
struct ffn_kind<spec::moe_ffn<Expert, Experts, TopK, SharedExperts, RouterBias, SharedExpert>> {
  static constexpr bool dense = false;
  static constexpr bool gated = false;
  static constexpr bool moe = true;
};
// A rejected declaration is every kind: its error has been given, none is added.
template<>
struct ffn_kind<rejected> {
  static constexpr bool dense = true;
  static constexpr bool gated = true;
  static constexpr bool moe = true;
};
}  // namespace detail

// Each concept is one trait, not a list of requirements: a spec that fails one in a user's
// constrained template is then one short note ("because 'GatedFfn<...>' evaluated to false"),
// not a note per requirement.

/**
 * @brief `FfnSpec<T>`: a compile-time FFN description: its model width `D`, hidden width `Dff`,
 * projections, parameter and FLOP counts, and its output shape for an input shape. The FFNs of
 * `dense_ffn_of`, `gated_ffn_of` (and their named variants) and `moe_ffn`.
 */
template<typename T>
concept FfnSpec = detail::ffn_kind<T>::dense || detail::ffn_kind<T>::gated || detail::ffn_kind<T>::moe;

/// `GatedFfn<T>`: an FFN of the gated family (gate, up and down projections).
template<typename T>
concept GatedFfn = detail::ffn_kind<T>::gated;

/// `DenseFfn<T>`: a two-projection FFN (up, activation, down).
template<typename T>
concept DenseFfn = detail::ffn_kind<T>::dense;

namespace detail {

// The output shape of an FFN on input `X`: the input's last dimension must be the FFN's `D`
// (rule 4, the first matmul); the chain of shape rules is only computed when it holds, so a
// wrong input is one error.
template<typename Spec, typename X>
struct ffn_output;

template<typename X>
struct ffn_output<rejected, X> {
  using type = X;
  using verdict = shapeproof::detail::verdict<rules::passed, type>;
};

template<typename Spec, typename X>
struct ffn_output {
  using input_dim = last_dim<X>;
  using model_dim = typename Spec::model_dim;
  using rule = first_failing_t<
      rules::matmul_inner_dimensions_must_agree<input_dim, input_dim::extent, model_dim, model_dim::extent>>;
  // After a refused input, the shape a right one would give, `[..., D]`: the user's next line
  // (`static_assert(std::same_as<ffn_output_t<F, X>, shape<tokens, d_model>>)`) adds no error.
  template<bool Ok, typename = void>
  struct compute {
    using type = replace_at<X, X::rank - 1, model_dim>;
  };
  template<typename Void>
  struct compute<true, Void> {
    using type = typename Spec::template output_chain_t<X>;
  };
  using type = typename compute<std::is_same_v<input_dim, model_dim>>::type;
  using verdict = shapeproof::detail::verdict<rule, type>;
};

}  // namespace detail

/// The output shape of FFN `Spec` on an input of shape `X`: `[T, D] -> [T, D]`.
template<FfnSpec Spec, Shape X>
  requires(X::rank >= 1)
using ffn_output_t = typename detail::ffn_output<Spec, X>::verdict::type;

}  // namespace shapeproof

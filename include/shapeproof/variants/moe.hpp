// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief Mixture of experts: a router `D -> experts`, `experts` copies of one FFN of which each
 * token uses `top_k`, and optionally shared experts every token uses.
 *
 * Mixtral-8x7B's layer is `moe_ffn<swiglu<d_model, d_ff>, 8, 2>`. The total count holds every
 * expert, the active count the `top_k` a token is routed to. Rule 6: `1 <= top_k <= experts`,
 * every expert has the same `D`, the router maps `D -> experts`. See proofs/moe.cpp.
 */

#include <shapeproof/core/dim.hpp>
#include <shapeproof/core/rules.hpp>
#include <shapeproof/core/shape.hpp>
#include <shapeproof/cost/dtype.hpp>
#include <shapeproof/cost/quantity.hpp>
#include <shapeproof/variants/ffn_base.hpp>
#include <shapeproof/variants/ffn_concepts.hpp>
#include <shapeproof/variants/linear.hpp>

#include <cstdint>
#include <string_view>
#include <type_traits>

namespace shapeproof {

/// The router's output width: one logit per expert.
template<extent_t N>
struct expert_logits final : dim<N> {
};

namespace spec {

/**
 * @brief The MoE layer `moe_ffn<...>` names once its rules hold (write `moe_ffn<...>`, which
 * checks, not this class): an MoE layer of `Experts` copies of `Expert`, `TopK` of them per token, plus
 * `SharedExperts` copies of `SharedExpert` that every token uses.
 *
 * Routing is Mixtral's: softmax over all router logits, keep the `TopK` largest, renormalise
 * them to sum to one.
 */
template<typename Expert, extent_t Experts, extent_t TopK, extent_t SharedExperts, bool RouterBias,
         typename SharedExpert>
struct moe_ffn {
  using expert = Expert;
  /// The shared experts' FFN (`void` in the type, which keeps diagnostics short, means `Expert`).
  using shared_expert = std::conditional_t<std::is_void_v<SharedExpert>, Expert, SharedExpert>;
  using activation = typename Expert::activation;
  using model_dim = typename Expert::model_dim;
  using hidden_dim = typename Expert::hidden_dim;
  /// `D -> experts`, stored `[experts, D]`.
  using router = linear<model_dim, expert_logits<Experts>, RouterBias>;
  static constexpr extent_t experts = Experts;
  static constexpr extent_t top_k = TopK;
  static constexpr extent_t shared_experts = SharedExperts;
  static constexpr bool is_gated = Expert::is_gated;
  static constexpr std::string_view name = "moe";

  /// Every weight: the router, all experts and the shared ones.
  static constexpr cost::params params()
  {
    return router::params() + Expert::params() * Experts + shared_expert::params() * SharedExperts;
  }
  /// The weights one token uses: the router, its `top_k` experts and the shared ones.
  static constexpr cost::params active_params()
  {
    return router::params() + Expert::params() * TopK + shared_expert::params() * SharedExperts;
  }
  /// Matmul FLOPs for one token: the router, `top_k` experts, the shared experts.
  static constexpr cost::flops matmul_flops_per_token()
  {
    return router::matmul_flops_per_token() + Expert::matmul_flops_per_token() * TopK +
           shared_expert::matmul_flops_per_token() * SharedExperts;
  }
  /// Element-wise work for one token: the experts' own, the routing (softmax over `experts`
  /// logits: an exp, an addition and a division each; renormalising `top_k` weights: an addition
  /// and a division each) and the weighted sum of the `top_k` outputs (a multiply-add per value).
  static constexpr cost::flops elementwise_flops_per_token()
  {
    return Expert::elementwise_flops_per_token() * TopK + shared_expert::elementwise_flops_per_token() * SharedExperts +
           cost::make_flops(
               cost::checked_add(3 * Experts + 2 * TopK, cost::checked_product(2, TopK, model_dim::extent)));
  }
  static constexpr cost::flops flops_per_token() { return matmul_flops_per_token() + elementwise_flops_per_token(); }
  /// Values kept per token for the backward pass: each used expert's, and the `experts` router logits.
  static constexpr extent_t saved_activations_per_token()
  {
    return Expert::saved_activations_per_token() * TopK + shared_expert::saved_activations_per_token() * SharedExperts +
           Experts;
  }
  template<Dtype T>
  static constexpr cost::bytes activation_bytes_per_token()
  {
    return bytes_of_elements<T>(saved_activations_per_token());
  }

  /// Each expert returns to `D`, so the layer does.
  template<Shape X>
  using output_chain_t = typename Expert::template output_chain_t<X>;
};

}  // namespace spec

namespace detail {

// Rule 9 for an MoE: every count it reports, summed over the router and its experts, fits in
// 64 bits (each expert's own counts already do).
template<typename Expert, extent_t Experts, extent_t TopK, extent_t SharedExperts, typename SharedExpert,
         typename Router>
consteval bool moe_counts_fit()
{
  const auto sum_fits = [](std::int64_t router, std::int64_t expert, std::int64_t n, std::int64_t shared) {
    std::int64_t experts_total = 0;
    std::int64_t shared_total = 0;
    std::int64_t r = 0;
    return !(__builtin_mul_overflow(expert, n, &experts_total) ||
             __builtin_mul_overflow(shared, SharedExperts, &shared_total) ||
             __builtin_add_overflow(router, experts_total, &r) || __builtin_add_overflow(r, shared_total, &r));
  };
  std::int64_t routing = 0;  // the element-wise work of routing, as moe_ffn counts it
  return sum_fits(Router::params().value(), Expert::params().value(), Experts, SharedExpert::params().value()) &&
         sum_fits(Router::matmul_flops_per_token().value(), Expert::matmul_flops_per_token().value(), TopK,
                  SharedExpert::matmul_flops_per_token().value()) &&
         !__builtin_mul_overflow(2 * TopK, Expert::model_dim::extent, &routing) &&
         sum_fits(routing, Expert::elementwise_flops_per_token().value(), TopK,
                  SharedExpert::elementwise_flops_per_token().value());
}

/// What rule 9 names for an MoE whose counts overflow: its numbers of experts (the expert is named
/// by the user's line).
template<extent_t Experts, extent_t TopK, extent_t SharedExperts>
struct moe_of_experts {
};

template<typename Expert, typename Experts, typename TopK, typename SharedExperts, typename RouterBias,
         typename SharedExpert>
struct moe_rules {
  using spec_type =
      spec::moe_ffn<Expert, Experts::value, TopK::value, SharedExperts::value, RouterBias::value, SharedExpert>;
  using type = first_failing_t<
      rules::moe_top_k_must_be_between_1_and_experts<TopK::value, Experts::value>,
      rules::moe_shared_experts_cannot_be_negative<SharedExperts::value>,
      rules::moe_experts_must_share_the_model_width<typename Expert::model_dim, Expert::model_dim::extent,
                                                    typename SharedExpert::model_dim, SharedExpert::model_dim::extent>,
      rules::counts_must_fit_in_64_bits<moe_of_experts<Experts::value, TopK::value, SharedExperts::value>,
                                        moe_counts_fit<Expert, Experts::value, TopK::value, SharedExperts::value,
                                                       SharedExpert, typename spec_type::router>()>>;
};

// The rules of an MoE whose shared experts are `SharedExpert`, named `SharedInType` in the spec.
template<typename Expert, extent_t Experts, extent_t TopK, extent_t SharedExperts, bool RouterBias,
         typename SharedInType, typename SharedExpert>
struct make_moe_checked {
  using checked = ffn_rules<
      first_failing_t<
          rules::moe_expert_must_be_an_ffn<Expert, FfnSpec<Expert>>,
          rules::moe_expert_must_be_an_ffn<SharedExpert, FfnSpec<SharedExpert>>,
          rules::moe_expert_cannot_be_an_moe<Expert, !ffn_kind<Expert>::moe || any_rejected<Expert>>,
          rules::moe_expert_cannot_be_an_moe<SharedExpert, !ffn_kind<SharedExpert>::moe || any_rejected<SharedExpert>>>,
      any_rejected<Expert, SharedExpert>, moe_rules,
      std::type_identity<spec::moe_ffn<Expert, Experts, TopK, SharedExperts, RouterBias, SharedInType>>, Expert,
      std::integral_constant<extent_t, Experts>, std::integral_constant<extent_t, TopK>,
      std::integral_constant<extent_t, SharedExperts>, std::bool_constant<RouterBias>, SharedExpert>;
  using rule = typename checked::rule;
  using type = typename checked::type;
  // Named, not instantiated: the alias that names `verdict::type` asserts the rule, so the
  // diagnostic's context is the rule and the user's line, not this class spelled out.
  using verdict = shapeproof::detail::verdict<rule, type>;
};

template<typename Expert, extent_t Experts, extent_t TopK, extent_t SharedExperts, bool RouterBias,
         typename SharedExpert>
struct make_moe : make_moe_checked<Expert, Experts, TopK, SharedExperts, RouterBias, SharedExpert, SharedExpert> {
};
// A shared expert that is the routed one (or none given) is `void` in the spec's type, so that a
// diagnostic names the expert once.
template<typename Expert, extent_t Experts, extent_t TopK, extent_t SharedExperts, bool RouterBias>
struct make_moe<Expert, Experts, TopK, SharedExperts, RouterBias, Expert> :
    make_moe_checked<Expert, Experts, TopK, SharedExperts, RouterBias, void, Expert> {
};
template<typename Expert, extent_t Experts, extent_t TopK, extent_t SharedExperts, bool RouterBias>
struct make_moe<Expert, Experts, TopK, SharedExperts, RouterBias, void> :
    make_moe_checked<Expert, Experts, TopK, SharedExperts, RouterBias, void, Expert> {
};

}  // namespace detail

/**
 * @brief An MoE layer of `Experts` copies of `Expert`, `TopK` of them per token, plus
 * `SharedExperts` copies of `SharedExpert` that every token uses; checked where it is written.
 *
 * Rule 6: `1 <= top_k <= experts`, every expert has the same `D`; rule 9: its counts fit in 64
 * bits. An alias: the line that declares it is the line of the error.
 */
template<typename Expert, extent_t Experts, extent_t TopK, extent_t SharedExperts = 0, bool RouterBias = false,
         typename SharedExpert = void>
using moe_ffn =
    typename detail::make_moe<Expert, Experts, TopK, SharedExperts, RouterBias, SharedExpert>::verdict::type;

/// `MoeFfn<T>`: a mixture-of-experts layer.
template<typename T>
concept MoeFfn = detail::ffn_kind<T>::moe;

}  // namespace shapeproof

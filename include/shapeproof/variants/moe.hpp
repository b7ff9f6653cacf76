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
#include <shapeproof/variants/ffn_concepts.hpp>
#include <shapeproof/variants/linear.hpp>

#include <string_view>

namespace shapeproof {

/// The router's output width: one logit per expert.
template<extent_t N>
struct expert_logits final : dim<N> {
};

/**
 * @brief An MoE layer of `Experts` copies of `Expert`, `TopK` of them per token, plus
 * `SharedExperts` copies of `SharedExpert` that every token uses.
 *
 * Routing is Mixtral's: softmax over all router logits, keep the `TopK` largest, renormalise
 * them to sum to one.
 */
template<FfnSpec Expert, extent_t Experts, extent_t TopK, extent_t SharedExperts = 0, bool RouterBias = false,
         FfnSpec SharedExpert = Expert>
struct moe_ffn {
  static_assert(sizeof(enforce<rules::moe_top_k_must_be_between_1_and_experts<TopK, Experts>,
                               rules::moe_experts_must_share_the_model_width<
                                   typename Expert::model_dim, Expert::model_dim::extent,
                                   typename SharedExpert::model_dim, SharedExpert::model_dim::extent>>));
  static_assert(SharedExperts >= 0, "shapeproof::moe_ffn: the number of shared experts cannot be negative");

  using expert = Expert;
  using shared_expert = SharedExpert;
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
    return router::params() + Expert::params() * Experts + SharedExpert::params() * SharedExperts;
  }
  /// The weights one token uses: the router, its `top_k` experts and the shared ones.
  static constexpr cost::params active_params()
  {
    return router::params() + Expert::params() * TopK + SharedExpert::params() * SharedExperts;
  }
  /// Matmul FLOPs for one token: the router, `top_k` experts, the shared experts.
  static constexpr cost::flops matmul_flops_per_token()
  {
    return router::matmul_flops_per_token() + Expert::matmul_flops_per_token() * TopK +
           SharedExpert::matmul_flops_per_token() * SharedExperts;
  }
  /// Element-wise work for one token: the experts' own, the routing (softmax over `experts`
  /// logits: an exp, an addition and a division each; renormalising `top_k` weights: an addition
  /// and a division each) and the weighted sum of the `top_k` outputs (a multiply-add per value).
  static constexpr cost::flops elementwise_flops_per_token()
  {
    return Expert::elementwise_flops_per_token() * TopK + SharedExpert::elementwise_flops_per_token() * SharedExperts +
           cost::make_flops(
               cost::checked_add(3 * Experts + 2 * TopK, cost::checked_product(2, TopK, model_dim::extent)));
  }
  static constexpr cost::flops flops_per_token() { return matmul_flops_per_token() + elementwise_flops_per_token(); }
  /// Values kept per token for the backward pass: each used expert's, and the `experts` router logits.
  static constexpr extent_t saved_activations_per_token()
  {
    return Expert::saved_activations_per_token() * TopK + SharedExpert::saved_activations_per_token() * SharedExperts +
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

/// `MoeFfn<T>`: a mixture-of-experts layer.
template<typename T>
concept MoeFfn = FfnSpec<T> && requires
{
  typename T::expert;
  typename T::router;
  {
    T::active_params()
    } -> std::same_as<cost::params>;
};

}  // namespace shapeproof

// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief What a declaration that broke a rule names, so that one mistake gives one error.
 *
 * `linear<...>`, `gated_ffn_of<...>`, `dense_ffn_of<...>` and `moe_ffn<...>` are aliases that
 * check their rule where the user writes them. When a rule fails, its `static_assert` is the
 * error, and the alias names `rejected` instead of the spec: every member a spec has, counts
 * that agree with any comparison, and FFNs built from it are `rejected` too, without a check of
 * their own. So the user's next lines (`static_assert(mine::params() == ...)`) add no second
 * error on top of the one that states the rule.
 */

#include <shapeproof/core/dim.hpp>
#include <shapeproof/core/shape.hpp>

#include <concepts>
#include <string_view>

namespace shapeproof::detail {

/// A count of a rejected declaration: every comparison holds, arithmetic stays rejected.
struct rejected_count {
  constexpr rejected_count value() const { return {}; }
  constexpr explicit operator bool() const { return true; }
};

template<typename A, typename B>
concept either_rejected_count = std::same_as<A, rejected_count> || std::same_as<B, rejected_count>;

#define SHAPEPROOF_REJECTED_OPERATOR(OP, RESULT, VALUE) \
  template<typename A, typename B>                      \
    requires either_rejected_count<A, B>                \
  constexpr RESULT operator OP(const A&, const B&) { return VALUE; }
SHAPEPROOF_REJECTED_OPERATOR(==, bool, true)
SHAPEPROOF_REJECTED_OPERATOR(!=, bool, true)
SHAPEPROOF_REJECTED_OPERATOR(<, bool, true)
SHAPEPROOF_REJECTED_OPERATOR(<=, bool, true)
SHAPEPROOF_REJECTED_OPERATOR(>, bool, true)
SHAPEPROOF_REJECTED_OPERATOR(>=, bool, true)
SHAPEPROOF_REJECTED_OPERATOR(+, rejected_count, {})
SHAPEPROOF_REJECTED_OPERATOR(-, rejected_count, {})
SHAPEPROOF_REJECTED_OPERATOR(*, rejected_count, {})
SHAPEPROOF_REJECTED_OPERATOR(/, rejected_count, {})
#undef SHAPEPROOF_REJECTED_OPERATOR

/// The one dimension of a rejected declaration.
struct rejected_dim final : dim<1> {};

/// What an alias whose rule failed names: a linear, a dense, gated or MoE FFN at once.
struct rejected {
  using in = rejected_dim;
  using out = rejected_dim;
  using model_dim = rejected_dim;
  using hidden_dim = rejected_dim;
  using activation = rejected;
  using gate = rejected;
  using up = rejected;
  using down = rejected;
  using fused_gate_up = rejected;
  using expert = rejected;
  using shared_expert = rejected;
  using router = rejected;
  using math_shape = shape<rejected_dim, rejected_dim>;
  using storage_shape = shape<rejected_dim, rejected_dim>;
  using bias_shape = shape<rejected_dim>;
  static constexpr bool has_bias = false;
  static constexpr bool is_gated = false;
  static constexpr extent_t experts = 1;
  static constexpr extent_t top_k = 1;
  static constexpr extent_t shared_experts = 0;
  static constexpr std::string_view name = "rejected";
  static constexpr int flops_per_element = 0;

  static constexpr rejected_count params() { return {}; }
  static constexpr rejected_count active_params() { return {}; }
  static constexpr rejected_count matmul_flops_per_token() { return {}; }
  static constexpr rejected_count bias_flops_per_token() { return {}; }
  static constexpr rejected_count elementwise_flops_per_token() { return {}; }
  static constexpr rejected_count flops_per_token() { return {}; }
  static constexpr rejected_count saved_activations_per_token() { return {}; }
  template<typename T>
  static constexpr rejected_count activation_bytes_per_token()
  {
    return {};
  }
  // tensor_parallel's and expert_parallel's
  using shard_dim = rejected_dim;
  using rank_spec = rejected;
  using whole = rejected;
  static constexpr extent_t ranks = 1;
  static constexpr extent_t experts_per_rank = 1;
  static constexpr rejected_count params_per_rank() { return {}; }
  static constexpr rejected_count flops_per_token_per_rank() { return {}; }
  template<typename T = void>
  static constexpr rejected_count weight_bytes_per_rank()
  {
    return {};
  }
  template<typename T = void>
  static constexpr rejected_count allreduce_bytes_per_token()
  {
    return {};
  }
  template<typename T = void>
  static constexpr rejected_count alltoall_bytes_per_token()
  {
    return {};
  }
  static constexpr double apply(double) { return 0.0; }
  static constexpr double hidden(double, double = 0.0) { return 0.0; }

  /// Any input's shape is its own output shape: nothing more to report.
  template<typename X>
  using output_t = X;
  template<typename X>
  using output_chain_t = X;
};

template<typename... Ts>
inline constexpr bool any_rejected = (std::same_as<Ts, rejected> || ...);

}  // namespace shapeproof::detail

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
#include <shapeproof/detail/rejected_dim.hpp>

#include <concepts>
#include <cstdint>
#include <string_view>

namespace shapeproof::detail {

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
  // Its numbers compare equal to any a follow-up line names, and are 1 where a number is needed.
  static constexpr rejected_count experts{};
  static constexpr rejected_count top_k{};
  static constexpr rejected_count shared_experts{};
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
  static constexpr rejected_count ranks{};
  static constexpr rejected_count experts_per_rank{};
  static constexpr rejected_count params_per_rank() { return {}; }
  static constexpr rejected_count flops_per_token_per_rank() { return {}; }
  template<typename Checked = void>
  static constexpr rejected_count weight_bytes_per_rank()
  {
    return {};
  }
  template<typename Checked = void>
  static constexpr rejected_count allreduce_bytes_per_token()
  {
    return {};
  }
  template<typename Checked = void>
  static constexpr rejected_count alltoall_bytes_per_token()
  {
    return {};
  }
  // an attention's and a decoder layer's
  using head_dim = rejected_dim;
  using q = rejected;
  using k = rejected;
  using v = rejected;
  using o = rejected;
  using norm = rejected;
  using attention = rejected;
  using ffn = rejected;
  static constexpr rejected_count heads{};
  static constexpr rejected_count kv_heads{};
  static constexpr rejected_count rotary_dim{};
  static constexpr rejected_count window{};
  static constexpr rejected_count norms{};
  static constexpr rejected_count head_dim_extent{};
  static constexpr rejected_count kv_lora_rank{};
  static constexpr rejected_count q_lora_rank{};
  static constexpr bool latent = false;
  static constexpr bool qkv_bias = false;
  static constexpr bool o_bias = false;
  static constexpr int qk_norm_kind = 0;
  static constexpr rejected_count kv_values_per_token() { return {}; }
  static constexpr rejected_count cached_tokens(std::int64_t) { return {}; }
  template<typename T>
  static constexpr rejected_count kv_cache_bytes_per_token()
  {
    return {};
  }
  template<typename T>
  static constexpr rejected_count kv_cache_bytes(std::int64_t)
  {
    return {};
  }
  static constexpr double apply(double) { return 0.0; }
  /// Whatever the user's code expects in its place (a function declared to return a spec).
  template<typename T>
    requires std::default_initializable<T>
  constexpr operator T() const  // NOLINT(google-explicit-constructor): it stands in for any spec
  {
    return T{};
  }
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

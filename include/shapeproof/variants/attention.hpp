// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief Attention, typed: its q, k, v and o projections checked against its heads, KV heads and
 * head width (rule 12), its rotary dimension, q/k norms and sliding window in the type, and its
 * KV cache as exact byte counts.
 *
 * Multi-head, grouped-query and multi-query attention are one template: `kv_heads` divides
 * `heads`, k and v map D to `kv_heads·head_dim`, q to `heads·head_dim`, and o reads the heads'
 * output and returns to D. `heads·head_dim` need not be D (Gemma, Qwen3), and `head_dim` is a
 * dimension of its own, never derived from D. Multi-head latent attention (DeepSeek-V2/V3) has
 * its own template, `latent_attention`, whose cache is one latent per token.
 *
 * @code
 * struct d_model final : model_width<4096> {};
 * struct head_dim final : dim<128> {};
 * using attn = gqa_attention<d_model, 32, 8, head_dim, rotary<128>>;  // Llama-3-8B
 * static_assert(attn::params() == 41'943'040_params);
 * static_assert(attn::kv_cache_bytes_per_token<bf16>() == 4'096_bytes);  // k and v, 8 heads of 128
 * @endcode
 * See proofs/attention.cpp.
 */

#include <shapeproof/core/dim.hpp>
#include <shapeproof/core/dim_concepts.hpp>
#include <shapeproof/core/rules.hpp>
#include <shapeproof/core/shape.hpp>
#include <shapeproof/cost/dtype.hpp>
#include <shapeproof/cost/quantity.hpp>
#include <shapeproof/detail/rejected.hpp>
#include <shapeproof/variants/linear.hpp>

#include <type_traits>

#define SHAPEPROOF_RULE_12_KV_HEADS_MESSAGE                                                                 \
  "shapeproof rule 12: heads and kv_heads must be positive, and kv_heads must divide heads (grouped-query " \
  "attention shares each KV head among heads / kv_heads query heads)"
#define SHAPEPROOF_RULE_12_INPUT_MESSAGE "shapeproof rule 12: q, k and v must all read the residual stream's width D"
#define SHAPEPROOF_RULE_12_Q_MESSAGE "shapeproof rule 12: the q projection must map D to heads·head_dim"
#define SHAPEPROOF_RULE_12_KV_MESSAGE                                                                          \
  "shapeproof rule 12: k and v must both map D to kv_heads·head_dim (with grouped-query attention, fewer KV " \
  "heads than query heads)"
#define SHAPEPROOF_RULE_12_O_IN_MESSAGE "shapeproof rule 12: o must read the heads' output, heads·head_dim, not D"
#define SHAPEPROOF_RULE_12_O_OUT_MESSAGE "shapeproof rule 12: the o projection must return to D, the width q reads"
#define SHAPEPROOF_RULE_12_ROTARY_MESSAGE                                                                     \
  "shapeproof rule 12: the rotary dimension must be even and at most head_dim (it rotates pairs of a head's " \
  "values)"
#define SHAPEPROOF_RULE_12_QK_NORM_MESSAGE \
  "shapeproof rule 12: q and k norms run over head_dim (qk_norm<head_dim>) or over q's and k's whole outputs"
#define SHAPEPROOF_RULE_12_WINDOW_MESSAGE "shapeproof rule 12: a sliding window must hold at least one token"
#define SHAPEPROOF_RULE_12_OPTION_MESSAGE                                                                             \
  "shapeproof rule 12: an attention's options are rotary<N>, qk_norm<...>, sliding_window<W>, attention_sinks, each " \
  "at most once"
#define SHAPEPROOF_RULE_12_PARTS_MESSAGE \
  "shapeproof rule 12: attention_of<heads, kv_heads, head_dim, q, k, v, o, options...> needs its four projections"
#define SHAPEPROOF_RULE_12_LATENT_MESSAGE                                                                         \
  "shapeproof rule 12: latent attention's q/k head_dim must be qk_nope_head_dim + qk_rope_head_dim (each head's " \
  "part without and with rotary)"
#define SHAPEPROOF_RULE_12_LINEAR_MESSAGE \
  "shapeproof rule 12: attention_of's q, k, v and o must be linear<In, Out>, given before its options"
#define SHAPEPROOF_NOT_AN_ATTENTION_MESSAGE \
  "shapeproof rule 12: a decoder layer's attention must be an attention spec (gqa_attention<...>, attention_of<...>)"

namespace shapeproof {

/// An attention option: the first `N` values of each head are rotated (RoPE); `N` is even and at
/// most `head_dim` (partial rotary: Phi-2, GPT-NeoX).
template<extent_t N>
struct rotary {
  static constexpr extent_t extent = N;
};

/// An attention option: RMSNorm on the queries and keys, over `head_dim` (one weight shared by
/// the heads: Qwen3, Gemma 3), or over the whole q and k outputs (`qk_norm<q_out, k_out>`: OLMo 2).
template<typename QDim, typename KDim = QDim>
struct qk_norm {
  using q_dim = QDim;
  using k_dim = KDim;
};

/// An attention option: each query attends to at most the last `W` positions, so a layer's KV
/// cache holds at most `W` tokens (Mistral-7B-v0.1, Gemma 2 and 3's local layers, gpt-oss).
template<extent_t W>
struct sliding_window {
  static constexpr extent_t extent = W;
};

/// An attention option: one learned logit per query head, an extra column of the softmax that no
/// value answers (gpt-oss). `heads` weights; nothing cached.
struct attention_sinks {};

/// `heads_times<N, HeadDim>`: the width of `N` heads of `HeadDim`, a dimension of its own name.
template<extent_t N, typename HeadDim>
struct heads_times final : dim<(N > 0 ? N : 1) * HeadDim::extent> {
};

namespace detail {

template<typename T>
struct attention_option {
  static constexpr int kind = 0;  // not an option
};
template<extent_t N>
struct attention_option<rotary<N>> {
  static constexpr int kind = 1;
};
template<typename Q, typename K>
struct attention_option<qk_norm<Q, K>> {
  static constexpr int kind = 2;
};
template<extent_t W>
struct attention_option<sliding_window<W>> {
  static constexpr int kind = 3;
};
template<>
struct attention_option<attention_sinks> {
  static constexpr int kind = 4;
};

// The option of `Kind` among `Options`, or `Default`.
template<int Kind, typename Default, typename... Options>
struct option_of {
  using type = Default;
};
template<int Kind, typename Default, typename First, typename... Rest>
struct option_of<Kind, Default, First, Rest...> {
  using type = std::conditional_t<attention_option<First>::kind == Kind, First,
                                  typename option_of<Kind, Default, Rest...>::type>;
};

template<typename... Options>
inline constexpr bool options_valid = [] {
  int seen[5] = {0, 0, 0, 0, 0};
  ((++seen[attention_option<Options>::kind]), ...);
  return seen[0] == 0 && seen[1] <= 1 && seen[2] <= 1 && seen[3] <= 1 && seen[4] <= 1;
}();

struct no_qk_norm {
  using q_dim = void;
  using k_dim = void;
};

}  // namespace detail

namespace rules {

/// Rule 12: `kv_heads` divides `heads` (GQA and MQA), both positive.
template<extent_t Heads, extent_t KvHeads>
struct kv_heads_must_divide_heads {
  static constexpr bool holds = Heads > 0 && KvHeads > 0 && Heads % KvHeads == 0;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(holds, SHAPEPROOF_RULE_12_KV_HEADS_MESSAGE);
  };
};

/// Rule 12: q, k and v read the same width D.
template<typename QIn, extent_t QInExtent, typename In, extent_t InExtent>
struct q_k_and_v_must_read_d {
  static constexpr bool holds = std::is_same_v<QIn, In>;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    using cmp = dim_comparison<holds, QInExtent, InExtent>;
    static_assert(cmp::not_other_extents, SHAPEPROOF_RULE_12_INPUT_MESSAGE);
    static_assert(cmp::not_same_extent_other_names, SHAPEPROOF_RULE_12_INPUT_MESSAGE SHAPEPROOF_BY_NAME);
  };
};

/// Rule 12: q writes `heads·head_dim`.
template<typename QOut, extent_t QOutExtent, extent_t Heads, typename HeadDim, extent_t HeadDimExtent>
struct q_must_map_d_to_heads_times_head_dim {
  static constexpr bool holds = QOutExtent == Heads * HeadDimExtent;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(holds, SHAPEPROOF_RULE_12_Q_MESSAGE);
  };
};

/// Rule 12: k and v write the same `kv_heads·head_dim`.
template<typename KOut, extent_t KOutExtent, extent_t KvHeads, typename HeadDim, bool Holds>
struct k_and_v_must_map_d_to_kv_heads_times_head_dim {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(holds, SHAPEPROOF_RULE_12_KV_MESSAGE);
  };
};

/// Rule 12: o reads the heads' output, which is q's output width, by name.
template<typename QOut, extent_t QOutExtent, typename OIn, extent_t OInExtent>
struct o_must_read_the_heads_output {
  static constexpr bool holds = std::is_same_v<QOut, OIn>;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    using cmp = dim_comparison<holds, QOutExtent, OInExtent>;
    static_assert(cmp::not_other_extents, SHAPEPROOF_RULE_12_O_IN_MESSAGE);
    static_assert(cmp::not_same_extent_other_names, SHAPEPROOF_RULE_12_O_IN_MESSAGE SHAPEPROOF_BY_NAME);
  };
};

/// Rule 12: o returns to D.
template<typename D, extent_t DExtent, typename OOut, extent_t OOutExtent>
struct o_must_return_to_d {
  static constexpr bool holds = std::is_same_v<D, OOut>;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    using cmp = dim_comparison<holds, DExtent, OOutExtent>;
    static_assert(cmp::not_other_extents, SHAPEPROOF_RULE_12_O_OUT_MESSAGE);
    static_assert(cmp::not_same_extent_other_names, SHAPEPROOF_RULE_12_O_OUT_MESSAGE SHAPEPROOF_BY_NAME);
  };
};

/// Rule 12: the rotary dimension is even, and at most `head_dim` (0: no rotary embedding).
template<extent_t Rotary, typename HeadDim, extent_t HeadDimExtent>
struct rotary_dimension_must_be_even_and_at_most_head_dim {
  static constexpr bool holds = Rotary >= 0 && Rotary % 2 == 0 && Rotary <= HeadDimExtent;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(holds, SHAPEPROOF_RULE_12_ROTARY_MESSAGE);
  };
};

/// Rule 12: q and k norms run over `head_dim`, or over q's and k's outputs.
template<typename NormQ, typename NormK, bool Holds>
struct qk_norms_must_run_over_head_dim {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(holds, SHAPEPROOF_RULE_12_QK_NORM_MESSAGE);
  };
};

/// Rule 12: a sliding window holds at least one token (0: no window).
template<extent_t Window>
struct sliding_window_must_be_positive {
  static constexpr bool holds = Window >= 0;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(holds, SHAPEPROOF_RULE_12_WINDOW_MESSAGE);
  };
};

/// Rule 12: `attention_of` is given q, k, v and o, in that order, before its options.
template<bool Holds>
struct attention_needs_q_k_v_and_o {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(holds, SHAPEPROOF_RULE_12_PARTS_MESSAGE);
  };
};

/// Rule 12: q, k, v and o are `linear<In, Out>`.
template<typename What, bool IsLinear>
struct attention_projections_must_be_linear {
  static constexpr bool holds = IsLinear;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(IsLinear, SHAPEPROOF_RULE_12_LINEAR_MESSAGE);
  };
};

/// Rule 12: the options are `rotary`, `qk_norm`, `sliding_window` and `attention_sinks`, each at most once.
template<bool Holds>
struct attention_options_must_be_known_and_single {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(holds, SHAPEPROOF_RULE_12_OPTION_MESSAGE);
  };
};

/// Rule 12, latent attention: each query and key head is `qk_nope_head_dim + qk_rope_head_dim` wide.
template<typename HeadDim, extent_t HeadDimExtent, typename QkNope, extent_t NopeExtent, typename QkRope,
         extent_t RopeExtent>
struct latent_head_dim_must_be_nope_plus_rope {
  static constexpr bool holds = HeadDimExtent == NopeExtent + RopeExtent;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(holds, SHAPEPROOF_RULE_12_LATENT_MESSAGE);
  };
};

}  // namespace rules

namespace detail {

/// What every attention spec has in common: its widths, counts and cache, from its head counts,
/// its dimensions, which projections have a bias (`Biases`: q 1, k 2, v 4, o 8) and its options.
/// The KV cache of an attention that caches `Self::kv_values_per_token()` values per token and
/// holds at most `Window` tokens of a context (0: every token).
template<typename Self, extent_t Window>
struct kv_cache_terms {
  static constexpr extent_t window = Window;  ///< 0: none
  /// Tokens of a `context` the cache holds: the window's worth at most.
  static constexpr extent_t cached_tokens(extent_t context)
  {
    return Window > 0 && Window < context ? Window : context;
  }
  /// The KV cache's bytes per token in `T` (a context no longer than the window).
  template<Dtype T>
  static constexpr cost::bytes kv_cache_bytes_per_token()
  {
    return bytes_of_elements<T>(Self::kv_values_per_token());
  }
  /// The KV cache's bytes for one sequence of `context` tokens in `T`, the window applied.
  template<Dtype T>
  static constexpr cost::bytes kv_cache_bytes(extent_t context)
  {
    return bytes_of_elements<T>(cost::checked_mul(Self::kv_values_per_token(), cached_tokens(context)));
  }
};

template<extent_t Heads, extent_t KvHeads, typename HeadDim, typename D, typename QOut, typename KvOut, int Biases,
         typename... Options>
struct attention_body :
    kv_cache_terms<attention_body<Heads, KvHeads, HeadDim, D, QOut, KvOut, Biases, Options...>,
                   option_of<3, sliding_window<0>, Options...>::type::extent> {
  using model_dim = D;
  using head_dim = HeadDim;
  using q = linear<D, QOut, (Biases & 1) != 0>;
  using k = linear<D, KvOut, (Biases & 2) != 0>;
  using v = linear<D, KvOut, (Biases & 4) != 0>;
  using o = linear<QOut, D, (Biases & 8) != 0>;
  using norm = typename option_of<2, no_qk_norm, Options...>::type;
  static constexpr extent_t heads = Heads;
  static constexpr extent_t kv_heads = KvHeads;
  static constexpr extent_t rotary_dim = option_of<1, rotary<0>, Options...>::type::extent;  ///< 0: none
  static constexpr bool latent = false;
  static constexpr bool is_attention_spec = true;
  static constexpr bool qkv_bias = (Biases & 7) == 7;  ///< on q, k and v (a model_config's qkv_bias)
  static constexpr bool o_bias = (Biases & 8) != 0;
  static constexpr bool sinks = !std::is_void_v<typename option_of<4, void, Options...>::type>;
  /// 0: none; 1: per head (over `head_dim`); 2: over the whole q and k outputs.
  static constexpr int qk_norm_kind =
      std::is_same_v<norm, no_qk_norm> ? 0 : (std::is_same_v<typename norm::q_dim, HeadDim> ? 1 : 2);

  /// q, k, v and o with their biases, the q/k norms' weights and the sinks.
  static constexpr cost::params params()
  {
    const extent_t norms = qk_norm_kind == 0   ? 0
                           : qk_norm_kind == 1 ? 2 * HeadDim::extent
                                               : QOut::extent + KvOut::extent;
    return q::params() + k::params() + v::params() + o::params() + cost::make_params(norms + (sinks ? Heads : 0));
  }
  /// The projections' FLOPs for one token (the scores and the weighted sum depend on the context).
  static constexpr cost::flops matmul_flops_per_token()
  {
    return q::matmul_flops_per_token() + k::matmul_flops_per_token() + v::matmul_flops_per_token() +
           o::matmul_flops_per_token();
  }
  /// Values the KV cache holds per token: a key and a value per KV head.
  static constexpr extent_t kv_values_per_token() { return 2 * KvHeads * HeadDim::extent; }
  /// `[..., D] -> [..., D]` through q and o (the scores mix tokens, not widths).
  template<Shape X>
  using output_chain_t = matmul_t<matmul_t<X, typename q::math_shape>, typename o::math_shape>;
};

}  // namespace detail

namespace spec {

/**
 * @brief The grouped-query attention `gqa_attention<...>` names once its rules hold (its short
 * name keeps diagnostics short). `Biases`: 0 none, 7 on q, k and v, 15 on o too.
 */
template<typename D, extent_t Heads, extent_t KvHeads, typename HeadDim, int Biases, typename... Options>
struct gqa :
    detail::attention_body<Heads, KvHeads, HeadDim, D, heads_times<Heads, HeadDim>, heads_times<KvHeads, HeadDim>,
                           Biases, Options...> {
};

/// The attention `attention_of<...>` names once its rules hold: q writes `QOut`, k and v `KvOut`.
template<extent_t Heads, extent_t KvHeads, typename HeadDim, typename D, typename QOut, typename KvOut, int Biases,
         typename... Options>
struct attention : detail::attention_body<Heads, KvHeads, HeadDim, D, QOut, KvOut, Biases, Options...> {
};

/**
 * @brief Multi-head latent attention `latent_attention<...>` names once its rules hold. Queries go
 * through a rank-`QLoraRank` bottleneck with its norm (`q_a`, `q_b`; `void`: one projection `q`);
 * keys and values come from one latent of `KvLoraRank` (with its norm) that `kv_a` writes with a
 * rope key of `QkRope` shared by the heads, expanded per head by `kv_b` into `QkNope` of key and
 * `VHead` of value; o maps `heads·VHead` to D. Its cache is the latent and the rope key.
 */
template<typename D, extent_t Heads, typename HeadDim, typename QkNope, typename QkRope, typename VHead,
         typename QLoraRank, typename KvLoraRank, typename... Options>
struct mla :
    detail::kv_cache_terms<mla<D, Heads, HeadDim, QkNope, QkRope, VHead, QLoraRank, KvLoraRank, Options...>,
                           detail::option_of<3, sliding_window<0>, Options...>::type::extent> {
  using model_dim = D;
  using head_dim = HeadDim;
  using q_a = std::conditional_t<std::is_void_v<QLoraRank>, void, linear<D, QLoraRank>>;
  using q = linear<std::conditional_t<std::is_void_v<QLoraRank>, D, QLoraRank>, heads_times<Heads, HeadDim>>;
  using kv_a = linear<D, cat<KvLoraRank, QkRope>>;
  using kv_b = linear<KvLoraRank, heads_times<Heads, cat<QkNope, VHead>>>;
  using o = linear<heads_times<Heads, VHead>, D>;
  static constexpr extent_t heads = Heads;
  static constexpr extent_t kv_heads = Heads;
  static constexpr extent_t head_dim_extent = HeadDim::extent;
  static constexpr extent_t kv_lora_rank = KvLoraRank::extent;
  static constexpr extent_t q_lora_rank = [] {
    if constexpr (std::is_void_v<QLoraRank>)
      return extent_t{0};
    else
      return extent_t{QLoraRank::extent};
  }();
  static constexpr extent_t rotary_dim = QkRope::extent;
  static constexpr bool latent = true;
  static constexpr bool is_attention_spec = true;
  static constexpr bool qkv_bias = false;
  static constexpr bool o_bias = false;
  static constexpr bool sinks = false;
  static constexpr int qk_norm_kind = 0;

  /// q (through its bottleneck and norm), kv_a, the latent's norm, kv_b and o.
  static constexpr cost::params params()
  {
    cost::params q_path = q::params();
    if constexpr (!std::is_void_v<QLoraRank>) q_path = q_path + q_a::params() + cost::make_params(q_lora_rank);
    return q_path + kv_a::params() + cost::make_params(kv_lora_rank) + kv_b::params() + o::params();
  }
  static constexpr cost::flops matmul_flops_per_token()
  {
    cost::flops f = q::matmul_flops_per_token() + kv_a::matmul_flops_per_token() + kv_b::matmul_flops_per_token() +
                    o::matmul_flops_per_token();
    if constexpr (!std::is_void_v<QLoraRank>) f = f + q_a::matmul_flops_per_token();
    return f;
  }
  /// One latent and one rope key per token, shared by every head.
  static constexpr extent_t kv_values_per_token() { return kv_lora_rank + QkRope::extent; }
  template<Shape X>
  using output_chain_t = matmul_t<matmul_t<X, typename q::math_shape>, shape<heads_times<Heads, HeadDim>, D>>;
};

}  // namespace spec

namespace detail {

template<typename T>
    struct is_attention : std::bool_constant < requires {
  requires T::is_attention_spec;
} > {};

template<typename QkNorm, typename HeadDim, typename QOut, typename KOut>
inline constexpr bool qk_norm_fits = std::is_same_v<QkNorm, no_qk_norm> ||
                                     (std::is_same_v<typename QkNorm::q_dim, HeadDim> &&
                                      std::is_same_v<typename QkNorm::k_dim, HeadDim>) ||
                                     (std::is_same_v<typename QkNorm::q_dim, QOut> &&
                                      std::is_same_v<typename QkNorm::k_dim, KOut>);

template<typename... Options>
struct option_list {
};

template<typename... Parts>
struct attention_parts {
  static constexpr bool four = false;
  using q = rejected;
  using k = rejected;
  using v = rejected;
  using o = rejected;
};
template<typename Q, typename K, typename V, typename O, typename... Options>
struct attention_parts<Q, K, V, O, Options...> {
  static constexpr bool four = true;
  using q = Q;
  using k = K;
  using v = V;
  using o = O;
  using options = option_list<Options...>;
};

// The rules of attention over q, k, v and o (each already a linear), and its options.
template<extent_t Heads, extent_t KvHeads, typename HeadDim, typename Q, typename K, typename V, typename O,
         typename... Options>
struct attention_rules {
  using norm_opt = typename option_of<2, no_qk_norm, Options...>::type;
  using type = first_failing_t<
      rules::attention_options_must_be_known_and_single<options_valid<Options...>>,
      rules::kv_heads_must_divide_heads<Heads, KvHeads>,
      rules::q_k_and_v_must_read_d<typename Q::in, Q::in::extent, typename K::in, K::in::extent>,
      rules::q_k_and_v_must_read_d<typename Q::in, Q::in::extent, typename V::in, V::in::extent>,
      rules::q_must_map_d_to_heads_times_head_dim<typename Q::out, Q::out::extent, Heads, HeadDim, HeadDim::extent>,
      rules::k_and_v_must_map_d_to_kv_heads_times_head_dim<typename K::out, K::out::extent, KvHeads, HeadDim,
                                                           std::is_same_v<typename K::out, typename V::out> &&
                                                               K::out::extent == KvHeads * HeadDim::extent>,
      rules::o_must_read_the_heads_output<typename Q::out, Q::out::extent, typename O::in, O::in::extent>,
      rules::o_must_return_to_d<typename Q::in, Q::in::extent, typename O::out, O::out::extent>,
      rules::rotary_dimension_must_be_even_and_at_most_head_dim<option_of<1, rotary<0>, Options...>::type::extent,
                                                                HeadDim, HeadDim::extent>,
      rules::qk_norms_must_run_over_head_dim<typename norm_opt::q_dim, typename norm_opt::k_dim,
                                             qk_norm_fits<norm_opt, HeadDim, typename Q::out, typename K::out>>,
      rules::sliding_window_must_be_positive<option_of<3, sliding_window<0>, Options...>::type::extent>>;
};

template<extent_t Heads, extent_t KvHeads, typename HeadDim, typename Q, typename K, typename V, typename O,
         typename List>
struct attention_rules_of;
template<extent_t Heads, extent_t KvHeads, typename HeadDim, typename Q, typename K, typename V, typename O,
         typename... Options>
struct attention_rules_of<Heads, KvHeads, HeadDim, Q, K, V, O, option_list<Options...>> :
    attention_rules<Heads, KvHeads, HeadDim, Q, K, V, O, Options...> {
};
template<extent_t Heads, extent_t KvHeads, typename HeadDim, typename D, typename QOut, typename KvOut, int Biases,
         typename List>
struct attention_spec_of;
template<extent_t Heads, extent_t KvHeads, typename HeadDim, typename D, typename QOut, typename KvOut, int Biases,
         typename... Options>
struct attention_spec_of<Heads, KvHeads, HeadDim, D, QOut, KvOut, Biases, option_list<Options...>> {
  using type = spec::attention<Heads, KvHeads, HeadDim, D, QOut, KvOut, Biases, Options...>;
};

template<typename Q, typename K, typename V, typename O>
inline constexpr int biases_of = (Q::has_bias ? 1 : 0) | (K::has_bias ? 2 : 0) | (V::has_bias ? 4 : 0) |
                                 (O::has_bias ? 8 : 0);

template<extent_t Heads, extent_t KvHeads, typename HeadDim, typename... Parts>
struct make_attn {
  using parts = attention_parts<Parts...>;
  using q = typename parts::q;
  using k = typename parts::k;
  using v = typename parts::v;
  using o = typename parts::o;
  using kinds = first_failing_t<rules::attention_needs_q_k_v_and_o<parts::four>,
                                rules::attention_projections_must_be_linear<q, Linear<q>>,
                                rules::attention_projections_must_be_linear<k, Linear<k>>,
                                rules::attention_projections_must_be_linear<v, Linear<v>>,
                                rules::attention_projections_must_be_linear<o, Linear<o>>>;
  static constexpr bool refused_parts = parts::four && any_rejected<q, k, v, o>;
  template<bool Ready, typename = void>
  struct checked {
    using rule = std::conditional_t<refused_parts, rules::passed, kinds>;  // a refused part: its error is given
    using type = rejected;
  };
  template<typename Void>
  struct checked<true, Void> {
    using rule = typename attention_rules_of<Heads, KvHeads, HeadDim, q, k, v, o, typename parts::options>::type;
    using type = std::conditional_t<
        rule::holds,
        typename attention_spec_of<Heads, KvHeads, HeadDim, typename q::in, typename q::out, typename k::out,
                                   biases_of<q, k, v, o>, typename parts::options>::type,
        rejected>;
  };
  using result = checked<kinds::holds && !refused_parts>;
  using verdict = shapeproof::detail::verdict<typename result::rule, typename result::type>;
};

template<typename D, extent_t Heads, extent_t KvHeads, typename HeadDim, int Biases, typename... Options>
struct make_gqa {
  using heads_rule = rules::kv_heads_must_divide_heads<Heads, KvHeads>;
  template<bool Ok, typename = void>
  struct build {
    using rule = heads_rule;
    using type = rejected;
  };
  template<typename Void>
  struct build<true, Void> {
    using q_out = heads_times<Heads, HeadDim>;
    using kv_out = heads_times<KvHeads, HeadDim>;
    using rule = typename attention_rules<Heads, KvHeads, HeadDim, linear<D, q_out>, linear<D, kv_out>,
                                          linear<D, kv_out>, linear<q_out, D>, Options...>::type;
    using type = std::conditional_t<rule::holds, spec::gqa<D, Heads, KvHeads, HeadDim, Biases, Options...>, rejected>;
  };
  using built = build<heads_rule::holds>;
  using verdict = shapeproof::detail::verdict<typename built::rule, typename built::type>;
};

template<typename D, extent_t Heads, typename HeadDim, typename QkNope, typename QkRope, typename VHead,
         typename QLoraRank, typename KvLoraRank, typename... Options>
struct make_mla {
  using rule = first_failing_t<
      rules::attention_options_must_be_known_and_single<options_valid<Options...>>,
      rules::kv_heads_must_divide_heads<Heads, Heads>,
      rules::latent_head_dim_must_be_nope_plus_rope<HeadDim, HeadDim::extent, QkNope, QkNope::extent, QkRope,
                                                    QkRope::extent>,
      rules::rotary_dimension_must_be_even_and_at_most_head_dim<QkRope::extent, HeadDim, HeadDim::extent>,
      rules::sliding_window_must_be_positive<option_of<3, sliding_window<0>, Options...>::type::extent>>;
  using type = std::conditional_t<
      rule::holds, spec::mla<D, Heads, HeadDim, QkNope, QkRope, VHead, QLoraRank, KvLoraRank, Options...>, rejected>;
  using verdict = shapeproof::detail::verdict<rule, type>;
};

}  // namespace detail

/// `Attention<T>`: T is an attention spec (or a refused one, whose error has been given).
template<typename T>
concept Attention = detail::is_attention<T>::value || std::is_same_v<T, detail::rejected>;

/**
 * @brief Attention from its four projections, checked where it is written (rule 12): `Heads`
 * query heads and `KvHeads` KV heads (`kv_heads` divides `heads`) of width `HeadDim`; q maps D to
 * `heads·head_dim`, k and v map D to one `kv_heads·head_dim`, o reads q's output and returns to
 * D. `Parts` are q, k, v and o, then the options: `rotary<N>`, `qk_norm<...>`, `sliding_window<W>`.
 */
template<extent_t Heads, extent_t KvHeads, typename HeadDim, typename... Parts>
using attention_of = typename detail::make_attn<Heads, KvHeads, HeadDim, Parts...>::verdict::type;

/// Grouped-query attention over D (multi-head when `KvHeads == Heads`, multi-query when 1), its
/// projections built from the head counts: q `[D -> heads_times<Heads, HeadDim>]`, k and v
/// `[D -> heads_times<KvHeads, HeadDim>]`, o back. No biases.
template<typename D, extent_t Heads, extent_t KvHeads, typename HeadDim, typename... Options>
using gqa_attention = typename detail::make_gqa<D, Heads, KvHeads, HeadDim, 0, Options...>::verdict::type;

/// `gqa_attention` with biases on q, k and v (Qwen2), and on o too when `OBias` (GPT-2, BERT).
template<typename D, extent_t Heads, extent_t KvHeads, typename HeadDim, bool OBias, typename... Options>
using gqa_attention_with_bias =
    typename detail::make_gqa<D, Heads, KvHeads, HeadDim, OBias ? 15 : 7, Options...>::verdict::type;

/**
 * @brief Multi-head latent attention (DeepSeek-V2/V3), checked where it is written (rule 12):
 * `Heads` heads whose queries and keys are `HeadDim = QkNope + QkRope` wide and values `VHead`,
 * queries through a `QLoraRank` bottleneck (`void`: none), keys and values from one latent of
 * `KvLoraRank`. Each is a named dimension, as the model's config names it.
 */
template<typename D, extent_t Heads, typename HeadDim, typename QkNope, typename QkRope, typename VHead,
         typename QLoraRank, typename KvLoraRank, typename... Options>
using latent_attention = typename detail::make_mla<D, Heads, HeadDim, QkNope, QkRope, VHead, QLoraRank, KvLoraRank,
                                                   Options...>::verdict::type;

}  // namespace shapeproof

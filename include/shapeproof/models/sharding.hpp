// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief A whole model split over `tp` tensor-parallel and `ep` expert-parallel ranks: rule 11,
 * and what one rank holds and sends.
 *
 * The split is Megatron-LM's, as inference engines use it:
 * - attention splits by heads: each rank holds `heads / tp` query heads and their share of o;
 *   its KV heads are split too (`kv_heads / tp` each), or, when there are fewer KV heads than
 *   ranks, replicated: each rank holds one, shared by `tp / kv_heads` ranks. Which of the two is
 *   a choice the user states (`kv_heads_policy`); neither is guessed;
 * - every FFN splits `d_ff` (the dense layers', the experts', the shared experts') over `tp`;
 * - the routed experts split over `ep` ranks, whole;
 * - the embedding and an untied LM head split by vocabulary rows, `ceil(vocab / tp)` each (the
 *   last rank's slice padded);
 * - norms, biases on the residual stream (o's, down's), learned positions, routers and
 *   multi-head latent attention's low-rank projections are held by every rank.
 *
 * Communication per token: `tp > 1` sums partial results with one all-reduce of a `[1, D]` row
 * after each attention block (two in a decoder layer of an encoder-decoder: self and cross) and
 * after each FFN, and one after the vocabulary-split embedding; `ep > 1` sends each token to its
 * `top_k` experts' ranks and back: `2 · top_k` rows per MoE layer.
 */

#include <shapeproof/models/model.hpp>

namespace shapeproof::models {

/// What a rank holds of the KV heads when there are fewer of them than `tp`.
enum class kv_heads_policy {
  split,      ///< `kv_heads / tp` each: `tp` must divide `kv_heads`
  replicated  ///< one each, shared by `tp / kv_heads` ranks: `kv_heads` must divide `tp`
};

/// The degrees of parallelism: `tp · ep` ranks in all.
struct parallel_config {
  extent_t tp = 1;
  extent_t ep = 1;
  kv_heads_policy kv = kv_heads_policy::split;
};

#define SHAPEPROOF_RULE_11_DEGREE_PHRASE "tp and ep must be 1 or more"
#define SHAPEPROOF_RULE_11_HEADS_PHRASE "tp must divide the attention heads"
#define SHAPEPROOF_RULE_11_KV_SPLIT_PHRASE \
  "tp must divide the KV heads, or, with fewer KV heads than ranks, they are replicated (kv_heads_policy::replicated)"
#define SHAPEPROOF_RULE_11_KV_REPLICATED_PHRASE "replicated KV heads must divide tp"
#define SHAPEPROOF_RULE_11_DFF_PHRASE "tp must divide every FFN's d_ff (the experts', the shared and dense ones')"
#define SHAPEPROOF_RULE_11_EXPERTS_PHRASE "ep must divide the routed experts"
#define SHAPEPROOF_RULE_11_EP_WITHOUT_EXPERTS_PHRASE "expert parallelism (ep > 1) needs routed experts"

/// What makes a model unable to split over `p` (rule 11), the first in this order.
enum class shard_fault {
  none,
  degree_not_positive,
  heads,
  kv_heads_split,
  kv_heads_replicated,
  d_ff,
  ep_without_experts,
  experts
};

/// The d_ff widths a model's FFNs have (0 for one it has not).
constexpr extent_t shared_d_ff_of(const model_config& c)
{
  return c.ffn.shared_experts > 0 ? (c.ffn.shared_d_ff > 0 ? c.ffn.shared_d_ff : c.ffn.d_ff) : 0;
}
constexpr extent_t dense_d_ff_of(const model_config& c)
{
  return c.ffn.experts > 0 && c.layers > moe_layer_count(c) ? (c.ffn.dense_d_ff > 0 ? c.ffn.dense_d_ff : c.ffn.d_ff)
                                                            : 0;
}

/// The first fault of splitting the (valid) config `c` over `p`, or `shard_fault::none`.
constexpr shard_fault shard_fault_of(const model_config& c, const parallel_config& p)
{
  const auto& a = c.attention;
  if (p.tp < 1 || p.ep < 1) return shard_fault::degree_not_positive;
  if (a.heads % p.tp != 0) return shard_fault::heads;
  if (p.kv == kv_heads_policy::split && a.kv_heads % p.tp != 0) return shard_fault::kv_heads_split;
  if (p.kv == kv_heads_policy::replicated && p.tp % a.kv_heads != 0) return shard_fault::kv_heads_replicated;
  if (c.ffn.d_ff % p.tp != 0 || shared_d_ff_of(c) % p.tp != 0 || dense_d_ff_of(c) % p.tp != 0) return shard_fault::d_ff;
  if (p.ep > 1 && c.ffn.experts == 0) return shard_fault::ep_without_experts;
  if (c.ffn.experts > 0 && c.ffn.experts % p.ep != 0) return shard_fault::experts;
  return shard_fault::none;
}

/// The rule `f` breaks, in words, and the numbers it is about.
inline std::string shard_fault_message(const model_config& c, const parallel_config& p, shard_fault f)
{
  auto n = [](extent_t v) { return std::to_string(v); };
  const std::string tp = "tp = " + n(p.tp);
  switch (f) {
    case shard_fault::none:
      return {};
    case shard_fault::degree_not_positive:
      return SHAPEPROOF_RULE_11_DEGREE_PHRASE " (tp = " + n(p.tp) + ", ep = " + n(p.ep) + ")";
    case shard_fault::heads:
      return SHAPEPROOF_RULE_11_HEADS_PHRASE " (num_attention_heads = " + n(c.attention.heads) + ", " + tp + ")";
    case shard_fault::kv_heads_split:
      return SHAPEPROOF_RULE_11_KV_SPLIT_PHRASE " (num_key_value_heads = " + n(c.attention.kv_heads) + ", " + tp + ")";
    case shard_fault::kv_heads_replicated:
      return SHAPEPROOF_RULE_11_KV_REPLICATED_PHRASE " (num_key_value_heads = " + n(c.attention.kv_heads) + ", " + tp +
             ")";
    case shard_fault::d_ff: {
      std::string widths = "d_ff = " + n(c.ffn.d_ff);
      if (shared_d_ff_of(c) > 0) widths += ", shared experts' d_ff = " + n(shared_d_ff_of(c));
      if (dense_d_ff_of(c) > 0) widths += ", dense layers' d_ff = " + n(dense_d_ff_of(c));
      return SHAPEPROOF_RULE_11_DFF_PHRASE " (" + widths + ", " + tp + ")";
    }
    case shard_fault::ep_without_experts:
      return SHAPEPROOF_RULE_11_EP_WITHOUT_EXPERTS_PHRASE " (ep = " + n(p.ep) + ", the model has none)";
    case shard_fault::experts:
      return SHAPEPROOF_RULE_11_EXPERTS_PHRASE " (experts = " + n(c.ffn.experts) + ", ep = " + n(p.ep) + ")";
  }
  return {};
}

/// What one of the `tp · ep` ranks holds and sends.
struct rank_counts {
  parallel_config parallel;
  extent_t heads = 0, kv_heads = 0;  ///< per rank
  extent_t kv_heads_shared_by = 1;   ///< ranks holding each KV head (replicated: tp / kv_heads)
  extent_t vocab_rows = 0;           ///< of the embedding (and an untied LM head)
  extent_t d_ff = 0;                 ///< the FFN's (each expert's) slice
  extent_t experts = 0;              ///< routed experts per rank
  cost::params params;               ///< one rank's weights
  cost::params total;                ///< the whole model's, unsplit
  cost::flops
      ffn_matmul_flops_per_token;  ///< one layer's FFN on one rank: its slice of the active experts' (whole, for EP)
  std::int64_t allreduces_per_token = 0;     ///< all-reduces of a `[1, D]` row (tp > 1)
  std::int64_t alltoall_rows_per_token = 0;  ///< `[1, D]` rows sent to experts' ranks and back (ep > 1)
  extent_t d_model = 0;

  /// Bytes a token's all-reduces carry (their payload; a ring all-reduce sends and receives
  /// 2·(tp − 1)/tp of it on each rank), in `dtype`.
  constexpr cost::bytes allreduce_bytes_per_token(const dtype_info& dtype) const
  {
    return dtype.bytes_of(cost::make_params(cost::checked_mul(allreduces_per_token, d_model)));
  }
  /// Bytes a token's expert exchange carries, both ways (rows for a token's own rank included:
  /// on average (ep − 1)/ep of them leave it), in `dtype`.
  constexpr cost::bytes alltoall_bytes_per_token(const dtype_info& dtype) const
  {
    return dtype.bytes_of(cost::make_params(cost::checked_mul(alltoall_rows_per_token, d_model)));
  }
};

/// How `count_per_rank` refuses: one function per rule, named after it and not constexpr, so that
/// in a constant expression the compiler's diagnostic states the rule; at run time each throws
/// `config_error` naming the rule and the numbers.
namespace refusal {
[[noreturn]] inline void refuse_split(const model_config& c, const parallel_config& p, shard_fault f)
{
  detail::invalid_model_config("shapeproof rule 11: " + shard_fault_message(c, p, f));
}
[[noreturn]] inline void rule_11_tp_and_ep_must_be_positive(const model_config& c, const parallel_config& p)
{
  refuse_split(c, p, shard_fault::degree_not_positive);
}
[[noreturn]] inline void rule_11_tp_must_divide_the_attention_heads(const model_config& c, const parallel_config& p)
{
  refuse_split(c, p, shard_fault::heads);
}
[[noreturn]] inline void rule_11_tp_must_divide_the_kv_heads_or_they_are_replicated(const model_config& c,
                                                                                    const parallel_config& p)
{
  refuse_split(c, p, shard_fault::kv_heads_split);
}
[[noreturn]] inline void rule_11_replicated_kv_heads_must_divide_tp(const model_config& c, const parallel_config& p)
{
  refuse_split(c, p, shard_fault::kv_heads_replicated);
}
[[noreturn]] inline void rule_11_tp_must_divide_every_d_ff(const model_config& c, const parallel_config& p)
{
  refuse_split(c, p, shard_fault::d_ff);
}
[[noreturn]] inline void rule_11_expert_parallelism_needs_experts(const model_config& c, const parallel_config& p)
{
  refuse_split(c, p, shard_fault::ep_without_experts);
}
[[noreturn]] inline void rule_11_ep_must_divide_the_routed_experts(const model_config& c, const parallel_config& p)
{
  refuse_split(c, p, shard_fault::experts);
}
}  // namespace refusal

/// One rank's share of the valid config `c` split over `p` (rule 11 refused otherwise: a
/// `config_error` naming the rule and the numbers; no constant expression in a constant context).
constexpr rank_counts count_per_rank(const model_config& c, const parallel_config& p)
{
  validate(c);
  switch (shard_fault_of(c, p)) {
    case shard_fault::none:
      break;
    case shard_fault::degree_not_positive:
      refusal::rule_11_tp_and_ep_must_be_positive(c, p);
    case shard_fault::heads:
      refusal::rule_11_tp_must_divide_the_attention_heads(c, p);
    case shard_fault::kv_heads_split:
      refusal::rule_11_tp_must_divide_the_kv_heads_or_they_are_replicated(c, p);
    case shard_fault::kv_heads_replicated:
      refusal::rule_11_replicated_kv_heads_must_divide_tp(c, p);
    case shard_fault::d_ff:
      refusal::rule_11_tp_must_divide_every_d_ff(c, p);
    case shard_fault::ep_without_experts:
      refusal::rule_11_expert_parallelism_needs_experts(c, p);
    case shard_fault::experts:
      refusal::rule_11_ep_must_divide_the_routed_experts(c, p);
  }
  const model_counts whole = count(c);
  model_config r = c;
  r.attention.heads = c.attention.heads / p.tp;
  // (replicated: kv_heads divides tp, so each rank holds exactly one)
  r.attention.kv_heads = p.kv == kv_heads_policy::replicated ? 1 : c.attention.kv_heads / p.tp;
  r.vocab = (c.vocab + p.tp - 1) / p.tp;
  r.ffn.d_ff = c.ffn.d_ff / p.tp;
  r.ffn.shared_d_ff = c.ffn.shared_d_ff / p.tp;
  r.ffn.dense_d_ff = c.ffn.dense_d_ff / p.tp;
  const model_counts rank = count(r);

  rank_counts out;
  out.parallel = p;
  out.heads = r.attention.heads;
  out.kv_heads = r.attention.kv_heads;
  out.kv_heads_shared_by = r.attention.kv_heads * p.tp / c.attention.kv_heads;
  out.vocab_rows = r.vocab;
  out.d_ff = r.ffn.d_ff;
  out.experts = c.ffn.experts / p.ep;
  out.total = whole.total;
  // The routed experts split over ep, whole: a rank holds 1/ep of the tp-split ones.
  const std::int64_t routed = rank.terms.routed_experts.value();
  out.params = cost::make_params(rank.total.value() - routed + routed / p.ep);
  out.ffn_matmul_flops_per_token = rank.ffn_matmul_flops_per_token;
  out.d_model = c.d_model;
  if (p.tp > 1) out.allreduces_per_token = 1 + 2 * c.layers + 3 * c.decoder_layers;  // the embedding; each block
  if (p.ep > 1) out.alltoall_rows_per_token = 2 * c.ffn.top_k * (whole.layers - whole.dense_layers + c.decoder_layers);
  return out;
}

namespace rules {

/// Rule 11, for a config and degrees given as template arguments: each refusal of
/// `shard_fault_of`, as a rule that names its numbers.
template<extent_t TP, extent_t EP, bool Holds>
struct tp_and_ep_must_be_positive {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Holds, "shapeproof rule 11: " SHAPEPROOF_RULE_11_DEGREE_PHRASE);
  };
};
template<extent_t NumAttentionHeads, extent_t TP, bool Holds>
struct tp_must_divide_the_attention_heads {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Holds, "shapeproof rule 11: " SHAPEPROOF_RULE_11_HEADS_PHRASE);
  };
};
template<extent_t NumKeyValueHeads, extent_t TP, bool Holds>
struct tp_must_divide_the_kv_heads_or_they_are_replicated {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Holds, "shapeproof rule 11: " SHAPEPROOF_RULE_11_KV_SPLIT_PHRASE);
  };
};
template<extent_t NumKeyValueHeads, extent_t TP, bool Holds>
struct replicated_kv_heads_must_divide_tp {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Holds, "shapeproof rule 11: " SHAPEPROOF_RULE_11_KV_REPLICATED_PHRASE);
  };
};
template<extent_t DFF, extent_t TP, bool Holds>
struct tp_must_divide_every_d_ff {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Holds, "shapeproof rule 11: " SHAPEPROOF_RULE_11_DFF_PHRASE);
  };
};
template<extent_t EP, bool Holds>
struct expert_parallelism_needs_experts {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Holds, "shapeproof rule 11: " SHAPEPROOF_RULE_11_EP_WITHOUT_EXPERTS_PHRASE);
  };
};
template<extent_t Experts, extent_t EP, bool Holds>
struct ep_must_divide_the_routed_experts {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Holds, "shapeproof rule 11: " SHAPEPROOF_RULE_11_EXPERTS_PHRASE);
  };
};

}  // namespace rules

/**
 * @brief The config `C` (checked by rule 10 first) split over `TP` and `EP` ranks, checked by
 * rule 11 with one error naming the broken rule and its numbers; `counts` is one rank's share.
 *
 * @code
 * static_assert(models::sharded<presets::llama2_70b::config, 8>::counts.kv_heads == 1);
 * // models::sharded<presets::llama2_70b::config, 16> is an error: its 8 KV heads must be
 * // replicated, and saying so is required:
 * using ok = models::sharded<presets::llama2_70b::config, 16, 1, models::kv_heads_policy::replicated>;
 * @endcode
 */
template<const model_config& C, extent_t TP, extent_t EP = 1, kv_heads_policy KV = kv_heads_policy::split>
struct sharded {
private:
  static constexpr bool config_valid = checked<C>::valid;
  static constexpr parallel_config parallel{TP, EP, KV};
  static constexpr shard_fault fault = config_valid ? shard_fault_of(C, parallel) : shard_fault::none;
  using rule = shapeproof::detail::first_failing_t<
      rules::tp_and_ep_must_be_positive<TP, EP, fault != shard_fault::degree_not_positive>,
      rules::tp_must_divide_the_attention_heads<C.attention.heads, TP, fault != shard_fault::heads>,
      rules::tp_must_divide_the_kv_heads_or_they_are_replicated<C.attention.kv_heads, TP,
                                                                fault != shard_fault::kv_heads_split>,
      rules::replicated_kv_heads_must_divide_tp<C.attention.kv_heads, TP, fault != shard_fault::kv_heads_replicated>,
      rules::tp_must_divide_every_d_ff<C.ffn.d_ff, TP, fault != shard_fault::d_ff>,
      rules::expert_parallelism_needs_experts<EP, fault != shard_fault::ep_without_experts>,
      rules::ep_must_divide_the_routed_experts<C.ffn.experts, EP, fault != shard_fault::experts>>;
  static_assert(sizeof(typename rule::template check<>));

public:
  /// Whether rules 10 and 11 hold.
  static constexpr bool valid = config_valid && fault == shard_fault::none;
  /// One rank's share (`detail::refused_counts` when a rule failed: its error is given, and a
  /// comparison with a refused count adds none).
  static constexpr auto counts = [] {
    if constexpr (valid)
      return count_per_rank(C, parallel);
    else
      return detail::refused_counts{};
  }();
};

}  // namespace shapeproof::models

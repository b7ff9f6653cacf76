// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief Whole decoder models: a value-level description and its exact parameter count.
 *
 * A `model_config` is what a Hugging Face `config.json` or a preset says of a model: widths,
 * attention (multi-head, grouped-query or multi-query; `head_dim` may differ from
 * `d_model / heads`; optional biases and q/k norms; or multi-head latent attention), the FFN (a
 * variant, or an MoE of it with shared experts, possibly after some dense layers), the norms
 * (RMSNorm: a weight; LayerNorm: a weight and a bias; per block and final), learned position
 * embeddings where the model has them, a tied or untied LM head, and multi-token-prediction
 * layers, counted apart. `count()` gives every component, in constant expressions for presets and
 * at run time for configs read from files, and both the total and the active count as named terms
 * (`param_terms`), so any convention for "active parameters" can be matched.
 *
 * A config that cannot describe a model (a zero width, `kv_heads` not dividing `heads`, an
 * impossible `top_k`, an unknown variant) is refused by `validate()`: a compile error in a
 * constant expression, `config_error` at run time. See proofs/models.cpp.
 */

#include <shapeproof/core/dim.hpp>
#include <shapeproof/core/rules.hpp>
#include <shapeproof/cost/dtype.hpp>
#include <shapeproof/cost/quantity.hpp>
#include <shapeproof/detail/rejected.hpp>
#include <shapeproof/variants/attention.hpp>
#include <shapeproof/variants/formulas.hpp>
#include <shapeproof/variants/registry.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>

namespace shapeproof::models {

enum class norm_kind {
  rms_norm,   ///< a weight of `d`
  layer_norm  ///< a weight and a bias of `d`
};

/// Norms inside attention, on the queries and keys (RMSNorm weights).
enum class qk_norm_kind {
  none,
  per_head,  ///< one of `head_dim` for q and one for k, shared by the heads (Qwen3)
  whole      ///< over the whole projection: `heads·head_dim` for q, `kv_heads·head_dim` for k (OLMo 2)
};

struct attention_config {
  extent_t heads = 0;
  extent_t kv_heads = 0;  ///< `heads`: multi-head; 1: multi-query; in between: grouped-query
  extent_t head_dim = 0;  ///< often `d_model / heads`, not always (Gemma); with MLA, nope + rope
  bool qkv_bias = false;  ///< biases on the q, k and v projections
  bool o_bias = false;    ///< a bias on the output projection
  /// One learned logit per query head, an extra column in the softmax that absorbs attention
  /// (gpt-oss's `sinks`); a weight, not cached.
  bool sinks = false;
  qk_norm_kind qk_norm = qk_norm_kind::none;
  // Multi-head latent attention (DeepSeek-V2/V3), when `kv_lora_rank > 0`: q through a rank
  // `q_lora_rank` bottleneck with its norm (or a plain projection when 0), k and v from one
  // compressed latent of `kv_lora_rank` (with its norm) plus a shared rope key of
  // `qk_rope_head_dim`; each head's query and key are `qk_nope_head_dim + qk_rope_head_dim` wide,
  // its value `v_head_dim`.
  extent_t q_lora_rank = 0;
  extent_t kv_lora_rank = 0;
  extent_t qk_nope_head_dim = 0;
  extent_t qk_rope_head_dim = 0;
  extent_t v_head_dim = 0;
  // Sliding-window attention: `sliding_layers` of the layers attend to (and cache) at most the last
  // `sliding_window` tokens; the others to all of them. Which layers they are (every layer,
  // alternate ones, five of six) changes no count, and the config readers decide it.
  extent_t sliding_window = 0;
  extent_t sliding_layers = 0;
  constexpr bool latent() const { return kv_lora_rank > 0; }
};

struct ffn_config {
  std::string_view variant;  ///< a name of `all_variants`: the FFN, or each expert of an MoE
  extent_t d_ff = 0;
  bool bias = false;     ///< biases on every projection of the FFN
  extent_t experts = 0;  ///< 0: a plain FFN; otherwise routed experts
  extent_t top_k = 0;    ///< experts per token
  extent_t shared_experts = 0;
  extent_t shared_d_ff = 0;         ///< the shared experts' hidden width (0: `d_ff`)
  bool router_bias = false;         ///< one bias per expert on the router (DeepSeek-V3's score correction)
  bool shared_expert_gate = false;  ///< a `d -> 1` gate on the shared expert's output (Qwen2-MoE)
  // Which layers are MoE layers when `experts > 0`: layer `i` is one when `i >= first_dense_layers`
  // and `(i + moe_phase) % moe_every == 0`; the others are dense FFNs of `dense_d_ff`.
  extent_t first_dense_layers = 0;  ///< DeepSeek's first_k_dense_replace
  extent_t moe_every = 1;           ///< Qwen-MoE's decoder_sparse_step, DeepSeek's moe_layer_freq
  extent_t moe_phase = 0;           ///< 1 for Qwen-MoE's `(i + 1) % step`, 0 for DeepSeek's `i % freq`
  extent_t dense_d_ff = 0;          ///< the dense layers' hidden width (0: `d_ff`)
};

struct model_config {
  std::string_view name;
  extent_t vocab = 0;
  extent_t d_model = 0;
  extent_t layers = 0;
  attention_config attention;
  ffn_config ffn;
  norm_kind norm = norm_kind::rms_norm;
  extent_t norms_per_layer = 2;  ///< pre-attention and pre-FFN
  bool final_norm = true;
  extent_t learned_positions = 0;  ///< rows of a learned position embedding (GPT-2), 0 for none
  bool tied_embeddings = false;    ///< the LM head is the token embedding
  bool lm_head = true;             ///< false for an encoder without a head (BertModel)
  // Encoders (BERT): token type embeddings, a norm after the embeddings, a pooler (d -> d, bias).
  extent_t token_type_rows = 0;
  bool embedding_norm = false;
  bool pooler = false;
  // Encoder-decoders (T5): `layers` is the encoder; the decoder's layers add cross-attention and
  // a third norm; each stack has its final norm and, in its first layer, relative position
  // biases of `relative_attention_buckets · heads`.
  extent_t decoder_layers = 0;
  extent_t relative_attention_buckets = 0;
  /// Multi-token-prediction layers (DeepSeek-V3's `num_nextn_predict_layers`): each a layer like
  /// the last, a `2d -> d` projection and three norms; counted apart from the total.
  extent_t mtp_layers = 0;
  /// false for an encoder (BERT): its attention sees every position and it keeps no KV cache.
  bool causal = true;
};

/// A config that cannot describe a model.
class config_error : public std::invalid_argument {
public:
  using std::invalid_argument::invalid_argument;
};

namespace detail {
// Not constexpr on purpose: in a constant expression reaching it is the compile error; at run
// time it throws. The message has no "shapeproof:" prefix: the command adds it, once.
[[noreturn]] inline void invalid_model_config(const std::string& why) { throw config_error(why); }

inline std::string with_values(const char* phrase, const char* a, extent_t av, const char* b, extent_t bv)
{
  return std::string(phrase) + " (" + a + " = " + std::to_string(av) + ", " + b + " = " + std::to_string(bv) + ")";
}
}  // namespace detail

/// What makes a config unable to describe a model (rule 10), the first in `validate`'s order.
enum class config_fault {
  none,
  not_positive,            ///< a width, the layers or a head count is not positive
  kv_heads_do_not_divide,  ///< num_key_value_heads does not divide num_attention_heads
  unknown_variant,         ///< the FFN variant is not one shapeproof knows
  negative_count,          ///< experts, layers, positions or norms below zero
  top_k_out_of_range,      ///< an MoE's top_k outside [1, experts]
  top_k_without_experts,   ///< top_k or shared experts without routed experts
  latent_widths,           ///< multi-head latent attention whose head widths do not add up
  sliding_layers           ///< sliding layers without a window, or more of them than layers
};

/// The first fault of `c`, or `config_fault::none`: what `validate` refuses at run time and
/// `checked` at compile time, decided here once.
constexpr config_fault fault_of(const model_config& c)
{
  const auto& a = c.attention;
  const auto& f = c.ffn;
  if (c.vocab <= 0 || c.d_model <= 0 || c.layers <= 0 || a.heads <= 0 || a.kv_heads <= 0 || a.head_dim <= 0 ||
      f.d_ff <= 0)
    return config_fault::not_positive;
  if (a.heads % a.kv_heads != 0) return config_fault::kv_heads_do_not_divide;
  if (!find_variant(f.variant)) return config_fault::unknown_variant;
  if (f.experts < 0 || f.shared_experts < 0 || f.shared_d_ff < 0 || c.learned_positions < 0 || c.norms_per_layer < 0 ||
      c.token_type_rows < 0 || c.decoder_layers < 0 || c.relative_attention_buckets < 0 || c.mtp_layers < 0 ||
      f.first_dense_layers < 0 || f.moe_every < 1 || f.moe_phase < 0 || f.dense_d_ff < 0 || a.q_lora_rank < 0 ||
      a.kv_lora_rank < 0 || a.qk_nope_head_dim < 0 || a.qk_rope_head_dim < 0 || a.v_head_dim < 0 ||
      a.sliding_window < 0 || a.sliding_layers < 0)
    return config_fault::negative_count;
  if (f.experts > 0 && (f.top_k < 1 || f.top_k > f.experts)) return config_fault::top_k_out_of_range;
  if (f.experts == 0 && (f.top_k != 0 || f.shared_experts != 0 || f.shared_expert_gate))
    return config_fault::top_k_without_experts;
  if (a.latent() &&
      (a.qk_rope_head_dim < 1 || a.v_head_dim < 1 || a.qk_nope_head_dim + a.qk_rope_head_dim != a.head_dim))
    return config_fault::latent_widths;
  if (a.sliding_layers > c.layers || (a.sliding_layers > 0) != (a.sliding_window > 0))
    return config_fault::sliding_layers;
  return config_fault::none;
}

/// How `validate` refuses: one function per rule, each named after it and deliberately not
/// constexpr. Reached in a constant expression (`constexpr auto c = models::count(cfg);`), the
/// compiler's diagnostic names the function, so it states the rule; at run time it throws
/// `config_error` with the rule in Hugging Face's field names and the numbers.
namespace refusal {
[[noreturn]] inline void rule_10_widths_and_head_counts_must_be_positive(const model_config&)
{
  detail::invalid_model_config(SHAPEPROOF_RULE_10_POSITIVE_PHRASE);
}
[[noreturn]] inline void rule_10_num_key_value_heads_must_divide_num_attention_heads(const model_config& c)
{
  detail::invalid_model_config(detail::with_values(SHAPEPROOF_RULE_10_KV_HEADS_PHRASE, "num_key_value_heads",
                                                   c.attention.kv_heads, "num_attention_heads", c.attention.heads));
}
[[noreturn]] inline void rule_10_the_ffn_variant_must_be_known(const model_config&)
{
  detail::invalid_model_config(SHAPEPROOF_RULE_10_VARIANT_PHRASE);
}
[[noreturn]] inline void rule_10_model_counts_cannot_be_negative(const model_config&)
{
  detail::invalid_model_config(SHAPEPROOF_RULE_10_NEGATIVE_PHRASE);
}
[[noreturn]] inline void rule_10_num_experts_per_tok_must_be_between_1_and_experts(const model_config& c)
{
  detail::invalid_model_config(detail::with_values(SHAPEPROOF_RULE_10_TOP_K_PHRASE, "num_experts_per_tok", c.ffn.top_k,
                                                   "experts", c.ffn.experts));
}
[[noreturn]] inline void rule_10_top_k_and_shared_experts_need_experts(const model_config&)
{
  detail::invalid_model_config(SHAPEPROOF_RULE_10_EXPERTS_PHRASE);
}
[[noreturn]] inline void rule_10_latent_attention_head_widths_must_add_up(const model_config& c)
{
  detail::invalid_model_config(detail::with_values(SHAPEPROOF_RULE_10_LATENT_PHRASE, "qk_nope_head_dim",
                                                   c.attention.qk_nope_head_dim, "qk_rope_head_dim",
                                                   c.attention.qk_rope_head_dim));
}
[[noreturn]] inline void rule_10_sliding_layers_need_a_window_and_at_most_every_layer(const model_config& c)
{
  detail::invalid_model_config(detail::with_values(SHAPEPROOF_RULE_10_SLIDING_PHRASE, "sliding layers",
                                                   c.attention.sliding_layers, "sliding_window",
                                                   c.attention.sliding_window) +
                               ", of " + std::to_string(c.layers) + " layers");
}
}  // namespace refusal

/**
 * @brief Refuses a config that cannot describe a model (rule 10); returns it otherwise.
 *
 * At run time the reason is a `config_error` in Hugging Face's field names
 * (`num_key_value_heads`, not `kv_heads`). In a constant expression, reaching a refusal is a
 * compile error; `models::checked<config>` states the broken rule in words instead.
 */
constexpr const model_config& validate(const model_config& c)
{
  switch (fault_of(c)) {
    case config_fault::none:
      break;
    case config_fault::not_positive:
      refusal::rule_10_widths_and_head_counts_must_be_positive(c);
    case config_fault::kv_heads_do_not_divide:
      refusal::rule_10_num_key_value_heads_must_divide_num_attention_heads(c);
    case config_fault::unknown_variant:
      refusal::rule_10_the_ffn_variant_must_be_known(c);
    case config_fault::negative_count:
      refusal::rule_10_model_counts_cannot_be_negative(c);
    case config_fault::top_k_out_of_range:
      refusal::rule_10_num_experts_per_tok_must_be_between_1_and_experts(c);
    case config_fault::top_k_without_experts:
      refusal::rule_10_top_k_and_shared_experts_need_experts(c);
    case config_fault::latent_widths:
      refusal::rule_10_latent_attention_head_widths_must_add_up(c);
    case config_fault::sliding_layers:
      refusal::rule_10_sliding_layers_need_a_window_and_at_most_every_layer(c);
  }
  return c;
}

/// How many of the `layers` are MoE layers (none without experts).
constexpr extent_t moe_layer_count(const model_config& c)
{
  const auto& f = c.ffn;
  if (f.experts == 0 || f.first_dense_layers >= c.layers) return 0;
  // Layers i in [first, layers) with (i + phase) % every == 0: multiples of `every` in
  // [first + phase, layers + phase), every term non-negative.
  const auto multiples_below = [&](extent_t n) { return (n + f.moe_every - 1) / f.moe_every; };  // in [0, n)
  return multiples_below(c.layers + f.moe_phase) - multiples_below(f.first_dense_layers + f.moe_phase);
}

/// Whether layer `i` (from 0) is an MoE layer.
constexpr bool is_moe_layer(const model_config& c, extent_t i)
{
  const auto& f = c.ffn;
  return f.experts > 0 && i >= f.first_dense_layers && (i + f.moe_phase) % f.moe_every == 0;
}

/// Parameters by what they are: `count()` gives every model's total and active count this way.
/// The sum of the terms is the count; a convention that leaves a term out (DeepSeek's active
/// count has no input embedding) is the sum of the others.
struct param_terms {
  cost::params embedding;       ///< the token embedding
  cost::params positions;       ///< a learned position embedding
  cost::params attention;       ///< every layer's attention, with its biases and q/k or latent norms
  cost::params dense_ffn;       ///< every FFN that is not an MoE
  cost::params routed_experts;  ///< the routed experts: all of them, or for the active count `top_k` per layer
  cost::params shared_experts;  ///< experts every token goes through
  cost::params router;          ///< the routers, their biases, and shared-expert gates
  cost::params norms;           ///< the layers' norms and the final norm(s)
  cost::params lm_head;         ///< zero when tied to the embedding or absent
  cost::params other;           ///< token-type embeddings, the embedding norm, a pooler, relative position biases
  constexpr cost::params sum() const
  {
    return embedding + positions + attention + dense_ffn + routed_experts + shared_experts + router + norms + lm_head +
           other;
  }
};

/// One layer's parameters, by component.
struct layer_counts {
  cost::params attention;
  cost::params ffn;         ///< every expert, the router and the shared experts
  cost::params ffn_active;  ///< what one token uses
  cost::params norms;
  // The FFN's parts, for an MoE layer.
  cost::params routed_experts;  ///< all of them
  cost::params routed_active;   ///< `top_k` of them
  cost::params shared_experts;
  cost::params router;
  constexpr cost::params total() const { return attention + ffn + norms; }
};

/// A model's parameters by component, and the FFN's FLOPs per token.
struct model_counts {
  cost::params embedding;
  cost::params positions;
  layer_counts layer;  ///< a layer; in a model with experts, an MoE layer
  extent_t layers = 0;
  layer_counts dense_layer;   ///< in a model with experts, a layer with a dense FFN
  extent_t dense_layers = 0;  ///< how many of `layers` those are
  cost::params final_norm;    ///< every stack's
  cost::params lm_head;       ///< zero when tied to the embedding or absent
  cost::params other;         ///< token types, embedding norm, pooler, relative position biases
  extent_t decoder_layers = 0;
  layer_counts decoder_layer;  ///< a decoder layer of an encoder-decoder (cross-attention in `attention`)
  cost::params total;
  cost::params active;       ///< with each MoE layer's `top_k` experts only
  param_terms terms;         ///< `total`, by term
  param_terms active_terms;  ///< `active`, by term
  cost::params mtp;          ///< the multi-token-prediction layers, not in `total`: their layers, projections and norms
  cost::params mtp_checkpoint;  ///< as a checkpoint stores them: with a copy of the embedding and the LM head each
  cost::flops ffn_matmul_flops_per_token;       ///< one layer, active experts
  cost::flops ffn_elementwise_flops_per_token;  ///< one layer, active experts

  /// The FFNs of every layer, of both stacks.
  constexpr cost::params ffn_params() const
  {
    return layer.ffn * (layers - dense_layers) + dense_layer.ffn * dense_layers + decoder_layer.ffn * decoder_layers;
  }
  /// The FFNs' share of all parameters.
  constexpr double ffn_share() const
  {
    return static_cast<double>(ffn_params().value()) / static_cast<double>(total.value());
  }
};

/// The attention block's parameters: q `d -> heads·hd`, k and v `d -> kv_heads·hd`, o back to d,
/// q/k norms and sinks; or multi-head latent attention's projections and norms.
constexpr cost::params attention_params(extent_t d, const attention_config& a)
{
  if (a.latent()) {
    const extent_t q = cost::checked_mul(a.heads, a.head_dim);
    const cost::params q_path = a.q_lora_rank > 0 ? formula::linear_params(d, a.q_lora_rank, a.qkv_bias) +
                                                        cost::make_params(a.q_lora_rank) +  // q_a_layernorm
                                                        formula::linear_params(a.q_lora_rank, q, false)
                                                  : formula::linear_params(d, q, false);
    const extent_t kv_b = cost::checked_mul(a.heads, cost::checked_add(a.qk_nope_head_dim, a.v_head_dim));
    return q_path + formula::linear_params(d, cost::checked_add(a.kv_lora_rank, a.qk_rope_head_dim), a.qkv_bias) +
           cost::make_params(a.kv_lora_rank) +  // kv_a_layernorm
           formula::linear_params(a.kv_lora_rank, kv_b, false) +
           formula::linear_params(cost::checked_mul(a.heads, a.v_head_dim), d, a.o_bias);
  }
  const extent_t q = cost::checked_mul(a.heads, a.head_dim);
  const extent_t kv = cost::checked_mul(a.kv_heads, a.head_dim);
  const cost::params qk_norms = a.qk_norm == qk_norm_kind::per_head
                                    ? cost::make_params(cost::checked_mul(2, a.head_dim))
                                : a.qk_norm == qk_norm_kind::whole ? cost::make_params(cost::checked_add(q, kv))
                                                                   : cost::params{};
  return formula::linear_params(d, q, a.qkv_bias) + formula::linear_params(d, kv, a.qkv_bias) * 2 +
         formula::linear_params(q, d, a.o_bias) + qk_norms + cost::make_params(a.sinks ? a.heads : 0);
}

/// One norm's parameters.
constexpr cost::params norm_params(extent_t d, norm_kind kind)
{
  return cost::make_params(kind == norm_kind::layer_norm ? cost::checked_mul(2, d) : d);
}

/// One FFN (or expert) of the named variant.
constexpr cost::params ffn_params(const variant_info& v, extent_t d, extent_t d_ff, bool bias)
{
  return v.gated ? formula::gated_params(d, d_ff, bias) : formula::dense_params(d, d_ff, bias);
}

/// The element-wise FLOPs of one FFN (or expert) for one token, as the spec types count them.
constexpr cost::flops ffn_elementwise_flops(const variant_info& v, extent_t d, extent_t d_ff, bool bias)
{
  const extent_t per_hidden = v.activation_flops + (v.gated ? 1 : 0);
  const extent_t bias_adds = bias ? (v.gated ? 2 * d_ff : d_ff) + d : 0;
  return cost::make_flops(cost::checked_add(cost::checked_mul(d_ff, per_hidden), bias_adds));
}

/// Every component of the model's parameter count.
constexpr model_counts count(const model_config& config)
{
  const model_config& c = validate(config);
  const variant_info v = *find_variant(c.ffn.variant);
  const auto& f = c.ffn;
  const extent_t d = c.d_model;

  model_counts m;
  m.layers = c.layers;
  m.embedding = cost::make_params(cost::checked_mul(c.vocab, d));
  m.positions = cost::make_params(cost::checked_mul(c.learned_positions, d));
  m.lm_head = c.tied_embeddings || !c.lm_head ? cost::params{} : m.embedding;
  const extent_t stacks = c.decoder_layers > 0 ? 2 : 1;
  m.final_norm = c.final_norm ? norm_params(d, c.norm) * stacks : cost::params{};
  m.other = cost::make_params(
      cost::checked_add(cost::checked_mul(c.token_type_rows, d),
                        cost::checked_product(stacks, c.relative_attention_buckets, c.attention.heads)));
  if (c.embedding_norm) m.other = m.other + norm_params(d, c.norm);
  if (c.pooler) m.other = m.other + formula::linear_params(d, d, true);

  m.layer.attention = attention_params(d, c.attention);
  m.layer.norms = norm_params(d, c.norm) * c.norms_per_layer;
  const cost::params expert = ffn_params(v, d, f.d_ff, f.bias);
  const cost::flops expert_flops = formula::ffn_matmul_flops(d, f.d_ff, v.gated);
  const cost::flops expert_elementwise = ffn_elementwise_flops(v, d, f.d_ff, f.bias);
  if (f.experts == 0) {
    m.layer.ffn = m.layer.ffn_active = expert;
    m.ffn_matmul_flops_per_token = expert_flops;
    m.ffn_elementwise_flops_per_token = expert_elementwise;
  } else {
    const extent_t shared_d_ff = f.shared_d_ff > 0 ? f.shared_d_ff : f.d_ff;
    m.layer.router = formula::linear_params(d, f.experts, f.router_bias) +
                     (f.shared_expert_gate ? formula::linear_params(d, 1, false) : cost::params{});
    m.layer.routed_experts = expert * f.experts;
    m.layer.routed_active = expert * f.top_k;
    m.layer.shared_experts = ffn_params(v, d, shared_d_ff, f.bias) * f.shared_experts;
    m.layer.ffn = m.layer.router + m.layer.routed_experts + m.layer.shared_experts;
    m.layer.ffn_active = m.layer.router + m.layer.routed_active + m.layer.shared_experts;
    m.ffn_matmul_flops_per_token = formula::linear_matmul_flops(d, f.experts) + expert_flops * f.top_k +
                                   formula::ffn_matmul_flops(d, shared_d_ff, v.gated) * f.shared_experts;
    // As moe_ffn counts it: the experts' own, the routing, and the weighted sum of the outputs.
    m.ffn_elementwise_flops_per_token =
        expert_elementwise * f.top_k + ffn_elementwise_flops(v, d, shared_d_ff, f.bias) * f.shared_experts +
        cost::make_flops(cost::checked_add(3 * f.experts + 2 * f.top_k, cost::checked_product(2, f.top_k, d)));
    m.dense_layers = c.layers - moe_layer_count(c);
    if (m.dense_layers > 0) {
      m.dense_layer.attention = m.layer.attention;
      m.dense_layer.norms = m.layer.norms;
      m.dense_layer.ffn = m.dense_layer.ffn_active = ffn_params(v, d, f.dense_d_ff > 0 ? f.dense_d_ff : f.d_ff, f.bias);
    }
  }

  m.decoder_layers = c.decoder_layers;
  if (c.decoder_layers > 0) {
    m.decoder_layer.attention = m.layer.attention * 2;  // self-attention and cross-attention
    m.decoder_layer.norms = norm_params(d, c.norm) * (c.norms_per_layer + 1);
    m.decoder_layer.ffn = m.layer.ffn;
    m.decoder_layer.ffn_active = m.layer.ffn_active;
  }

  // The terms. Dense-FFN layers: every layer of a model without experts (and its decoder's), and
  // the dense layers of one with experts.
  // (An encoder-decoder with experts has them in every decoder layer.)
  const extent_t moe_layers = f.experts > 0 ? c.layers - m.dense_layers + c.decoder_layers : 0;
  param_terms t;
  t.embedding = m.embedding;
  t.positions = m.positions;
  t.lm_head = m.lm_head;
  t.other = m.other;
  t.attention = m.layer.attention * c.layers + m.decoder_layer.attention * c.decoder_layers;
  t.norms = m.layer.norms * c.layers + m.decoder_layer.norms * c.decoder_layers + m.final_norm;
  t.dense_ffn = f.experts > 0 ? m.dense_layer.ffn * m.dense_layers
                              : m.layer.ffn * c.layers + m.decoder_layer.ffn * c.decoder_layers;
  t.router = m.layer.router * moe_layers;
  t.shared_experts = m.layer.shared_experts * moe_layers;
  param_terms active = t;
  t.routed_experts = m.layer.routed_experts * moe_layers;
  active.routed_experts = m.layer.routed_active * moe_layers;
  m.terms = t;
  m.active_terms = active;
  m.total = t.sum();
  m.active = active.sum();

  if (c.mtp_layers > 0) {
    // Each: a layer like the last one, `eh_proj` (2d -> d), and enorm, hnorm and the head's norm.
    const layer_counts& last = f.experts == 0 || is_moe_layer(c, c.layers - 1) ? m.layer : m.dense_layer;
    const cost::params one =
        last.total() + formula::linear_params(cost::checked_mul(2, d), d, false) + norm_params(d, c.norm) * 3;
    m.mtp = one * c.mtp_layers;
    m.mtp_checkpoint = (one + m.embedding * 2) * c.mtp_layers;
  }
  return m;
}

namespace detail {
/// A part of the counts of a refused config: every name a `layer_counts` or `param_terms` has.
struct refused_counts_part {
  using count = shapeproof::detail::rejected_count;
  count embedding, positions, attention, dense_ffn, routed_experts, routed_active, shared_experts, router, norms,
      lm_head, other, ffn, ffn_active;
  constexpr count total() const { return {}; }
  constexpr count sum() const { return {}; }
};
/**
 * @brief The counts of a config that broke a rule (its error has been given), in place of a
 * `model_counts` or a `rank_counts`: every member they have, each a count that compares equal to
 * any, so a user's follow-up lines (`static_assert(checked<cfg>::counts.total ==
 * 6'738'415'616_params)`, `counts.kv_heads == 1`) add no second error.
 */
struct refused_counts {
  using count = shapeproof::detail::rejected_count;
  refused_counts_part layer, dense_layer, decoder_layer, terms, active_terms;
  count embedding, positions, layers, dense_layers, final_norm, lm_head, other, decoder_layers, total, active, mtp,
      mtp_checkpoint, ffn_matmul_flops_per_token, ffn_elementwise_flops_per_token;
  // a rank's
  count parallel, heads, kv_heads, kv_heads_shared_by, vocab_rows, d_ff, experts, params, allreduces_per_token,
      alltoall_rows_per_token, d_model;
  constexpr count ffn_params() const { return {}; }
  constexpr count ffn_share() const { return {}; }
  template<typename Dtype>
  constexpr count allreduce_bytes_per_token(const Dtype&) const
  {
    return {};
  }
  template<typename Dtype>
  constexpr count alltoall_bytes_per_token(const Dtype&) const
  {
    return {};
  }
};
}  // namespace detail

/// The weights' memory in `dtype`.
constexpr cost::bytes weight_bytes(const model_counts& m, const dtype_info& dtype) { return dtype.bytes_of(m.total); }

namespace rules {

/// Rule 10, for a config given as a template argument: each of `validate`'s refusals, as a rule.
// (Each takes its verdict, from `fault_of`; the values are there to be named in the diagnostic.)
template<extent_t NumKeyValueHeads, extent_t NumAttentionHeads, bool Holds>
struct num_key_value_heads_must_divide_num_attention_heads {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(holds, "shapeproof rule 10: " SHAPEPROOF_RULE_10_KV_HEADS_PHRASE);
  };
};
template<extent_t TopK, extent_t Experts, bool Holds>
struct num_experts_per_tok_must_be_between_1_and_experts {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(holds, "shapeproof rule 10: " SHAPEPROOF_RULE_10_TOP_K_PHRASE);
  };
};
template<bool Holds>
struct model_widths_and_head_counts_must_be_positive {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Holds, "shapeproof rule 10: " SHAPEPROOF_RULE_10_POSITIVE_PHRASE);
  };
};
template<bool Holds>
struct ffn_variant_must_be_known {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Holds, "shapeproof rule 10: " SHAPEPROOF_RULE_10_VARIANT_PHRASE);
  };
};
template<bool Holds>
struct model_counts_cannot_be_negative {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Holds, "shapeproof rule 10: " SHAPEPROOF_RULE_10_NEGATIVE_PHRASE);
  };
};
template<bool Holds>
struct top_k_and_shared_experts_need_experts {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Holds, "shapeproof rule 10: " SHAPEPROOF_RULE_10_EXPERTS_PHRASE);
  };
};
template<extent_t SlidingLayers, extent_t SlidingWindow, bool Holds>
struct sliding_layers_need_a_window_and_at_most_every_layer {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Holds, "shapeproof rule 10: " SHAPEPROOF_RULE_10_SLIDING_PHRASE);
  };
};
template<extent_t QkNopeHeadDim, extent_t QkRopeHeadDim, extent_t HeadDim, bool Holds>
struct latent_attention_head_widths_must_add_up {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Holds, "shapeproof rule 10: " SHAPEPROOF_RULE_10_LATENT_PHRASE);
  };
};

}  // namespace rules

namespace rules {

/// Rule 10, tying a typed FFN to the `model_config` of the same model: the two descriptions of
/// one FFN agree, field by field (each rule names the two values).
template<extent_t FfnD, extent_t ConfigDModel, bool Holds>
struct typed_ffn_d_must_equal_the_config_d_model {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Holds, "shapeproof rule 10: " SHAPEPROOF_RULE_10_TIE_PHRASE ": its D is not the config's d_model");
  };
};
template<extent_t FfnDff, extent_t ConfigDFf, bool Holds>
struct typed_ffn_dff_must_equal_the_config_d_ff {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Holds, "shapeproof rule 10: " SHAPEPROOF_RULE_10_TIE_PHRASE ": its Dff is not the config's d_ff");
  };
};
template<bool Holds>
struct typed_ffn_variant_must_be_the_config_variant {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Holds, "shapeproof rule 10: " SHAPEPROOF_RULE_10_TIE_PHRASE
                         ": its variant (activation, gated or not) is not the config's");
  };
};
template<bool FfnBias, bool ConfigBias, bool Holds>
struct typed_ffn_bias_must_be_the_config_bias {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Holds, "shapeproof rule 10: " SHAPEPROOF_RULE_10_TIE_PHRASE ": its biases are not the config's");
  };
};
template<extent_t FfnExperts, extent_t ConfigExperts, extent_t FfnTopK, extent_t ConfigTopK, bool Holds>
struct typed_moe_must_have_the_config_experts_and_top_k {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Holds, "shapeproof rule 10: " SHAPEPROOF_RULE_10_TIE_PHRASE
                         ": its experts, top_k, shared experts or router bias are not the config's");
  };
};

/// Rule 12, tying a typed attention to the `model_config` of the same model.
template<extent_t AttentionD, extent_t ConfigDModel, bool Holds>
struct typed_attention_d_must_equal_the_config_d_model {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Holds, "shapeproof rule 12: " SHAPEPROOF_RULE_12_TIE_PHRASE ": its D is not the config's d_model");
  };
};
template<extent_t Heads, extent_t ConfigHeads, extent_t KvHeads, extent_t ConfigKvHeads, bool Holds>
struct typed_attention_heads_must_be_the_config_heads {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Holds, "shapeproof rule 12: " SHAPEPROOF_RULE_12_TIE_PHRASE
                         ": its heads or kv_heads are not the config's num_attention_heads or num_key_value_heads");
  };
};
template<extent_t HeadDim, extent_t ConfigHeadDim, bool Holds>
struct typed_attention_head_dim_must_equal_the_config_head_dim {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Holds, "shapeproof rule 12: " SHAPEPROOF_RULE_12_TIE_PHRASE
                         ": its head_dim is not the config's head_dim (which need not be hidden_size / heads)");
  };
};
template<bool Holds>
struct typed_attention_biases_norms_and_latent_widths_must_be_the_config_ones {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Holds, "shapeproof rule 12: " SHAPEPROOF_RULE_12_TIE_PHRASE
                         ": its biases, q/k norms, sinks or latent widths are not the config's");
  };
};
/// A typed attention's window is the config's: every layer slides, none does, or (local and global
/// layers) it is one of the two; a `layer_stack`'s layers, sliding layers and window are the config's.
template<extent_t Window, extent_t ConfigWindow, bool Holds>
struct typed_attention_window_must_be_the_config_window {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Holds, "shapeproof rule 12: " SHAPEPROOF_RULE_12_TIE_PHRASE
                         ": its sliding_window is not the config's sliding_window for these layers");
  };
};
template<std::int64_t StackParams, std::int64_t ConfigParams, bool Holds>
struct typed_layer_stack_params_must_be_the_config_ones {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Holds, "shapeproof rule 12: " SHAPEPROOF_RULE_12_TIE_PHRASE
                         ": its layers' parameters are not the config's (an FFN or norm of another model?)");
  };
};
template<extent_t Layers, extent_t ConfigLayers, extent_t Sliding, extent_t ConfigSliding, extent_t Window,
         extent_t ConfigWindow, bool Holds>
struct typed_layer_stack_must_have_the_config_layers_and_windows {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Holds, "shapeproof rule 12: " SHAPEPROOF_RULE_12_TIE_PHRASE
                         ": its layers, sliding layers or window are not the config's");
  };
};

}  // namespace rules

namespace detail {

template<typename F>
struct expert_of {
  using type = F;
};
template<typename F>
  requires requires { typename F::expert; }
struct expert_of<F> {
  using type = typename F::expert;
};

/// What a typed FFN `F` says of the fields a `model_config` gives (an MoE: of its routed experts).
template<typename F>
struct typed_ffn_fields {
  static constexpr bool moe = requires { F::top_k; };
  using expert = typename expert_of<F>::type;
  static constexpr extent_t d = expert::model_dim::extent;
  static constexpr extent_t d_ff = expert::hidden_dim::extent;
  static constexpr bool bias = expert::has_bias;
  static constexpr bool gated = expert::is_gated;
  static constexpr std::string_view activation = expert::activation::name;
  static constexpr bool variant_of(const model_config& c)
  {
    const auto v = find_variant(c.ffn.variant);
    return v && v->gated == gated && v->activation == activation;
  }
  static constexpr bool experts_of(const model_config& c)
  {
    if constexpr (moe) {
      const extent_t shared_d_ff = c.ffn.shared_d_ff > 0 ? c.ffn.shared_d_ff : c.ffn.d_ff;
      return c.ffn.experts == F::experts && c.ffn.top_k == F::top_k && c.ffn.shared_experts == F::shared_experts &&
             c.ffn.router_bias == F::router::has_bias &&
             (F::shared_experts == 0 || F::shared_expert::hidden_dim::extent == shared_d_ff);
    } else {
      return c.ffn.experts == 0;
    }
  }
  static constexpr extent_t experts = [] {
    if constexpr (moe)
      return extent_t{F::experts};
    else
      return extent_t{0};
  }();
  static constexpr extent_t top_k = [] {
    if constexpr (moe)
      return extent_t{F::top_k};
    else
      return extent_t{0};
  }();
};

/// The rules tying the typed FFN `F` to the config `C`; none for `void` (no typed FFN given) or a
/// refused `F` (its error has been given).
template<const model_config& C, typename F>
struct tie_rules {
  using f = typed_ffn_fields<F>;
  using type = shapeproof::detail::first_failing_t<
      rules::typed_ffn_d_must_equal_the_config_d_model<f::d, C.d_model, f::d == C.d_model>,
      rules::typed_ffn_dff_must_equal_the_config_d_ff<f::d_ff, C.ffn.d_ff, f::d_ff == C.ffn.d_ff>,
      rules::typed_ffn_variant_must_be_the_config_variant<f::variant_of(C)>,
      rules::typed_ffn_bias_must_be_the_config_bias<f::bias, C.ffn.bias, f::bias == C.ffn.bias>,
      rules::typed_moe_must_have_the_config_experts_and_top_k<f::experts, C.ffn.experts, f::top_k, C.ffn.top_k,
                                                              f::experts_of(C)>>;
};
/// What a typed attention `A` says of the fields a `model_config` gives.
template<typename A>
struct typed_attention_fields {
  static constexpr bool matches_the_rest_of(const model_config& c)
  {
    const auto& a = c.attention;
    if (A::qkv_bias != a.qkv_bias || A::o_bias != a.o_bias) return false;
    if constexpr (A::latent) {
      return a.latent() && a.kv_lora_rank == A::kv_lora_rank && a.q_lora_rank == A::q_lora_rank &&
             a.qk_rope_head_dim == A::rotary_dim;
    } else {
      const qk_norm_kind kind = A::qk_norm_kind == 0   ? qk_norm_kind::none
                                : A::qk_norm_kind == 1 ? qk_norm_kind::per_head
                                                       : qk_norm_kind::whole;
      return !a.latent() && kind == a.qk_norm && A::sinks == a.sinks;
    }
  }
  static constexpr extent_t head_dim = [] {
    if constexpr (A::latent)
      return A::head_dim_extent;
    else
      return extent_t{A::head_dim::extent};
  }();
};

/// Whether a typed attention's window (0: none) can be the config's, for the layers it describes.
template<const model_config& C>
constexpr bool window_fits(extent_t window)
{
  const auto& a = C.attention;
  if (a.sliding_layers == 0) return window == 0;
  if (a.sliding_layers == C.layers) return window == a.sliding_window;
  return window == 0 || window == a.sliding_window;  // local and global layers: either kind
}

/// The rules tying one typed attention `A` to the config `C`: its widths, heads, biases, norms and
/// window (every layer slides, none does, or, with local and global layers, it is either kind).
template<const model_config& C, typename A>
struct attention_tie_rules {
  using a = typed_attention_fields<A>;
  using type = shapeproof::detail::first_failing_t<
      rules::typed_attention_d_must_equal_the_config_d_model<A::model_dim::extent, C.d_model,
                                                             A::model_dim::extent == C.d_model>,
      rules::typed_attention_heads_must_be_the_config_heads<
          A::heads, C.attention.heads, A::kv_heads, C.attention.kv_heads,
          A::heads == C.attention.heads && A::kv_heads == C.attention.kv_heads>,
      rules::typed_attention_head_dim_must_equal_the_config_head_dim<a::head_dim, C.attention.head_dim,
                                                                     a::head_dim == C.attention.head_dim>,
      rules::typed_attention_biases_norms_and_latent_widths_must_be_the_config_ones<a::matches_the_rest_of(C)>,
      rules::typed_attention_window_must_be_the_config_window<A::window, C.attention.sliding_window,
                                                              window_fits<C>(A::window)>>;
};

/// Whether every layer of `C` has the same parameters (no dense layers among MoE ones, no shared
/// expert's gate outside the typed MoE, no decoder apart): then a stack's are `layers` times one.
constexpr bool uniform_layers(const model_config& c)
{
  return c.decoder_layers == 0 && !c.ffn.shared_expert_gate &&
         (c.ffn.experts == 0 || (c.ffn.first_dense_layers == 0 && c.ffn.moe_every == 1));
}

/// A `layer_stack`: each of its layers' attention, then its layers, sliding layers and window, then
/// (where the config's layers are all alike) its parameters.
template<const model_config& C, typename S>
  requires requires { S::windowed_layers(); }
struct attention_tie_rules<C, S> {
  template<typename Pattern>
  struct each;
  template<typename... L>
  struct each<std::tuple<L...>> {
    using type = shapeproof::detail::first_failing_t<typename attention_tie_rules<C, typename L::attention>::type...>;
  };
  static constexpr cost::params config_params = [] {
    if constexpr (uniform_layers(C))
      return count(C).layer.total() * C.layers;
    else
      return S::params();
  }();
  using type = shapeproof::detail::first_failing_t<
      typename each<typename S::pattern>::type,
      rules::typed_layer_stack_must_have_the_config_layers_and_windows<
          S::num_layers, C.layers, S::windowed_layers(), C.attention.sliding_layers, S::window,
          C.attention.sliding_window,
          S::num_layers == C.layers && S::windowed_layers() == C.attention.sliding_layers &&
              S::window == C.attention.sliding_window && S::one_window>,
      rules::typed_layer_stack_params_must_be_the_config_ones<S::params().value(), config_params.value(),
                                                              S::params() == config_params>>;
};
template<const model_config& C>
struct attention_tie_rules<C, void> {
  using type = shapeproof::rules::passed;
};
template<const model_config& C, typename T>  // refused, or a struct of the user's naming one refused
  requires std::is_base_of_v<shapeproof::detail::rejected, T>
struct attention_tie_rules<C, T> {
  using type = shapeproof::rules::passed;
};

template<const model_config& C>
struct tie_rules<C, void> {
  using type = shapeproof::rules::passed;
};
template<const model_config& C>
struct tie_rules<C, shapeproof::detail::rejected> {
  using type = shapeproof::rules::passed;
};

}  // namespace detail

/**
 * @brief A config given as a template argument, checked by rule 10 with one error that states
 * the broken rule; `counts` is its `count()`. Given the model's typed FFN `Ffn` too, the two are
 * tied: its D, Dff, variant, biases and (for an MoE) experts and top_k must be the config's, so a
 * preset's two descriptions of one FFN cannot disagree. Given its typed attention `Attn` too, its
 * D, heads, KV heads, head_dim, biases, q/k norms, latent widths and window must be the config's;
 * `Attn` may be a `layer_stack` of the model's layers, whose layers, sliding layers and window are
 * then tied as well (rule 12).
 *
 * `count(config)` in a constant expression refuses a bad config too, and the compiler's error
 * names the rule (the refusing function is named after it); here each refusal is a rule.
 *
 * @code
 * struct d_model final : model_width<4096> {};
 * struct d_ff final : hidden_width<14336> {};
 * static constexpr models::model_config mistral{.name = "mistral-7b-v0.1", .vocab = 32000, .d_model = 4096,
 *     .layers = 32, .attention = {.heads = 32, .kv_heads = 8, .head_dim = 128},
 *     .ffn = {.variant = "swiglu", .d_ff = 14336}};
 * static_assert(models::checked<mistral>::counts.total == 7'241'732'096_params);
 * static_assert(sizeof(models::checked<mistral, swiglu<d_model, d_ff>>));  // tied
 * @endcode
 */
template<const model_config& C, typename Ffn = void, typename Attn = void>
struct checked {
private:
  static constexpr config_fault fault = fault_of(C);
  using rule = shapeproof::detail::first_failing_t<
      rules::model_widths_and_head_counts_must_be_positive<fault != config_fault::not_positive>,
      rules::num_key_value_heads_must_divide_num_attention_heads<C.attention.kv_heads, C.attention.heads,
                                                                 fault != config_fault::kv_heads_do_not_divide>,
      rules::ffn_variant_must_be_known<fault != config_fault::unknown_variant>,
      rules::model_counts_cannot_be_negative<fault != config_fault::negative_count>,
      rules::num_experts_per_tok_must_be_between_1_and_experts<C.ffn.top_k, C.ffn.experts,
                                                               fault != config_fault::top_k_out_of_range>,
      rules::top_k_and_shared_experts_need_experts<fault != config_fault::top_k_without_experts>,
      rules::latent_attention_head_widths_must_add_up<C.attention.qk_nope_head_dim, C.attention.qk_rope_head_dim,
                                                      C.attention.head_dim, fault != config_fault::latent_widths>,
      rules::sliding_layers_need_a_window_and_at_most_every_layer<
          C.attention.sliding_layers, C.attention.sliding_window, fault != config_fault::sliding_layers>>;
  static_assert(sizeof(typename rule::template check<>));
  // The tie, once the config itself holds.
  using tie = typename std::conditional_t<rule::holds, detail::tie_rules<C, Ffn>, detail::tie_rules<C, void>>::type;
  static_assert(sizeof(typename tie::template check<>));
  using attention_tie = typename std::conditional_t<rule::holds && tie::holds, detail::attention_tie_rules<C, Attn>,
                                                    detail::attention_tie_rules<C, void>>::type;
  static_assert(sizeof(typename attention_tie::template check<>));

public:
  /// The typed FFN tied to the config (`void` when none was given).
  using ffn = Ffn;
  /// The typed attention tied to the config (`void` when none was given).
  using attention = Attn;
  /// Whether every rule holds.
  static constexpr bool valid = fault == config_fault::none && tie::holds && attention_tie::holds;
  /// Every component of the model's parameter count (`detail::refused_counts` when a rule failed:
  /// its error is given, and a comparison with a refused count adds none).
  static constexpr auto counts = [] {
    if constexpr (valid)
      return count(C);
    else
      return detail::refused_counts{};
  }();
};

}  // namespace shapeproof::models

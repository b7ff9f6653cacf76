// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief Whole decoder models: a value-level description and its exact parameter count.
 *
 * A `model_config` is what a Hugging Face `config.json` or a preset says of a model: widths,
 * attention (multi-head, grouped-query or multi-query; `head_dim` may differ from
 * `d_model / heads`; optional biases), the FFN (a variant, or an MoE of it), the norms (RMSNorm:
 * a weight; LayerNorm: a weight and a bias; per block and final), learned position embeddings
 * where the model has them, and a tied or untied LM head. `count()` gives every component, in
 * constant expressions for presets and at run time for configs read from files.
 *
 * A config that cannot describe a model (a zero width, `kv_heads` not dividing `heads`, an
 * impossible `top_k`, an unknown variant) is refused by `validate()`: a compile error in a
 * constant expression, `config_error` at run time. See proofs/models.cpp.
 */

#include <shapeproof/core/dim.hpp>
#include <shapeproof/core/rules.hpp>
#include <shapeproof/cost/dtype.hpp>
#include <shapeproof/cost/quantity.hpp>
#include <shapeproof/variants/formulas.hpp>
#include <shapeproof/variants/registry.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

namespace shapeproof::models {

enum class norm_kind {
  rms_norm,   ///< a weight of `d`
  layer_norm  ///< a weight and a bias of `d`
};

struct attention_config {
  extent_t heads = 0;
  extent_t kv_heads = 0;  ///< `heads`: multi-head; 1: multi-query; in between: grouped-query
  extent_t head_dim = 0;  ///< often `d_model / heads`, not always (Gemma)
  bool qkv_bias = false;  ///< biases on the q, k and v projections
  bool o_bias = false;    ///< a bias on the output projection
};

struct ffn_config {
  std::string_view variant;  ///< a name of `all_variants`: the FFN, or each expert of an MoE
  extent_t d_ff = 0;
  bool bias = false;     ///< biases on every projection of the FFN
  extent_t experts = 0;  ///< 0: a plain FFN; otherwise routed experts
  extent_t top_k = 0;    ///< experts per token
  extent_t shared_experts = 0;
  extent_t shared_d_ff = 0;  ///< the shared experts' hidden width (0: `d_ff`)
  bool router_bias = false;
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
  top_k_without_experts    ///< top_k or shared experts without routed experts
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
      c.token_type_rows < 0 || c.decoder_layers < 0 || c.relative_attention_buckets < 0)
    return config_fault::negative_count;
  if (f.experts > 0 && (f.top_k < 1 || f.top_k > f.experts)) return config_fault::top_k_out_of_range;
  if (f.experts == 0 && (f.top_k != 0 || f.shared_experts != 0)) return config_fault::top_k_without_experts;
  return config_fault::none;
}

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
      detail::invalid_model_config(SHAPEPROOF_RULE_10_POSITIVE_PHRASE);
    case config_fault::kv_heads_do_not_divide:
      detail::invalid_model_config(detail::with_values(SHAPEPROOF_RULE_10_KV_HEADS_PHRASE, "num_key_value_heads",
                                                       c.attention.kv_heads, "num_attention_heads", c.attention.heads));
    case config_fault::unknown_variant:
      detail::invalid_model_config(SHAPEPROOF_RULE_10_VARIANT_PHRASE);
    case config_fault::negative_count:
      detail::invalid_model_config(SHAPEPROOF_RULE_10_NEGATIVE_PHRASE);
    case config_fault::top_k_out_of_range:
      detail::invalid_model_config(detail::with_values(SHAPEPROOF_RULE_10_TOP_K_PHRASE, "num_experts_per_tok",
                                                       c.ffn.top_k, "experts", c.ffn.experts));
    case config_fault::top_k_without_experts:
      detail::invalid_model_config(SHAPEPROOF_RULE_10_EXPERTS_PHRASE);
  }
  return c;
}

/// One layer's parameters, by component.
struct layer_counts {
  cost::params attention;
  cost::params ffn;         ///< every expert, the router and the shared experts
  cost::params ffn_active;  ///< what one token uses
  cost::params norms;
  constexpr cost::params total() const { return attention + ffn + norms; }
};

/// A model's parameters by component, and the FFN's FLOPs per token.
struct model_counts {
  cost::params embedding;
  cost::params positions;
  layer_counts layer;
  extent_t layers = 0;
  cost::params final_norm;  ///< every stack's
  cost::params lm_head;     ///< zero when tied to the embedding or absent
  cost::params other;       ///< token types, embedding norm, pooler, relative position biases
  extent_t decoder_layers = 0;
  layer_counts decoder_layer;  ///< a decoder layer of an encoder-decoder (cross-attention in `attention`)
  cost::params total;
  cost::params active;                          ///< with each MoE layer's `top_k` experts only
  cost::flops ffn_matmul_flops_per_token;       ///< one layer, active experts
  cost::flops ffn_elementwise_flops_per_token;  ///< one layer, active experts

  /// The FFNs of every layer, of both stacks.
  constexpr cost::params ffn_params() const { return layer.ffn * layers + decoder_layer.ffn * decoder_layers; }
  /// The FFNs' share of all parameters.
  constexpr double ffn_share() const
  {
    return static_cast<double>(ffn_params().value()) / static_cast<double>(total.value());
  }
};

/// The attention block's parameters: q `d -> heads·hd`, k and v `d -> kv_heads·hd`, o back to d.
constexpr cost::params attention_params(extent_t d, const attention_config& a)
{
  const extent_t q = cost::checked_mul(a.heads, a.head_dim);
  const extent_t kv = cost::checked_mul(a.kv_heads, a.head_dim);
  return formula::linear_params(d, q, a.qkv_bias) + formula::linear_params(d, kv, a.qkv_bias) * 2 +
         formula::linear_params(q, d, a.o_bias);
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
    const cost::params router = formula::linear_params(d, f.experts, f.router_bias);
    const cost::params shared = ffn_params(v, d, shared_d_ff, f.bias) * f.shared_experts;
    m.layer.ffn = router + expert * f.experts + shared;
    m.layer.ffn_active = router + expert * f.top_k + shared;
    m.ffn_matmul_flops_per_token = formula::linear_matmul_flops(d, f.experts) + expert_flops * f.top_k +
                                   formula::ffn_matmul_flops(d, shared_d_ff, v.gated) * f.shared_experts;
    // As moe_ffn counts it: the experts' own, the routing, and the weighted sum of the outputs.
    m.ffn_elementwise_flops_per_token =
        expert_elementwise * f.top_k + ffn_elementwise_flops(v, d, shared_d_ff, f.bias) * f.shared_experts +
        cost::make_flops(cost::checked_add(3 * f.experts + 2 * f.top_k, cost::checked_product(2, f.top_k, d)));
  }

  m.decoder_layers = c.decoder_layers;
  if (c.decoder_layers > 0) {
    m.decoder_layer.attention = m.layer.attention * 2;  // self-attention and cross-attention
    m.decoder_layer.norms = norm_params(d, c.norm) * (c.norms_per_layer + 1);
    m.decoder_layer.ffn = m.layer.ffn;
    m.decoder_layer.ffn_active = m.layer.ffn_active;
  }

  const cost::params outside_layers = m.embedding + m.positions + m.final_norm + m.lm_head + m.other;
  m.total = outside_layers + m.layer.total() * c.layers + m.decoder_layer.total() * c.decoder_layers;
  m.active = outside_layers + (m.layer.attention + m.layer.ffn_active + m.layer.norms) * c.layers +
             (m.decoder_layer.attention + m.decoder_layer.ffn_active + m.decoder_layer.norms) * c.decoder_layers;
  return m;
}

/// The weights' memory in `dtype`.
constexpr cost::bytes weight_bytes(const model_counts& m, const dtype_info& dtype) { return dtype.bytes_of(m.total); }

namespace rules {

/// Rule 10, for a config given as a template argument: each of `validate`'s refusals, as a rule.
// (Each takes its verdict, from `fault_of`; the values are there to be named in the diagnostic.)
template<extent_t NumKeyValueHeads, extent_t NumAttentionHeads, bool Holds>
struct num_key_value_heads_must_divide_num_attention_heads {
  static constexpr bool holds = Holds;
  struct check {
    static_assert(holds, "shapeproof rule 10: " SHAPEPROOF_RULE_10_KV_HEADS_PHRASE);
  };
};
template<extent_t TopK, extent_t Experts, bool Holds>
struct num_experts_per_tok_must_be_between_1_and_experts {
  static constexpr bool holds = Holds;
  struct check {
    static_assert(holds, "shapeproof rule 10: " SHAPEPROOF_RULE_10_TOP_K_PHRASE);
  };
};
template<bool Holds>
struct model_widths_and_head_counts_must_be_positive {
  static constexpr bool holds = Holds;
  struct check {
    static_assert(Holds, "shapeproof rule 10: " SHAPEPROOF_RULE_10_POSITIVE_PHRASE);
  };
};
template<bool Holds>
struct ffn_variant_must_be_known {
  static constexpr bool holds = Holds;
  struct check {
    static_assert(Holds, "shapeproof rule 10: " SHAPEPROOF_RULE_10_VARIANT_PHRASE);
  };
};
template<bool Holds>
struct model_counts_cannot_be_negative {
  static constexpr bool holds = Holds;
  struct check {
    static_assert(Holds, "shapeproof rule 10: " SHAPEPROOF_RULE_10_NEGATIVE_PHRASE);
  };
};
template<bool Holds>
struct top_k_and_shared_experts_need_experts {
  static constexpr bool holds = Holds;
  struct check {
    static_assert(Holds, "shapeproof rule 10: " SHAPEPROOF_RULE_10_EXPERTS_PHRASE);
  };
};

}  // namespace rules

/**
 * @brief A config given as a template argument, checked by rule 10 with one error that states
 * the broken rule; `counts` is its `count()`.
 *
 * `count(config)` in a constant expression refuses a bad config too, but the compiler can only
 * say that the expression is not constant; here each refusal is a rule.
 *
 * @code
 * static constexpr models::model_config mistral{...};
 * static_assert(models::checked<mistral>::counts.total == 7'241'732'096_params);
 * @endcode
 */
template<const model_config& C>
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
      rules::top_k_and_shared_experts_need_experts<fault != config_fault::top_k_without_experts>>;
  static_assert(sizeof(typename rule::check));

public:
  /// Whether every rule holds.
  static constexpr bool valid = fault == config_fault::none;
  /// Every component of the model's parameter count (all zero when a rule failed: its error is given).
  static constexpr model_counts counts = valid ? count(C) : model_counts{};
};

}  // namespace shapeproof::models

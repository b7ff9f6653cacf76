// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief Every tensor a model's config implies, by its name in a Hugging Face checkpoint, with its
 * shape in named dimensions and the rule that shape follows.
 *
 * One list per family, written from the family's modeling code in transformers: the embedding,
 * learned positions, every layer's norms and attention (q/k/v/o, grouped-query, fused `qkv_proj`,
 * q/k norms, multi-head latent attention), the FFN (gate/up/down, fused `gate_up_proj`, GPT-2's
 * Conv1D), an MoE's router, experts and shared experts, the final norm and the LM head. Shapes are
 * PyTorch's: `nn.Linear` stores `[out, in]`.
 *
 * A tensor is `optional` when a checkpoint may leave it out: a tied LM head, the copies of a
 * tied embedding (T5), a multi-token-prediction layer.
 */

#include <shapeproof/core/dyn_shape.hpp>
#include <shapeproof/io/hf_config.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace shapeproof::io {

/// A tensor the config says a checkpoint holds.
struct expected_tensor {
  std::string name;  ///< without the checkpoint's prefix, unless `top_level`
  dyn_shape shape;
  std::string rule;        ///< what its shape must be, for the report
  bool optional = false;   ///< may be absent (tied heads, MTP layers)
  bool top_level = false;  ///< outside the model's prefix (`lm_head.weight`, BERT's `cls.`)
  bool ffn = false;        ///< one of the FFN's tensors (gate, up, down, router, experts)
  /// Weights per stored element: 2 for MXFP4 blocks (two 4-bit values a byte), else 1.
  extent_t values_per_element = 1;
  bool scale = false;  ///< a quantization scale: its shape is checked, it is not a parameter
};

namespace detail {

/// Builds a family's list: the helpers every family shares.
class tensor_list {
public:
  explicit tensor_list(const read_config& r) : c_(r.config), d_{"d_model", r.config.d_model} {}

  const dyn_dim& d() const { return d_; }

  void add(std::string name, dyn_shape s, std::string rule, bool ffn = false)
  {
    out.push_back({std::move(name), std::move(s), std::move(rule), optional_, top_level_, ffn});
  }
  /// nn.Linear: `[out, in]`, and a bias of `[out]`.
  void linear(const std::string& name, const dyn_dim& in, const dyn_dim& o, bool bias, const std::string& rule,
              bool ffn = false)
  {
    add(name + ".weight", {o, in}, rule, ffn);
    if (bias) add(name + ".bias", {o}, rule, ffn);
  }
  /// A norm of `width`: RMSNorm's weight, or LayerNorm's weight and bias.
  void norm(const std::string& name, const dyn_dim& width, bool layer_norm)
  {
    const std::string rule = "a norm's weight is as wide as what it normalizes (" + width.name + ")";
    add(name + ".weight", {width}, rule);
    if (layer_norm) add(name + ".bias", {width}, rule);
  }
  void norm(const std::string& name) { norm(name, d_, c_.norm == models::norm_kind::layer_norm); }

  /// A gated or dense FFN in LLaMA's names (`gate_proj`, `up_proj`, `down_proj`).
  void llama_ffn(const std::string& p, const dyn_dim& dff, bool gated, bool bias, const std::string& role = "")
  {
    const std::string who = role.empty() ? "" : role + ": ";
    if (gated)
      linear(p + "gate_proj", d_, dff, bias, who + "rule 1: gate and up both map d_model to " + dff.name, true);
    linear(p + "up_proj", d_, dff, bias, who + "rule 1: gate and up both map d_model to " + dff.name, true);
    linear(p + "down_proj", dff, d_, bias, who + "rule 2: down maps " + dff.name + " back to d_model", true);
  }

  /// q, k, v and o in LLaMA's names, with q/k norms.
  void attention(const std::string& p, const models::attention_config& a)
  {
    const dyn_dim q{"num_attention_heads·head_dim", a.heads * a.head_dim};
    const dyn_dim kv{"num_key_value_heads·head_dim", a.kv_heads * a.head_dim};
    linear(p + "q_proj", d_, q, a.qkv_bias, "q maps d_model to num_attention_heads·head_dim");
    linear(p + "k_proj", d_, kv, a.qkv_bias, "k and v map d_model to num_key_value_heads·head_dim (grouped-query)");
    linear(p + "v_proj", d_, kv, a.qkv_bias, "k and v map d_model to num_key_value_heads·head_dim (grouped-query)");
    linear(p + "o_proj", q, d_, a.o_bias, "o maps num_attention_heads·head_dim back to d_model");
    qk_norms(p, a);
    if (a.sinks) add(p + "sinks", {{"num_attention_heads", a.heads}}, "one sink per query head");
  }
  void qk_norms(const std::string& p, const models::attention_config& a)
  {
    if (a.qk_norm == models::qk_norm_kind::per_head) {
      norm(p + "q_norm", {"head_dim", a.head_dim}, false);
      norm(p + "k_norm", {"head_dim", a.head_dim}, false);
    } else if (a.qk_norm == models::qk_norm_kind::whole) {
      norm(p + "q_norm", {"num_attention_heads·head_dim", a.heads * a.head_dim}, false);
      norm(p + "k_norm", {"num_key_value_heads·head_dim", a.kv_heads * a.head_dim}, false);
    }
  }
  /// Multi-head latent attention in DeepSeek's names.
  void latent_attention(const std::string& p, const models::attention_config& a)
  {
    const dyn_dim q{"num_attention_heads·(qk_nope_head_dim+qk_rope_head_dim)", a.heads * a.head_dim};
    if (a.q_lora_rank > 0) {
      const dyn_dim rank{"q_lora_rank", a.q_lora_rank};
      linear(p + "q_a_proj", d_, rank, a.qkv_bias, "latent q: q_a_proj maps d_model to q_lora_rank");
      norm(p + "q_a_layernorm", rank, false);
      linear(p + "q_b_proj", rank, q, false, "latent q: q_b_proj maps q_lora_rank to every head's query");
    } else {
      linear(p + "q_proj", d_, q, false, "q maps d_model to every head's query");
    }
    const dyn_dim kv_a{"kv_lora_rank+qk_rope_head_dim", a.kv_lora_rank + a.qk_rope_head_dim};
    const dyn_dim rank{"kv_lora_rank", a.kv_lora_rank};
    linear(p + "kv_a_proj_with_mqa", d_, kv_a, a.qkv_bias,
           "latent kv: kv_a_proj_with_mqa maps d_model to the latent and the shared rope key");
    norm(p + "kv_a_layernorm", rank, false);
    linear(p + "kv_b_proj", rank,
           {"num_attention_heads·(qk_nope_head_dim+v_head_dim)", a.heads * (a.qk_nope_head_dim + a.v_head_dim)}, false,
           "latent kv: kv_b_proj maps kv_lora_rank to every head's key and value");
    linear(p + "o_proj", {"num_attention_heads·v_head_dim", a.heads * a.v_head_dim}, d_, a.o_bias,
           "o maps num_attention_heads·v_head_dim back to d_model");
  }
  /**
   * @brief A stack of expert matrices `[experts, out, in]` in MXFP4, as a checkpoint quantized by
   * it stores them: `name_blocks` `[experts, out, in/32, 16]` bytes, two 4-bit values each, and
   * `name_scales` `[experts, out, in/32]`, one power-of-two exponent per block of 32 (`in` a
   * multiple of 32, as the caller checks).
   */
  void mxfp4_experts(const std::string& name, const dyn_dim& o, const dyn_dim& in, const std::string& rule)
  {
    const dyn_dim experts{"experts", c_.ffn.experts};
    const dyn_dim blocks{in.name + "/32", in.extent / 32};
    add(name + "_blocks", {experts, o, blocks, {"16", 16}}, rule + " (MXFP4: 16 bytes per block of 32)", true);
    out.back().values_per_element = 2;
    add(name + "_scales", {experts, o, blocks}, rule + " (MXFP4: one scale per block of 32)", true);
    out.back().scale = true;
  }
  /// A router of `experts` logits.
  void router(const std::string& name)
  {
    linear(name, d_, {"experts", c_.ffn.experts}, false, "rule 6: the router maps d_model to one logit per expert",
           true);
  }

  void set_optional(bool o) { optional_ = o; }
  void set_top_level(bool t) { top_level_ = t; }

  std::vector<expected_tensor> out;

private:
  const models::model_config& c_;
  dyn_dim d_;
  bool optional_ = false;
  bool top_level_ = false;
};

}  // namespace detail

/// At most how many tensors the config implies (a bound, computed without listing them).
inline extent_t expected_tensor_bound(const models::model_config& c)
{
  const extent_t per_expert = 6;  // three projections, with biases
  const extent_t per_layer =
      cost::checked_add(40, cost::checked_mul(per_expert, cost::checked_add(c.ffn.experts, c.ffn.shared_experts + 1)));
  return cost::checked_add(
      16, cost::checked_mul(per_layer, cost::checked_add(c.layers, cost::checked_add(c.decoder_layers, c.mtp_layers))));
}

/// The most tensors `check` lists: a hundred times DeepSeek-V3's 91,000.
inline constexpr extent_t max_expected_tensors = 10'000'000;

namespace detail {
inline void refuse_huge(const read_config& r)
{
  extent_t bound = 0;
  try {
    bound = expected_tensor_bound(r.config);
  } catch (const std::overflow_error&) {
    bound = max_expected_tensors + 1;
  }
  if (bound > max_expected_tensors)
    throw config_read_error(r.name + ": the config implies more than " + std::to_string(max_expected_tensors) +
                            " tensors (" + std::to_string(r.config.layers) + " layers of " +
                            std::to_string(r.config.ffn.experts) + " experts); no checkpoint holds so many");
}
}  // namespace detail

/**
 * @brief Every tensor the config implies, under the family's names in a Hugging Face checkpoint.
 *
 * Names are relative to the family's prefix (`model.`, `transformer.`, `bert.`; see
 * `checkpoint_prefixes`) except those marked `top_level`.
 */
inline std::vector<expected_tensor> expected_tensors(const read_config& r)
{
  const auto& c = r.config;
  const auto& a = c.attention;
  const auto& f = c.ffn;
  const std::string& family = r.family;
  detail::refuse_huge(r);
  detail::tensor_list t(r);
  const dyn_dim& d = t.d();
  const dyn_dim vocab{"vocab_size", c.vocab};
  const dyn_dim dff{"d_ff", f.d_ff};
  const bool gated = find_variant(f.variant)->gated;
  auto layer = [](const std::string& stem, extent_t i) { return stem + std::to_string(i) + "."; };
  const std::string embedding_rule = "the token embedding is [vocab_size, d_model]";
  const std::string head_rule = "the LM head maps d_model to vocab_size";

  if (family == "gpt2") {
    t.add("wte.weight", {vocab, d}, embedding_rule);
    t.add("wpe.weight", {{"n_positions", c.learned_positions}, d}, "learned positions are [n_positions, d_model]");
    const dyn_dim qkv{"3·d_model", 3 * c.d_model};
    for (extent_t i = 0; i < c.layers; ++i) {
      const std::string p = layer("h.", i);
      t.norm(p + "ln_1");
      // Conv1D stores [in, out]
      t.add(p + "attn.c_attn.weight", {d, qkv},
            "rule 5: the fused c_attn is q, k and v along its output (Conv1D: [in, out])");
      t.add(p + "attn.c_attn.bias", {qkv}, "rule 5: the fused c_attn is q, k and v along its output");
      t.add(p + "attn.c_proj.weight", {d, d}, "the attention's c_proj maps d_model to d_model (Conv1D: [in, out])");
      t.add(p + "attn.c_proj.bias", {d}, "the attention's c_proj maps d_model to d_model");
      t.norm(p + "ln_2");
      t.add(p + "mlp.c_fc.weight", {d, dff}, "rule 1: c_fc maps d_model to d_ff (Conv1D: [in, out])", true);
      t.add(p + "mlp.c_fc.bias", {dff}, "rule 1: c_fc maps d_model to d_ff", true);
      t.add(p + "mlp.c_proj.weight", {dff, d}, "rule 2: c_proj maps d_ff back to d_model (Conv1D: [in, out])", true);
      t.add(p + "mlp.c_proj.bias", {d}, "rule 2: c_proj maps d_ff back to d_model", true);
    }
    t.norm("ln_f");
    t.set_top_level(true);
    t.set_optional(c.tied_embeddings);
    t.add("lm_head.weight", {vocab, d}, head_rule);
    return t.out;
  }

  if (family == "bert") {
    t.add("embeddings.word_embeddings.weight", {vocab, d}, embedding_rule);
    t.add("embeddings.position_embeddings.weight", {{"max_position_embeddings", c.learned_positions}, d},
          "learned positions are [max_position_embeddings, d_model]");
    t.add("embeddings.token_type_embeddings.weight", {{"type_vocab_size", c.token_type_rows}, d},
          "token types are [type_vocab_size, d_model]");
    t.norm("embeddings.LayerNorm");
    for (extent_t i = 0; i < c.layers; ++i) {
      const std::string p = layer("encoder.layer.", i);
      const std::string rule = "q, k and v map d_model to num_attention_heads·head_dim";
      const dyn_dim q{"num_attention_heads·head_dim", a.heads * a.head_dim};
      t.linear(p + "attention.self.query", d, q, true, rule);
      t.linear(p + "attention.self.key", d, q, true, rule);
      t.linear(p + "attention.self.value", d, q, true, rule);
      t.linear(p + "attention.output.dense", q, d, true, "the attention's output maps back to d_model");
      t.norm(p + "attention.output.LayerNorm");
      t.linear(p + "intermediate.dense", d, dff, true, "rule 1: intermediate maps d_model to d_ff", true);
      t.linear(p + "output.dense", dff, d, true, "rule 2: output maps d_ff back to d_model", true);
      t.norm(p + "output.LayerNorm");
    }
    if (c.pooler) t.linear("pooler.dense", d, d, true, "the pooler maps d_model to d_model");
    return t.out;
  }

  if (family == "t5") {
    const dyn_dim inner{"num_heads·d_kv", a.heads * a.head_dim};
    const dyn_dim buckets{"relative_attention_num_buckets", c.relative_attention_buckets};
    const dyn_dim heads{"num_heads", a.heads};
    t.add("shared.weight", {vocab, d}, embedding_rule);
    auto attention = [&](const std::string& p, bool relative) {
      const std::string rule = "q, k and v map d_model to num_heads·d_kv";
      t.linear(p + "q", d, inner, false, rule);
      t.linear(p + "k", d, inner, false, rule);
      t.linear(p + "v", d, inner, false, rule);
      t.linear(p + "o", inner, d, false, "o maps num_heads·d_kv back to d_model");
      if (relative)
        t.add(p + "relative_attention_bias.weight", {buckets, heads},
              "relative position biases are [relative_attention_num_buckets, num_heads]");
    };
    auto ffn = [&](const std::string& p) {
      if (gated) {
        t.linear(p + "wi_0", d, dff, false, "rule 1: wi_0 (gate) and wi_1 (up) map d_model to d_ff", true);
        t.linear(p + "wi_1", d, dff, false, "rule 1: wi_0 (gate) and wi_1 (up) map d_model to d_ff", true);
      } else {
        t.linear(p + "wi", d, dff, false, "rule 1: wi maps d_model to d_ff", true);
      }
      t.linear(p + "wo", dff, d, false, "rule 2: wo maps d_ff back to d_model", true);
    };
    for (extent_t i = 0; i < c.layers; ++i) {
      const std::string p = layer("encoder.block.", i);
      attention(p + "layer.0.SelfAttention.", i == 0);
      t.norm(p + "layer.0.layer_norm");
      ffn(p + "layer.1.DenseReluDense.");
      t.norm(p + "layer.1.layer_norm");
    }
    t.norm("encoder.final_layer_norm");
    for (extent_t i = 0; i < c.decoder_layers; ++i) {
      const std::string p = layer("decoder.block.", i);
      attention(p + "layer.0.SelfAttention.", i == 0);
      t.norm(p + "layer.0.layer_norm");
      attention(p + "layer.1.EncDecAttention.", false);
      t.norm(p + "layer.1.layer_norm");
      ffn(p + "layer.2.DenseReluDense.");
      t.norm(p + "layer.2.layer_norm");
    }
    if (c.decoder_layers > 0) t.norm("decoder.final_layer_norm");
    t.set_optional(true);  // copies of `shared`, when saved
    t.add("encoder.embed_tokens.weight", {vocab, d}, embedding_rule);
    if (c.decoder_layers > 0) t.add("decoder.embed_tokens.weight", {vocab, d}, embedding_rule);
    t.set_optional(c.tied_embeddings);
    t.add("lm_head.weight", {vocab, d}, head_rule);
    return t.out;
  }

  // The decoder families: LLaMA's layout, each with its own differences.
  t.add("embed_tokens.weight", {vocab, d}, embedding_rule);
  const bool phi3 = family == "phi3";
  const bool deepseek = family == "deepseek_v3";
  auto ffn_of_layer = [&](const std::string& p, extent_t i) {
    if (phi3) {
      t.linear(p + "mlp.gate_up_proj", d, {"2·d_ff", 2 * f.d_ff}, f.bias,
               "rule 5: the fused gate_up_proj is gate and up along its output, [2·d_ff, d_model]", true);
      t.linear(p + "mlp.down_proj", dff, d, f.bias, "rule 2: down maps d_ff back to d_model", true);
      return;
    }
    if (f.experts == 0) {
      t.llama_ffn(p + "mlp.", dff, gated, f.bias);
      return;
    }
    if (!models::is_moe_layer(c, i)) {
      t.llama_ffn(p + "mlp.", {"intermediate_size", f.dense_d_ff > 0 ? f.dense_d_ff : f.d_ff}, gated, f.bias);
      return;
    }
    if (family == "gpt_oss") {  // experts as stacks, gate and up fused (interleaved), all with biases
      const dyn_dim experts{"experts", f.experts};
      const dyn_dim gate_up{"2·d_ff", 2 * f.d_ff};
      t.linear(p + "mlp.router", d, experts, true, "rule 6: the router maps d_model to one logit per expert", true);
      const std::string e = p + "mlp.experts.";
      const std::string r_gate_up = "rule 5: the fused gate_up_proj is gate and up, interleaved, per expert";
      const std::string r_down = "rule 2: down maps d_ff back to d_model, per expert";
      if (r.quant_method == "mxfp4") {
        for (const auto& [field, width] : {std::pair{"hidden_size", c.d_model}, std::pair{"intermediate_size", f.d_ff}})
          if (width % 32 != 0)
            throw config_read_error(r.name +
                                    ": quantization_config's quant_method is \"mxfp4\", which stores each "
                                    "expert's weights in blocks of 32 along its input, but " +
                                    field + " is " + std::to_string(width) + ", not a multiple of 32");
        t.mxfp4_experts(e + "gate_up_proj", gate_up, d, r_gate_up);
        t.mxfp4_experts(e + "down_proj", d, dff, r_down);
      } else {  // GptOssExperts' own parameters: [experts, in, out]
        t.add(e + "gate_up_proj", {experts, d, gate_up}, r_gate_up + ", [experts, d_model, 2·d_ff]", true);
        t.add(e + "down_proj", {experts, dff, d}, r_down + ", [experts, d_ff, d_model]", true);
      }
      t.add(e + "gate_up_proj_bias", {experts, gate_up}, r_gate_up, true);
      t.add(e + "down_proj_bias", {experts, d}, r_down, true);
      return;
    }
    if (family == "mixtral") {
      const std::string m = p + "block_sparse_moe.";
      t.router(m + "gate");
      for (extent_t e = 0; e < f.experts; ++e) {
        const std::string q = m + "experts." + std::to_string(e) + ".";
        t.linear(q + "w1", d, dff, false, "rule 1: w1 (gate) and w3 (up) map d_model to d_ff", true);
        t.linear(q + "w3", d, dff, false, "rule 1: w1 (gate) and w3 (up) map d_model to d_ff", true);
        t.linear(q + "w2", dff, d, false, "rule 2: w2 (down) maps d_ff back to d_model", true);
      }
      return;
    }
    const dyn_dim expert_dff{"moe_intermediate_size", f.d_ff};
    t.router(p + "mlp.gate");
    if (f.router_bias)
      t.add(p + "mlp.gate.e_score_correction_bias", {{"experts", f.experts}}, "rule 6: one router bias per expert",
            true);
    for (extent_t e = 0; e < f.experts; ++e)
      t.llama_ffn(p + "mlp.experts." + std::to_string(e) + ".", expert_dff, gated, f.bias, "expert");
    if (f.shared_experts > 0) {
      if (family == "qwen2_moe") {
        t.llama_ffn(p + "mlp.shared_expert.", {"shared_expert_intermediate_size", f.shared_d_ff}, gated, f.bias,
                    "shared expert");
      } else {  // DeepSeek: the shared experts as one MLP of their summed width
        t.llama_ffn(
            p + "mlp.shared_experts.",
            {"n_shared_experts·moe_intermediate_size", f.shared_experts * (f.shared_d_ff > 0 ? f.shared_d_ff : f.d_ff)},
            gated, f.bias, "shared experts");
      }
    }
    if (f.shared_expert_gate)
      t.linear(p + "mlp.shared_expert_gate", d, {"1", 1}, false, "the shared expert's gate maps d_model to 1", true);
  };
  auto decoder_layer = [&](const std::string& p, extent_t i) {
    if (family == "gemma2" || family == "gemma3_text") {
      t.norm(p + "input_layernorm");
      t.norm(p + "post_attention_layernorm");
      t.norm(p + "pre_feedforward_layernorm");
      t.norm(p + "post_feedforward_layernorm");
    } else if (family == "olmo2") {
      t.norm(p + "post_attention_layernorm");
      t.norm(p + "post_feedforward_layernorm");
    } else {
      t.norm(p + "input_layernorm");
      t.norm(p + "post_attention_layernorm");
    }
    const std::string s = p + "self_attn.";
    if (a.latent()) {
      t.latent_attention(s, a);
    } else if (phi3) {
      const dyn_dim q{"num_attention_heads·head_dim", a.heads * a.head_dim};
      t.linear(s + "qkv_proj", d,
               {"(num_attention_heads+2·num_key_value_heads)·head_dim", (a.heads + 2 * a.kv_heads) * a.head_dim}, false,
               "rule 5: the fused qkv_proj is q, k and v along its output");
      t.linear(s + "o_proj", q, d, false, "o maps num_attention_heads·head_dim back to d_model");
    } else {
      t.attention(s, a);
    }
    ffn_of_layer(p, i);
  };
  for (extent_t i = 0; i < c.layers; ++i) decoder_layer(layer("layers.", i), i);
  t.norm("norm");
  if (deepseek && c.mtp_layers > 0) {
    // The multi-token-prediction layers follow the model's own, with their extras; a checkpoint
    // converted for inference may leave them out.
    t.set_optional(true);
    for (extent_t k = 0; k < c.mtp_layers; ++k) {
      const extent_t i = c.layers + k;
      const std::string p = layer("layers.", i);
      decoder_layer(p, c.layers - 1);
      t.add(p + "embed_tokens.weight", {vocab, d}, embedding_rule);
      t.norm(p + "enorm");
      t.norm(p + "hnorm");
      t.linear(p + "eh_proj", {"2·d_model", 2 * c.d_model}, d, false, "eh_proj maps 2·d_model to d_model");
      t.norm(p + "shared_head.norm");
      t.add(p + "shared_head.head.weight", {vocab, d}, head_rule);
    }
    t.set_optional(false);
  }
  t.set_top_level(true);
  t.set_optional(c.tied_embeddings);
  t.add("lm_head.weight", {vocab, d}, head_rule);
  return t.out;
}

/// llama.cpp's architecture name (`general.architecture`) for a family, or "" when shapeproof does
/// not map the family's GGUF names.
inline std::string gguf_architecture(const std::string& family)
{
  if (family == "llama" || family == "mistral" || family == "mixtral") return "llama";
  if (family == "qwen2_moe") return "qwen2moe";
  if (family == "qwen3_moe") return "qwen3moe";
  if (family == "deepseek_v3" || family == "deepseek_v2") return "deepseek2";
  if (family == "gemma3_text") return "gemma3";
  if (family == "gpt_oss") return "gpt-oss";
  if (family == "qwen2" || family == "qwen3" || family == "gemma" || family == "gemma2" || family == "phi3" ||
      family == "olmo2" || family == "gpt2")
    return family;
  return "";
}

/**
 * @brief Every tensor the config implies, under llama.cpp's GGUF names (`token_embd.weight`,
 * `blk.N.ffn_gate.weight`, ...), shapes in PyTorch's order.
 *
 * The differences from a Hugging Face checkpoint are llama.cpp's: an MoE layer's experts are one
 * tensor per projection, `[experts, out, in]` (`ffn_gate_exps`); GPT-2's Conv1D weights are
 * stored as `[out, in]`; DeepSeek's multi-token-prediction layers are not converted. Empty for a
 * family `gguf_architecture` does not map.
 */
inline std::vector<expected_tensor> expected_gguf_tensors(const read_config& r)
{
  const auto& c = r.config;
  const auto& a = c.attention;
  const auto& f = c.ffn;
  const std::string& family = r.family;
  if (gguf_architecture(family).empty()) return {};
  detail::refuse_huge(r);
  detail::tensor_list t(r);
  const dyn_dim& d = t.d();
  const dyn_dim vocab{"vocab_size", c.vocab};
  const dyn_dim dff{"d_ff", f.d_ff};
  const dyn_dim experts{"experts", f.experts};
  const bool gated = find_variant(f.variant)->gated;
  const bool bias = f.bias;
  t.add("token_embd.weight", {vocab, d}, "the token embedding is [vocab_size, d_model]");
  if (c.learned_positions > 0)
    t.add("position_embd.weight", {{"n_positions", c.learned_positions}, d},
          "learned positions are [n_positions, d_model]");
  const dyn_dim q{"num_attention_heads·head_dim", a.heads * a.head_dim};
  const dyn_dim kv{"num_key_value_heads·head_dim", a.kv_heads * a.head_dim};
  for (extent_t i = 0; i < c.layers; ++i) {
    const std::string p = "blk." + std::to_string(i) + ".";
    // Norms
    if (family == "olmo2") {
      t.norm(p + "post_attention_norm");
      t.norm(p + "post_ffw_norm");
    } else if (family == "gpt_oss") {
      t.norm(p + "attn_norm");
      t.norm(p + "post_attention_norm");
    } else {
      t.norm(p + "attn_norm");
      t.norm(p + "ffn_norm");
      if (family == "gemma2" || family == "gemma3_text") {
        t.norm(p + "post_attention_norm");
        t.norm(p + "post_ffw_norm");
      }
    }
    // Attention
    if (a.latent()) {
      const dyn_dim qh{"num_attention_heads·(qk_nope_head_dim+qk_rope_head_dim)", a.heads * a.head_dim};
      if (a.q_lora_rank > 0) {
        const dyn_dim rank{"q_lora_rank", a.q_lora_rank};
        t.linear(p + "attn_q_a", d, rank, a.qkv_bias, "latent q: attn_q_a maps d_model to q_lora_rank");
        t.norm(p + "attn_q_a_norm", rank, false);
        t.linear(p + "attn_q_b", rank, qh, false, "latent q: attn_q_b maps q_lora_rank to every head's query");
      } else {
        t.linear(p + "attn_q", d, qh, false, "q maps d_model to every head's query");
      }
      const dyn_dim rank{"kv_lora_rank", a.kv_lora_rank};
      t.linear(p + "attn_kv_a_mqa", d, {"kv_lora_rank+qk_rope_head_dim", a.kv_lora_rank + a.qk_rope_head_dim},
               a.qkv_bias, "latent kv: attn_kv_a_mqa maps d_model to the latent and the shared rope key");
      t.norm(p + "attn_kv_a_norm", rank, false);
      t.linear(p + "attn_kv_b", rank,
               {"num_attention_heads·(qk_nope_head_dim+v_head_dim)", a.heads * (a.qk_nope_head_dim + a.v_head_dim)},
               false, "latent kv: attn_kv_b maps kv_lora_rank to every head's key and value");
      t.linear(p + "attn_output", {"num_attention_heads·v_head_dim", a.heads * a.v_head_dim}, d, a.o_bias,
               "o maps num_attention_heads·v_head_dim back to d_model");
    } else if (family == "phi3" || family == "gpt2") {
      t.linear(p + "attn_qkv", d, {"(num_attention_heads+2·num_key_value_heads)·head_dim", q.extent + 2 * kv.extent},
               a.qkv_bias, "rule 5: the fused attn_qkv is q, k and v along its output");
      t.linear(p + "attn_output", q, d, a.o_bias, "o maps num_attention_heads·head_dim back to d_model");
    } else {
      t.linear(p + "attn_q", d, q, a.qkv_bias, "q maps d_model to num_attention_heads·head_dim");
      t.linear(p + "attn_k", d, kv, a.qkv_bias, "k and v map d_model to num_key_value_heads·head_dim (grouped-query)");
      t.linear(p + "attn_v", d, kv, a.qkv_bias, "k and v map d_model to num_key_value_heads·head_dim (grouped-query)");
      t.linear(p + "attn_output", q, d, a.o_bias, "o maps num_attention_heads·head_dim back to d_model");
      if (a.sinks) t.add(p + "attn_sinks.weight", {{"num_attention_heads", a.heads}}, "one sink per query head");
      if (a.qk_norm == models::qk_norm_kind::per_head) {
        t.norm(p + "attn_q_norm", {"head_dim", a.head_dim}, false);
        t.norm(p + "attn_k_norm", {"head_dim", a.head_dim}, false);
      } else if (a.qk_norm == models::qk_norm_kind::whole) {
        t.norm(p + "attn_q_norm", q, false);
        t.norm(p + "attn_k_norm", kv, false);
      }
    }
    // FFN
    const std::string r1 = "rule 1: gate and up both map d_model to ";
    if (family == "phi3") {
      t.linear(p + "ffn_up", d, {"2·d_ff", 2 * f.d_ff}, bias,
               "rule 5: phi3's fused ffn_up is gate and up along its output, [2·d_ff, d_model]", true);
      t.linear(p + "ffn_down", dff, d, bias, "rule 2: down maps d_ff back to d_model", true);
    } else if (f.experts == 0 || !models::is_moe_layer(c, i)) {
      const dyn_dim w = f.experts == 0 ? dff : dyn_dim{"intermediate_size", f.dense_d_ff > 0 ? f.dense_d_ff : f.d_ff};
      if (gated) t.linear(p + "ffn_gate", d, w, bias, r1 + w.name, true);
      t.linear(p + "ffn_up", d, w, bias, r1 + w.name, true);
      t.linear(p + "ffn_down", w, d, bias, "rule 2: down maps " + w.name + " back to d_model", true);
    } else {
      t.router(p + "ffn_gate_inp");
      if (f.router_bias)  // (gpt-oss's is the router's own; DeepSeek's a correction of its scores)
        t.add(p + (family == "gpt_oss" ? "ffn_gate_inp.bias" : "exp_probs_b.bias"), {experts},
              "rule 6: one router bias per expert", true);
      const dyn_dim w{family == "mixtral" || family == "gpt_oss" ? "d_ff" : "moe_intermediate_size", f.d_ff};
      for (const char* name : {"ffn_gate_exps", "ffn_up_exps"}) {
        if (!gated && name == std::string_view("ffn_gate_exps")) continue;
        t.add(p + name + ".weight", {experts, w, d}, r1 + w.name + ", per expert", true);
        if (bias) t.add(p + name + ".bias", {experts, w}, r1 + w.name + ", per expert", true);
      }
      t.add(p + "ffn_down_exps.weight", {experts, d, w}, "rule 2: down maps " + w.name + " back to d_model, per expert",
            true);
      if (bias)
        t.add(p + "ffn_down_exps.bias", {experts, d}, "rule 2: down maps " + w.name + " back to d_model, per expert",
              true);
      if (f.shared_experts > 0) {
        const dyn_dim s = family == "qwen2_moe"
                              ? dyn_dim{"shared_expert_intermediate_size", f.shared_d_ff}
                              : dyn_dim{"n_shared_experts·moe_intermediate_size",
                                        f.shared_experts * (f.shared_d_ff > 0 ? f.shared_d_ff : f.d_ff)};
        if (gated) t.linear(p + "ffn_gate_shexp", d, s, bias, "shared expert: " + r1 + s.name, true);
        t.linear(p + "ffn_up_shexp", d, s, bias, "shared expert: " + r1 + s.name, true);
        t.linear(p + "ffn_down_shexp", s, d, bias, "shared expert: rule 2: down maps " + s.name + " back to d_model",
                 true);
      }
      if (f.shared_expert_gate)
        t.add(p + "ffn_gate_inp_shexp.weight", {d}, "the shared expert's gate maps d_model to 1", true);
    }
  }
  t.norm("output_norm");
  t.set_optional(c.tied_embeddings);
  t.add("output.weight", {vocab, d}, "the LM head maps d_model to vocab_size");
  return t.out;
}

/// The prefixes a family's checkpoints put before the names above, most common first.
inline std::vector<std::string> checkpoint_prefixes(const std::string& family)
{
  if (family == "gpt2") return {"", "transformer."};
  if (family == "bert") return {"bert.", ""};
  if (family == "t5") return {""};
  return {"model.", ""};
}

/// Whether a name is a buffer or a companion some checkpoints hold beside the weights: not a
/// parameter, never "unexpected".
inline bool is_buffer_name(const std::string& name)
{
  // (GPT-2's causal mask, `h.{i}.attn.bias`, is a buffer; its `c_attn.bias` is a parameter.)
  const bool gpt2_mask =
      name.ends_with(".attn.bias") && (name.starts_with("h.") || name.find(".h.") != std::string::npos);
  return name.ends_with("rotary_emb.inv_freq") || name.ends_with(".attn.masked_bias") ||
         name.ends_with("embeddings.position_ids") || gpt2_mask;
}

/// Whether a name is a quantization companion no tensor list names (FP8 block scales): counted
/// apart. (MXFP4's scales are in the list, marked `expected_tensor::scale`.)
inline bool is_quantization_scale(const std::string& name)
{
  return name.ends_with(".weight_scale_inv") || name.ends_with(".weight_scale") || name.ends_with(".input_scale");
}

}  // namespace shapeproof::io

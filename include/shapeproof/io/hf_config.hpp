// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief A Hugging Face `config.json` read as a `models::model_config`.
 *
 * The LLaMA, Mistral, Mixtral, Qwen2, Qwen2-MoE, Qwen3, Qwen3-MoE, Gemma, Gemma 2, Gemma 3, Phi-3,
 * OLMo 2, DeepSeek-V2 and V3, gpt-oss, GPT-2, BERT and T5 families, each with its own field names (`hidden_size` /
 * `n_embd` / `d_model`, `intermediate_size` / `n_inner` / `d_ff`, …) and its own defaults when a field is absent (those
 * of the family's `PretrainedConfig` class in transformers). Nothing is guessed: an unknown `model_type`, a required
 * field that is missing or not a positive integer, an activation shapeproof does not know, or a field it does not
 * understand whose name says it may change the count (`num_experts`, `q_lora_rank`, …) is a `config_read_error` naming
 * the field.
 */

#include <nlohmann/json.hpp>

#include <shapeproof/io/file.hpp>
#include <shapeproof/io/json.hpp>
#include <shapeproof/models/model.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace shapeproof::io {

/// A config.json shapeproof cannot read as a model, with the reason and the field.
class config_read_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// A model description read from a file: the config owns its name's storage.
struct read_config {
  std::string name;
  std::string family;  ///< the config's model_type
  models::model_config config;
  /// Fields read from the file and the defaults applied, for reports.
  std::vector<std::string> defaults_used;
  /// Where the file says one thing and the model is run as another: said on stderr by the commands.
  std::vector<std::string> notes;
  /// The config has a `quantization_config`: its checkpoint may hold integer or FP8 weights and scales.
  bool quantized = false;
  /// Its `quantization_config.quant_method` ("fp8", "mxfp4", ...), or empty.
  std::string quant_method;
  /// An MoE's top-k routing weights are renormalised to sum to 1 (Mixtral's softmax over the top k;
  /// the Qwen MoEs' `norm_topk_prob`, false by default). Counts do not depend on it; a forward pass does.
  bool top_k_renormalized = true;
};

/// The `model_type`s `parse_hf_config` reads.
inline constexpr std::array<std::string_view, 18> known_families{
    "llama",       "mistral", "mixtral", "qwen2",       "qwen2_moe",   "qwen3",   "qwen3_moe", "gemma", "gemma2",
    "gemma3_text", "phi3",    "olmo2",   "deepseek_v2", "deepseek_v3", "gpt_oss", "gpt2",      "bert",  "t5"};

namespace detail {

// Fields that never change a parameter count, in any family.
inline const std::set<std::string, std::less<>>& harmless_fields()
{
  static const std::set<std::string, std::less<>> fields{
      "_name_or_path", "architectures", "auto_map", "model_type", "torch_dtype", "transformers_version", "bos_token_id",
      "eos_token_id", "pad_token_id", "decoder_start_token_id", "sep_token_id", "use_cache", "initializer_range",
      "initializer_factor", "rms_norm_eps", "layer_norm_eps", "layer_norm_epsilon", "rope_theta", "rope_scaling",
      "rope_parameters", "max_position_embeddings", "sliding_window", "sliding_window_size", "use_sliding_window",
      "max_window_layers", "attention_dropout", "hidden_dropout_prob", "attention_probs_dropout_prob", "dropout_rate",
      "resid_pdrop", "embd_pdrop", "attn_pdrop", "summary_activation", "summary_first_dropout",
      "summary_proj_to_labels", "summary_type", "summary_use_proj", "task_specific_params", "pretraining_tp",
      "output_router_logits", "router_aux_loss_coef", "router_jitter_noise", "scale_attn_weights",
      "reorder_and_upcast_attn", "scale_attn_by_inverse_layer_idx", "n_ctx", "position_embedding_type",
      "classifier_dropout", "gradient_checkpointing", "is_encoder_decoder", "is_decoder", "tokenizer_class",
      "n_positions_unused", "id2label", "label2id", "problem_type", "finetuning_task", "attn_logit_softcapping",
      "final_logit_softcapping", "query_pre_attn_scalar", "quantization_config", "relative_attention_max_distance",
      "dense_act_fn", "is_gated_act", "output_past", "bidirectional", "prefix", "torchscript", "return_dict",
      "use_return_dict", "vocab_size_unused",
      // Qwen-MoE, DeepSeek: routing, not sizes
      "norm_topk_prob", "n_group", "topk_group", "ep_size", "routed_scaling_factor", "scoring_func", "aux_loss_alpha",
      "seq_aux", "rope_interleave",
      // Phi-3, Gemma 2, Qwen3: rotary and attention kinds
      "original_max_position_embeddings", "partial_rotary_factor", "cache_implementation", "layer_types",
      // Gemma 3: the local layers' rotary base
      "rope_local_base_freq"};
  return fields;
}

// Words in a field name that say it may size something.
inline bool may_change_count(std::string_view field)
{
  for (const std::string_view word : {"size", "dim",    "layer",        "head",   "expert", "bias", "vocab", "embed",
                                      "proj", "lora",   "intermediate", "hidden", "inner",  "num_", "n_",    "tie",
                                      "norm", "shared", "position",     "kv",     "rank",   "pool", "type"})
    if (field.find(word) != std::string_view::npos) return true;
  return false;
}

class reader {
public:
  reader(const nlohmann::json& j, std::string source) : j_(j), source_(std::move(source)) {}

  extent_t positive(const std::string& field)
  {
    used_.insert(field);
    if (!j_.contains(field) || j_[field].is_null()) fail(field, "is required");
    return positive_value(field);
  }
  extent_t positive_or(const std::string& field, extent_t fallback)
  {
    used_.insert(field);
    if (!j_.contains(field) || j_[field].is_null()) {
      defaults.push_back(field + " = " + std::to_string(fallback));
      return fallback;
    }
    return positive_value(field);
  }
  /// A count that may be zero (first_k_dense_replace, num_nextn_predict_layers). With
  /// `null_is_zero`, an explicit null is 0 where the family's code treats it so (q_lora_rank).
  extent_t non_negative_or(const std::string& field, extent_t fallback, bool null_is_zero = false)
  {
    used_.insert(field);
    if (null_is_zero && j_.contains(field) && j_[field].is_null()) return 0;
    if (!j_.contains(field) || j_[field].is_null()) {
      defaults.push_back(field + " = " + std::to_string(fallback));
      return fallback;
    }
    if (j_[field].is_number() && j_[field].get<double>() == 0.0) return 0;
    return positive_value(field);
  }
  bool present(const std::string& field) const { return j_.contains(field) && !j_[field].is_null(); }
  bool used(const std::string& field) const { return used_.count(field) > 0; }
  /// A switch the family's code does not have, unless it reads it: false (or absent) is what the
  /// model is; true would be a model shapeproof does not know.
  void false_or_refuse(const std::string& field, const std::string& family)
  {
    if (used(field)) return;
    used_.insert(field);
    if (!present(field)) return;  // absent: nothing to say, and no default of this family's to report
    if (boolean_or(field, false))
      fail(field, "is true, but " + family + "'s modules have no such parameters: refusing to guess");
  }
  /// A list of layers shapeproof does not model: accepted only when empty.
  void empty_list_or_absent(const std::string& field, const std::string& why)
  {
    used_.insert(field);
    if (!present(field)) return;
    if (!j_[field].is_array()) fail(field, "must be a list");
    if (!j_[field].empty()) fail(field, why);
  }
  bool boolean_or(const std::string& field, bool fallback)
  {
    used_.insert(field);
    if (!j_.contains(field) || j_[field].is_null()) {
      defaults.push_back(field + " = " + (fallback ? "true" : "false"));
      return fallback;
    }
    if (!j_[field].is_boolean()) fail(field, "must be true or false");
    return j_[field].get<bool>();
  }
  std::string string_or(const std::string& field, const std::string& fallback)
  {
    used_.insert(field);
    if (!j_.contains(field) || j_[field].is_null()) {
      defaults.push_back(field + " = \"" + fallback + "\"");
      return fallback;
    }
    if (!j_[field].is_string()) fail(field, "must be a string");
    return j_[field].get<std::string>();
  }
  void known(std::initializer_list<const char*> fields)
  {
    for (const char* f : fields) used_.insert(f);
  }
  // Every field left: harmless, or an error when its name says it may change the count.
  void no_unknown_count_fields()
  {
    for (auto it = j_.begin(); it != j_.end(); ++it) {
      const std::string& f = it.key();
      if (used_.count(f) || harmless_fields().count(f)) continue;
      if (may_change_count(f))
        fail(f, "is not understood by shapeproof, and may change the parameter count: refusing to guess");
    }
  }
  [[noreturn]] void fail(const std::string& field, const std::string& why) const
  {
    throw config_read_error(source_ + ": field '" + field + "' " + why);
  }

  std::vector<std::string> defaults;

private:
  extent_t positive_value(const std::string& field) const
  {
    const auto& v = j_[field];
    long double n = 0;
    if (v.is_number_unsigned()) {
      n = static_cast<long double>(v.get<std::uint64_t>());
    } else if (v.is_number_integer()) {
      n = static_cast<long double>(v.get<std::int64_t>());
    } else {
      // A float is accepted when it is a whole number (4096.0); tested before any conversion to
      // an integer, which would be undefined for 1e300 or NaN.
      const double d = v.is_number_float() ? v.get<double>() : 0.5;
      if (!std::isfinite(d) || std::trunc(d) != d) fail(field, "must be a positive integer");
      n = static_cast<long double>(d);
    }
    if (n < 1 || n > static_cast<long double>(std::int64_t{1} << 40))
      fail(field, "must be a positive integer no larger than 2^40, not " + v.dump());
    return static_cast<extent_t>(n);
  }

  const nlohmann::json& j_;
  std::string source_;
  std::set<std::string, std::less<>> used_;
};

// An activation name of transformers' ACT2FN, as the gated variant that uses it as its gate.
inline std::string_view gated_variant_of(reader& r, const std::string& field, const std::string& act)
{
  if (act == "silu" || act == "swish") return "swiglu";
  if (act == "gelu") return "geglu";
  if (act == "gelu_new" || act == "gelu_pytorch_tanh" || act == "gelu_fast") return "geglu_tanh";
  if (act == "relu") return "reglu";
  if (act == "sigmoid") return "glu";
  r.fail(field, "names an activation shapeproof does not know: \"" + act + "\"");
}

inline std::string_view dense_variant_of(reader& r, const std::string& field, const std::string& act)
{
  if (act == "relu") return "relu";
  if (act == "gelu") return "gelu";
  if (act == "gelu_new" || act == "gelu_pytorch_tanh" || act == "gelu_fast") return "gelu_tanh";
  if (act == "silu" || act == "swish") return "silu";
  r.fail(field, "names an activation shapeproof does not know: \"" + act + "\"");
}

/**
 * @brief Which layers slide, and their window, as each family's modules decide it (vLLM's
 * accounting agrees): an explicit `layer_types` list; else Mistral, Mixtral and Phi-3 slide every
 * layer when `sliding_window` is set; Qwen2 and Qwen3 the layers from `max_window_layers` on when
 * `use_sliding_window`; Gemma 2 and gpt-oss every other layer, from the first; Gemma 3 five of every six
 * (`sliding_window_pattern`: layer i slides unless i + 1 is a multiple of it). A family without
 * sliding attention refuses a window it would not apply.
 */
inline void read_sliding_layers(reader& r, const nlohmann::json& j, const std::string& family, models::model_config& c)
{
  auto& a = c.attention;
  const bool qwen = family == "qwen2" || family == "qwen2_moe" || family == "qwen3" || family == "qwen3_moe";
  const bool all_layers = family == "mistral" || family == "mixtral" || family == "phi3";
  const bool slides = qwen || all_layers || family == "gemma2" || family == "gemma3_text" || family == "gpt_oss";
  if (!slides) {
    for (const char* field : {"sliding_window", "layer_types", "use_sliding_window", "sliding_window_pattern"})
      if (r.present(field) && !(j[field].is_boolean() && !j[field].get<bool>()))
        r.fail(field,
               "is set, but " + family + "'s attention has no sliding window: refusing to guess which layers slide");
    return;
  }
  const bool enabled = !qwen || r.boolean_or("use_sliding_window", false);
  if (family == "gemma3_text") r.known({"sliding_window_pattern"});
  if (r.present("layer_types")) {
    const auto& types = j["layer_types"];
    if (!types.is_array() || static_cast<extent_t>(types.size()) != c.layers)
      r.fail("layer_types", "must list num_hidden_layers (" + std::to_string(c.layers) + ") layer types");
    for (const auto& t : types) {
      if (!t.is_string() || (t != "sliding_attention" && t != "full_attention"))
        r.fail("layer_types", "lists \"" + (t.is_string() ? t.get<std::string>() : t.dump()) +
                                  "\"; a layer is \"sliding_attention\" or \"full_attention\"");
      a.sliding_layers += t == "sliding_attention" ? 1 : 0;
    }
  } else if (!enabled) {
    a.sliding_layers = 0;
  } else if (all_layers) {
    // (MistralConfig's default window is 4096; null, as later Mistral configs say, is none)
    a.sliding_layers =
        r.present("sliding_window") || (family == "mistral" && !j.contains("sliding_window")) ? c.layers : 0;
  } else if (qwen) {
    // transformers slides the layers from max_window_layers on; vLLM slides every layer, and refuses
    // a split. Where the two would differ, no guess.
    r.known({"max_window_layers"});
    if (r.non_negative_or("max_window_layers", 28) != 0)
      r.fail("max_window_layers",
             "is not 0 with use_sliding_window: transformers then slides the layers from it "
             "on, vLLM every layer or none; refusing to guess which layers slide");
    a.sliding_layers = c.layers;
  } else if (family == "gemma3_text") {  // every layer but each pattern-th: 5, 11, 17, ... for 6
    const extent_t pattern = r.positive_or("sliding_window_pattern", 6);
    a.sliding_layers = c.layers - c.layers / pattern;
  } else {  // gemma2, gpt_oss: layers 0, 2, 4, ...
    a.sliding_layers = (c.layers + 1) / 2;
  }
  if (a.sliding_layers > 0) {
    r.known({"sliding_window"});
    a.sliding_window = r.positive_or("sliding_window", family == "gpt_oss" ? 128 : 4096);
  }
}

}  // namespace detail

/// The largest config.json shapeproof reads, and its deepest nesting: real ones are kilobytes (a
/// classifier's label map can reach a megabyte) and nest a few levels.
inline constexpr std::uint64_t max_config_bytes = 8ull << 20;
inline constexpr int max_config_depth = 32;

/// Reads a config.json's text (`source` names it in errors).
inline read_config parse_hf_config(std::string_view text, const std::string& source)
{
  const nlohmann::json j = parse_bounded_json<config_read_error>(text, source, max_config_depth);
  if (!j.is_object()) throw config_read_error(source + ": a config must be a JSON object");
  if (!j.contains("model_type") || j["model_type"].is_null())
    throw config_read_error(source + ": field 'model_type' is required, to know the family's field names");
  if (!j["model_type"].is_string())
    throw config_read_error(source + ": field 'model_type' must be a string naming the model's family");
  read_config out;  // its config's `name` stays empty: `out.name` owns the name
  out.family = j["model_type"].get<std::string>();
  out.quantized = j.contains("quantization_config") && !j["quantization_config"].is_null();
  if (out.quantized && j["quantization_config"].is_object() && j["quantization_config"].contains("quant_method") &&
      j["quantization_config"]["quant_method"].is_string())
    out.quant_method = j["quantization_config"]["quant_method"].get<std::string>();
  out.name =
      j.contains("_name_or_path") && j["_name_or_path"].is_string() ? j["_name_or_path"].get<std::string>() : source;
  detail::reader r(j, source);
  // GPT-2's fused c_attn and BERT's q/k/v are d_model wide: the heads must split it evenly. The
  // head width, or an error naming `heads_field`.
  auto heads_split_width = [&](const char* heads_field) {
    const auto& c = out.config;
    if (c.d_model % c.attention.heads != 0)
      r.fail(heads_field, "must divide the model width (" + std::to_string(c.d_model) + "), as " + out.family +
                              "'s attention splits it into heads");
    return c.d_model / c.attention.heads;
  };
  models::model_config& c = out.config;
  const std::string& family = out.family;

  const bool qwen_moe = family == "qwen2_moe" || family == "qwen3_moe";
  const bool qwen3 = family == "qwen3" || family == "qwen3_moe";
  const bool gemma3 = family == "gemma3_text";
  const bool gemma = family == "gemma" || family == "gemma2" || gemma3;
  if (family == "gemma3")
    throw config_read_error(source +
                            ": field 'model_type' is \"gemma3\", Gemma 3's image-and-text model: shapeproof "
                            "reads its language model alone, the object under 'text_config' (model_type "
                            "\"gemma3_text\"), and does not count its vision tower");
  if (family == "llama" || family == "mistral" || family == "mixtral" || family == "qwen2" || qwen_moe || qwen3 ||
      gemma || family == "phi3" || family == "olmo2") {
    c.d_model = r.positive("hidden_size");
    // Gemma3TextConfig defaults the vocabulary (the 4B to 27B models' text_config leaves it out)
    c.vocab = gemma3 ? r.positive_or("vocab_size", 262208) : r.positive("vocab_size");
    c.layers = r.positive("num_hidden_layers");
    // (Gemma3TextConfig defaults the heads too: Gemma-3-4B's text_config leaves them out)
    c.attention.heads = gemma3 ? r.positive_or("num_attention_heads", 8) : r.positive("num_attention_heads");
    c.attention.kv_heads = r.positive_or("num_key_value_heads", gemma3 ? 4 : c.attention.heads);
    // Gemma and Qwen3's config classes default head_dim (256, 128); the others derive it.
    c.attention.head_dim = r.positive_or("head_dim", gemma   ? 256
                                                     : qwen3 ? 128
                                                             : std::max<extent_t>(1, c.d_model / c.attention.heads));
    c.ffn.d_ff = r.positive("intermediate_size");
    c.tied_embeddings = r.boolean_or("tie_word_embeddings", gemma);
    std::string act;
    if (gemma) {
      // Gemma's MLP reads hidden_activation and ignores hidden_act; unset, it is the tanh
      // approximation, as the model was trained. Gemma 1 configs say "gelu" in hidden_act.
      r.known({"hidden_act"});
      if (r.present("hidden_activation") || !r.present("hidden_act")) {  // said, or the class's default
        act = r.string_or("hidden_activation", "gelu_pytorch_tanh");
      } else {
        r.known({"hidden_activation"});
        act = "gelu_pytorch_tanh";
        const std::string said = j.contains("hidden_act") && j["hidden_act"].is_string()
                                     ? j["hidden_act"].get<std::string>()
                                     : std::string("(unset)");
        out.notes.push_back("hidden_act is \"" + said + "\", but " + family +
                            " is run with the tanh approximation (transformers ignores hidden_act for it "
                            "and uses gelu_pytorch_tanh when hidden_activation is unset): read as geglu_tanh");
      }
      c.ffn.variant = detail::gated_variant_of(r, "hidden_activation", act);
    } else {
      c.ffn.variant = detail::gated_variant_of(r, "hidden_act", r.string_or("hidden_act", "silu"));
    }
    if (family == "llama") {
      const bool attention_bias = r.boolean_or("attention_bias", false);
      c.attention.qkv_bias = c.attention.o_bias = attention_bias;
      c.ffn.bias = r.boolean_or("mlp_bias", false);
    } else if (family == "qwen2" || family == "qwen2_moe") {
      c.attention.qkv_bias = true;  // Qwen2Attention: q, k and v with biases, o without
    } else if (gemma || qwen3 || family == "olmo2") {
      c.attention.qkv_bias = c.attention.o_bias = r.boolean_or("attention_bias", false);
    } else if (family == "phi3") {
      // Phi3Attention's qkv_proj and o_proj have no biases, whatever the config says.
      if (r.boolean_or("attention_bias", false))
        r.fail("attention_bias", "is true, but Phi-3's fused qkv_proj and o_proj have no biases: refusing to guess");
    }
    if (family == "mixtral") {
      c.ffn.experts = r.positive_or("num_local_experts", 8);
      c.ffn.top_k = r.positive_or("num_experts_per_tok", 2);
    }
    if (qwen_moe) {
      // Experts of moe_intermediate_size; a layer is dense (of intermediate_size) when listed in
      // mlp_only_layers or when (i + 1) is not a multiple of decoder_sparse_step.
      c.ffn.dense_d_ff = c.ffn.d_ff;
      c.ffn.d_ff = r.positive_or("moe_intermediate_size", family == "qwen2_moe" ? 1408 : 768);
      c.ffn.experts = r.positive_or("num_experts", family == "qwen2_moe" ? 60 : 128);
      c.ffn.top_k = r.positive_or("num_experts_per_tok", family == "qwen2_moe" ? 4 : 8);
      c.ffn.moe_every = r.positive_or("decoder_sparse_step", 1);
      c.ffn.moe_phase = 1;
      r.empty_list_or_absent(
          "mlp_only_layers",
          "lists dense layers among the MoE layers; shapeproof models only a regular pattern of them");
      out.top_k_renormalized = r.boolean_or("norm_topk_prob", false);
      if (family == "qwen2_moe") {
        c.ffn.shared_experts = 1;
        c.ffn.shared_d_ff = r.positive_or("shared_expert_intermediate_size", 5632);
        c.ffn.shared_expert_gate = true;
      }
    }
    if (qwen3 || gemma3) c.attention.qk_norm = models::qk_norm_kind::per_head;
    if (family == "olmo2") c.attention.qk_norm = models::qk_norm_kind::whole;  // post-norms: two per layer as usual
    if (family == "gemma2" || gemma3) c.norms_per_layer = 4;  // pre and post attention, pre and post FFN
    c.norm = models::norm_kind::rms_norm;
  } else if (family == "deepseek_v3" || family == "deepseek_v2") {
    // DeepSeek-V2 has V3's layout: latent attention, dense layers then MoE with shared experts;
    // its routing ("greedy", "group_limited_greedy") has no per-expert bias, and it has no MTP layer.
    const bool v3 = family == "deepseek_v3";
    c.d_model = r.positive("hidden_size");
    c.vocab = r.positive("vocab_size");
    c.layers = r.positive("num_hidden_layers");
    auto& a = c.attention;
    a.heads = r.positive("num_attention_heads");
    a.kv_heads = r.positive_or("num_key_value_heads", a.heads);
    a.q_lora_rank = r.non_negative_or("q_lora_rank", 1536, true);  // null: a plain q_proj (DeepSeek-V2-Lite)
    a.kv_lora_rank = r.positive_or("kv_lora_rank", 512);
    a.qk_nope_head_dim = r.non_negative_or("qk_nope_head_dim", 128);
    a.qk_rope_head_dim = r.positive_or("qk_rope_head_dim", 64);
    a.v_head_dim = r.positive_or("v_head_dim", 128);
    r.known({"head_dim"});  // transformers sets it to qk_rope_head_dim, for rotary embeddings only
    a.head_dim = a.qk_nope_head_dim + a.qk_rope_head_dim;
    if (r.present("qk_head_dim") && r.positive_or("qk_head_dim", a.head_dim) != a.head_dim)
      r.fail("qk_head_dim", "must be qk_nope_head_dim + qk_rope_head_dim (" + std::to_string(a.head_dim) + ")");
    r.known({"qk_head_dim"});
    a.qkv_bias = a.o_bias = r.boolean_or("attention_bias", false);
    c.ffn.variant = detail::gated_variant_of(r, "hidden_act", r.string_or("hidden_act", "silu"));
    c.ffn.dense_d_ff = r.positive("intermediate_size");
    c.ffn.d_ff = r.positive_or("moe_intermediate_size", 2048);
    c.ffn.experts = r.positive_or("n_routed_experts", 256);
    c.ffn.top_k = r.positive_or("num_experts_per_tok", 8);
    c.ffn.shared_experts = r.non_negative_or("n_shared_experts", v3 ? 1 : 0);
    c.ffn.first_dense_layers = r.non_negative_or("first_k_dense_replace", v3 ? 3 : 0);
    c.ffn.moe_every = r.positive_or("moe_layer_freq", 1);
    // noaux_tc routing adds a bias per expert to the router's scores (e_score_correction_bias).
    c.ffn.router_bias = r.string_or("topk_method", v3 ? "noaux_tc" : "greedy") == "noaux_tc";
    c.mtp_layers = r.non_negative_or("num_nextn_predict_layers", 0);
    c.tied_embeddings = r.boolean_or("tie_word_embeddings", false);
    c.norm = models::norm_kind::rms_norm;
  } else if (family == "gpt_oss") {
    // GptOssConfig: grouped-query attention with biases and one sink per head, every other layer
    // sliding; every layer an MoE of SwiGLU experts with biases behind a router with biases.
    // An explicit null is not an absent field here: GptOssConfig makes a null num_key_value_heads
    // num_attention_heads and a null head_dim hidden_size / heads (absent, 8 and 64), and takes
    // no null where it has no such rule.
    const auto null = [&](const char* field) { return j.contains(field) && j[field].is_null(); };
    for (const char* field : {"num_local_experts", "num_experts", "num_experts_per_tok", "experts_per_token",
                              "attention_bias", "sliding_window", "tie_word_embeddings"})
      if (null(field)) r.fail(field, "is null, which GptOssConfig has no value for: refusing to guess");
    c.d_model = r.positive("hidden_size");
    c.vocab = r.positive("vocab_size");
    c.layers = r.positive("num_hidden_layers");
    auto& a = c.attention;
    a.heads = r.positive("num_attention_heads");
    a.kv_heads = null("num_key_value_heads") ? a.heads : r.positive_or("num_key_value_heads", 8);
    a.head_dim = null("head_dim") ? std::max<extent_t>(1, c.d_model / a.heads) : r.positive_or("head_dim", 64);
    r.known({"num_key_value_heads", "head_dim"});
    a.qkv_bias = a.o_bias = r.boolean_or("attention_bias", true);
    a.sinks = true;
    c.ffn.d_ff = r.positive("intermediate_size");
    // num_experts is transformers' alias of num_local_experts; experts_per_token, OpenAI's name of
    // num_experts_per_tok, which published configs give too. Two values that differ: no guess.
    const char* experts_field =
        r.present("num_local_experts") || !r.present("num_experts") ? "num_local_experts" : "num_experts";
    c.ffn.experts = r.positive_or(experts_field, 128);
    c.ffn.top_k = r.positive_or("num_experts_per_tok", 4);
    struct alias {
      const char* field;
      const char* read;
      extent_t value;
    };
    for (const alias& x : {alias{"num_experts", experts_field, c.ffn.experts},
                           alias{"experts_per_token", "num_experts_per_tok", c.ffn.top_k}})
      if (x.field != std::string_view(x.read) && r.present(x.field) && r.positive_or(x.field, x.value) != x.value)
        r.fail(x.field, "is " + j[x.field].dump() + ", but " + x.read + ", which transformers reads, " +
                            (r.present(x.read) ? "is " : "is absent: its default is ") + std::to_string(x.value) +
                            ": refusing to guess");
    r.known({"num_experts", "experts_per_token", "hidden_act"});
    c.ffn.variant = "swiglu";
    c.ffn.bias = true;
    c.ffn.router_bias = true;
    out.notes.push_back(
        "gpt_oss's experts run a clamped SwiGLU (gate at most swiglu_limit, up within it, (up + 1)·gate·"
        "sigmoid(1.702·gate)) of gate and up fused and interleaved: counted as swiglu, whose parameters and "
        "matmul FLOPs it has; the run-time model does not run it");
    if (out.quantized && out.quant_method != "mxfp4")
      out.notes.push_back("quantization_config.quant_method is \"" + out.quant_method +
                          "\": shapeproof knows gpt-oss's experts in MXFP4 (\"mxfp4\") or unquantized, and checks "
                          "them as unquantized tensors");
    c.tied_embeddings = r.boolean_or("tie_word_embeddings", false);
    c.norm = models::norm_kind::rms_norm;
  } else if (family == "gpt2") {
    c.d_model = r.positive("n_embd");
    c.vocab = r.positive_or("vocab_size", 50257);
    c.layers = r.positive("n_layer");
    c.attention.heads = r.positive("n_head");
    c.attention.kv_heads = c.attention.heads;
    c.attention.head_dim = heads_split_width(family == "gpt2" ? "n_head" : "num_attention_heads");
    c.attention.qkv_bias = c.attention.o_bias = true;
    c.ffn.d_ff = r.positive_or("n_inner", 4 * c.d_model);
    c.ffn.bias = true;
    c.ffn.variant = detail::dense_variant_of(r, "activation_function", r.string_or("activation_function", "gelu_new"));
    c.learned_positions = r.positive_or("n_positions", 1024);
    c.tied_embeddings = r.boolean_or("tie_word_embeddings", true);
    c.norm = models::norm_kind::layer_norm;
  } else if (family == "bert") {
    c.d_model = r.positive("hidden_size");
    c.vocab = r.positive("vocab_size");
    c.layers = r.positive("num_hidden_layers");
    c.attention.heads = r.positive("num_attention_heads");
    c.attention.kv_heads = c.attention.heads;
    c.attention.head_dim = heads_split_width(family == "gpt2" ? "n_head" : "num_attention_heads");
    c.attention.qkv_bias = c.attention.o_bias = true;
    c.ffn.d_ff = r.positive("intermediate_size");
    c.ffn.bias = true;
    c.ffn.variant = detail::dense_variant_of(r, "hidden_act", r.string_or("hidden_act", "gelu"));
    r.known({"max_position_embeddings"});
    c.learned_positions = r.positive_or("max_position_embeddings", 512);
    c.token_type_rows = r.positive_or("type_vocab_size", 2);
    c.norm = models::norm_kind::layer_norm;
    c.embedding_norm = true;
    c.final_norm = false;
    c.pooler = true;  // BertModel, as the checkpoint holds it
    c.lm_head = false;
  } else if (family == "t5") {
    c.d_model = r.positive("d_model");
    c.vocab = r.positive_or("vocab_size", 32128);
    c.layers = r.positive_or("num_layers", 6);
    c.decoder_layers = r.positive_or("num_decoder_layers", c.layers);
    c.attention.heads = r.positive_or("num_heads", 8);
    c.attention.kv_heads = c.attention.heads;
    c.attention.head_dim = r.positive_or("d_kv", 64);
    c.ffn.d_ff = r.positive_or("d_ff", 2048);
    const std::string proj = r.string_or("feed_forward_proj", "relu");
    if (proj == "relu")
      c.ffn.variant = "relu";
    else if (proj == "gated-gelu")
      c.ffn.variant = "geglu_tanh";  // transformers: gelu_new
    else if (proj == "gated-relu")
      c.ffn.variant = "reglu";
    else if (proj == "gated-silu")
      c.ffn.variant = "swiglu";
    else
      r.fail("feed_forward_proj", "is \"" + proj + "\", which shapeproof does not know");
    c.relative_attention_buckets = r.positive_or("relative_attention_num_buckets", 32);
    c.tied_embeddings = r.boolean_or("tie_word_embeddings", true);
    c.norm = models::norm_kind::rms_norm;  // T5LayerNorm: a weight, no bias
  } else {
    std::string families;
    for (const auto f : known_families) families += (families.empty() ? "" : ", ") + std::string(f);
    throw config_read_error(source + ": field 'model_type' is \"" + family + "\"; shapeproof reads " + families);
  }
  if (family == "bert") c.causal = false;
  // EmbeddingGemma is a Gemma 3 that attends both ways: an encoder, with no KV cache
  if (family == "gemma3_text" && r.present("use_bidirectional_attention"))
    c.causal = !r.boolean_or("use_bidirectional_attention", false);
  detail::read_sliding_layers(r, j, family, c);
  // Bias switches a family's code does not read: only false is what the model is
  for (const char* field : {"attention_bias", "mlp_bias", "lm_head_bias"}) r.false_or_refuse(field, family);
  r.no_unknown_count_fields();
  out.defaults_used = r.defaults;
  try {
    models::validate(c);
  } catch (const models::config_error& e) {
    throw config_read_error(source + ": " + e.what());
  }
  return out;
}

/// Reads a config.json file.
inline read_config read_hf_config(const std::string& path)
{
  return parse_hf_config(read_text_file<config_read_error>(path, "a config.json", max_config_bytes), path);
}

}  // namespace shapeproof::io

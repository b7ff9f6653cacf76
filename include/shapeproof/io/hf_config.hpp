// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief A Hugging Face `config.json` read as a `models::model_config`.
 *
 * The LLaMA, Mistral, Mixtral, Qwen2, Gemma, GPT-2, BERT and T5 families, each with its own field
 * names (`hidden_size` / `n_embd` / `d_model`, `intermediate_size` / `n_inner` / `d_ff`, …) and
 * its own defaults when a field is absent (those of the family's `PretrainedConfig` class in
 * transformers). Nothing is guessed: an unknown `model_type`, a required field that is missing or
 * not a positive integer, an activation shapeproof does not know, or a field it does not
 * understand whose name says it may change the count (`num_experts`, `q_lora_rank`, …) is a
 * `config_read_error` naming the field.
 */

#include <nlohmann/json.hpp>

#include <shapeproof/models/model.hpp>

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
};

namespace detail {

// Fields that never change a parameter count, in any family.
inline const std::set<std::string, std::less<>>& harmless_fields()
{
  static const std::set<std::string, std::less<>> fields{"_name_or_path",
                                                         "architectures",
                                                         "auto_map",
                                                         "model_type",
                                                         "torch_dtype",
                                                         "transformers_version",
                                                         "bos_token_id",
                                                         "eos_token_id",
                                                         "pad_token_id",
                                                         "decoder_start_token_id",
                                                         "sep_token_id",
                                                         "use_cache",
                                                         "initializer_range",
                                                         "initializer_factor",
                                                         "rms_norm_eps",
                                                         "layer_norm_eps",
                                                         "layer_norm_epsilon",
                                                         "rope_theta",
                                                         "rope_scaling",
                                                         "rope_parameters",
                                                         "max_position_embeddings",
                                                         "sliding_window",
                                                         "use_sliding_window",
                                                         "max_window_layers",
                                                         "attention_dropout",
                                                         "hidden_dropout_prob",
                                                         "attention_probs_dropout_prob",
                                                         "dropout_rate",
                                                         "resid_pdrop",
                                                         "embd_pdrop",
                                                         "attn_pdrop",
                                                         "summary_activation",
                                                         "summary_first_dropout",
                                                         "summary_proj_to_labels",
                                                         "summary_type",
                                                         "summary_use_proj",
                                                         "task_specific_params",
                                                         "pretraining_tp",
                                                         "output_router_logits",
                                                         "router_aux_loss_coef",
                                                         "router_jitter_noise",
                                                         "scale_attn_weights",
                                                         "reorder_and_upcast_attn",
                                                         "scale_attn_by_inverse_layer_idx",
                                                         "n_ctx",
                                                         "position_embedding_type",
                                                         "classifier_dropout",
                                                         "gradient_checkpointing",
                                                         "is_encoder_decoder",
                                                         "is_decoder",
                                                         "tokenizer_class",
                                                         "n_positions_unused",
                                                         "id2label",
                                                         "label2id",
                                                         "problem_type",
                                                         "finetuning_task",
                                                         "attn_logit_softcapping",
                                                         "final_logit_softcapping",
                                                         "query_pre_attn_scalar",
                                                         "quantization_config",
                                                         "relative_attention_max_distance",
                                                         "dense_act_fn",
                                                         "is_gated_act",
                                                         "output_past",
                                                         "bidirectional",
                                                         "prefix",
                                                         "torchscript",
                                                         "return_dict",
                                                         "use_return_dict",
                                                         "vocab_size_unused"};
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

}  // namespace detail

/// Reads a config.json's text (`source` names it in errors).
inline read_config parse_hf_config(std::string_view text, const std::string& source)
{
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception& e) {
    throw config_read_error(source + ": not valid JSON: " + e.what());
  }
  if (!j.is_object()) throw config_read_error(source + ": a config must be a JSON object");
  if (!j.contains("model_type") || !j["model_type"].is_string())
    throw config_read_error(source + ": field 'model_type' is required, to know the family's field names");
  read_config out;  // its config's `name` stays empty: `out.name` owns the name
  out.family = j["model_type"].get<std::string>();
  out.name =
      j.contains("_name_or_path") && j["_name_or_path"].is_string() ? j["_name_or_path"].get<std::string>() : source;
  detail::reader r(j, source);
  models::model_config& c = out.config;
  const std::string& family = out.family;

  if (family == "llama" || family == "mistral" || family == "mixtral" || family == "qwen2" || family == "gemma") {
    c.d_model = r.positive("hidden_size");
    c.vocab = r.positive("vocab_size");
    c.layers = r.positive("num_hidden_layers");
    c.attention.heads = r.positive("num_attention_heads");
    c.attention.kv_heads = r.positive_or("num_key_value_heads", c.attention.heads);
    c.attention.head_dim = r.positive_or("head_dim", family == "gemma" ? 256 : c.d_model / c.attention.heads);
    c.ffn.d_ff = r.positive("intermediate_size");
    const bool tie_default = family == "gemma";
    c.tied_embeddings = r.boolean_or("tie_word_embeddings", tie_default);
    std::string act_field = "hidden_act";
    if (family == "gemma" && j.contains("hidden_activation") && !j["hidden_activation"].is_null())
      act_field = "hidden_activation";
    r.known({"hidden_act", "hidden_activation"});
    const std::string act = r.string_or(act_field, family == "gemma" ? "gelu_pytorch_tanh" : "silu");
    c.ffn.variant = detail::gated_variant_of(r, act_field, act);
    if (family == "llama") {
      const bool attention_bias = r.boolean_or("attention_bias", false);
      c.attention.qkv_bias = c.attention.o_bias = attention_bias;
      c.ffn.bias = r.boolean_or("mlp_bias", false);
    } else if (family == "qwen2") {
      c.attention.qkv_bias = true;  // Qwen2Attention: q, k and v with biases, o without
    } else if (family == "gemma") {
      c.attention.qkv_bias = c.attention.o_bias = r.boolean_or("attention_bias", false);
    }
    if (family == "mixtral") {
      c.ffn.experts = r.positive_or("num_local_experts", 8);
      c.ffn.top_k = r.positive_or("num_experts_per_tok", 2);
    }
    c.norm = models::norm_kind::rms_norm;
  } else if (family == "gpt2") {
    c.d_model = r.positive("n_embd");
    c.vocab = r.positive_or("vocab_size", 50257);
    c.layers = r.positive("n_layer");
    c.attention.heads = r.positive("n_head");
    c.attention.kv_heads = c.attention.heads;
    c.attention.head_dim = c.d_model / c.attention.heads;
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
    c.attention.head_dim = c.d_model / c.attention.heads;
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
    throw config_read_error(source + ": field 'model_type' is \"" + family +
                            "\"; shapeproof reads llama, mistral, mixtral, qwen2, gemma, gpt2, bert and t5");
  }
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
  std::ifstream in(path);
  if (!in) throw config_read_error(path + ": cannot open");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_hf_config(text.str(), path);
}

}  // namespace shapeproof::io

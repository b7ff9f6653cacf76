// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief Real models as compile-time types: their widths as named dimensions, their FFN as a
 * checked spec type, and their whole description as a `model_config`.
 *
 * Every published number is proved against these in proofs/presets.cpp, which names its
 * source. The widths come from each model's Hugging Face `config.json` (the same files as
 * tests/data/).
 */

#include <shapeproof/core/dim.hpp>
#include <shapeproof/models/model.hpp>
#include <shapeproof/models/sizing.hpp>
#include <shapeproof/variants/dense.hpp>
#include <shapeproof/variants/gated.hpp>
#include <shapeproof/variants/moe.hpp>

#include <array>
#include <string_view>

namespace shapeproof::presets {

/// GPT-2 small (openai-community/gpt2): LayerNorm, learned positions, biases, tied head.
struct gpt2_small {
  struct d_model final : dim<768> {};
  struct d_ff final : dim<3072> {};  // n_inner unset: 4·n_embd
  using ffn = gelu_tanh_ffn<d_model, d_ff, true>;
  static constexpr models::model_config config{
      .name = "gpt2-small",
      .vocab = 50257,
      .d_model = 768,
      .layers = 12,
      .attention = {.heads = 12, .kv_heads = 12, .head_dim = 64, .qkv_bias = true, .o_bias = true},
      .ffn = {.variant = "gelu_tanh", .d_ff = 3072, .bias = true},
      .norm = models::norm_kind::layer_norm,
      .learned_positions = 1024,
      .tied_embeddings = true};
};

/// LLaMA-7B (Touvron et al., 2023).
struct llama_7b {
  struct d_model final : dim<4096> {};
  struct d_ff final : dim<11008> {};
  using ffn = swiglu<d_model, d_ff>;
  static constexpr models::model_config config{.name = "llama-7b",
                                               .vocab = 32000,
                                               .d_model = 4096,
                                               .layers = 32,
                                               .attention = {.heads = 32, .kv_heads = 32, .head_dim = 128},
                                               .ffn = {.variant = "swiglu", .d_ff = 11008}};
};

/// Llama-2-70B (meta-llama/Llama-2-70b-hf): grouped-query attention, 8 KV heads.
struct llama2_70b {
  struct d_model final : dim<8192> {};
  struct d_ff final : dim<28672> {};
  using ffn = swiglu<d_model, d_ff>;
  static constexpr models::model_config config{.name = "llama-2-70b",
                                               .vocab = 32000,
                                               .d_model = 8192,
                                               .layers = 80,
                                               .attention = {.heads = 64, .kv_heads = 8, .head_dim = 128},
                                               .ffn = {.variant = "swiglu", .d_ff = 28672}};
};

/// Llama-3-8B (meta-llama/Meta-Llama-3-8B).
struct llama3_8b {
  struct d_model final : dim<4096> {};
  struct d_ff final : dim<14336> {};
  using ffn = swiglu<d_model, d_ff>;
  static constexpr models::model_config config{.name = "llama-3-8b",
                                               .vocab = 128256,
                                               .d_model = 4096,
                                               .layers = 32,
                                               .attention = {.heads = 32, .kv_heads = 8, .head_dim = 128},
                                               .ffn = {.variant = "swiglu", .d_ff = 14336}};
};

/// Mistral-7B-v0.1 (mistralai/Mistral-7B-v0.1).
struct mistral_7b {
  struct d_model final : dim<4096> {};
  struct d_ff final : dim<14336> {};
  using ffn = swiglu<d_model, d_ff>;
  static constexpr models::model_config config{.name = "mistral-7b-v0.1",
                                               .vocab = 32000,
                                               .d_model = 4096,
                                               .layers = 32,
                                               .attention = {.heads = 32, .kv_heads = 8, .head_dim = 128},
                                               .ffn = {.variant = "swiglu", .d_ff = 14336}};
};

/// Mixtral-8x7B-v0.1 (mistralai/Mixtral-8x7B-v0.1): 8 SwiGLU experts, 2 per token.
struct mixtral_8x7b {
  struct d_model final : dim<4096> {};
  struct d_ff final : dim<14336> {};
  using ffn = moe_ffn<swiglu<d_model, d_ff>, 8, 2>;
  static constexpr models::model_config config{.name = "mixtral-8x7b-v0.1",
                                               .vocab = 32000,
                                               .d_model = 4096,
                                               .layers = 32,
                                               .attention = {.heads = 32, .kv_heads = 8, .head_dim = 128},
                                               .ffn = {.variant = "swiglu", .d_ff = 14336, .experts = 8, .top_k = 2}};
};

/// Qwen2-0.5B (Qwen/Qwen2-0.5B): biases on q, k and v; tied head.
struct qwen2_0_5b {
  struct d_model final : dim<896> {};
  struct d_ff final : dim<4864> {};
  using ffn = swiglu<d_model, d_ff>;
  static constexpr models::model_config config{
      .name = "qwen2-0.5b",
      .vocab = 151936,
      .d_model = 896,
      .layers = 24,
      .attention = {.heads = 14, .kv_heads = 2, .head_dim = 64, .qkv_bias = true},
      .ffn = {.variant = "swiglu", .d_ff = 4864},
      .tied_embeddings = true};
};

/// Gemma-7B (google/gemma-7b): head_dim 256 on d_model 3072, tanh-GELU gate, tied head.
struct gemma_7b {
  struct d_model final : dim<3072> {};
  struct d_ff final : dim<24576> {};
  using ffn = geglu_tanh<d_model, d_ff>;
  static constexpr models::model_config config{.name = "gemma-7b",
                                               .vocab = 256000,
                                               .d_model = 3072,
                                               .layers = 28,
                                               .attention = {.heads = 16, .kv_heads = 16, .head_dim = 256},
                                               .ffn = {.variant = "geglu_tanh", .d_ff = 24576},
                                               .tied_embeddings = true};
};

/// BERT base, uncased (google-bert/bert-base-uncased), as BertModel: encoder and pooler, no head.
struct bert_base_uncased {
  struct d_model final : dim<768> {};
  struct d_ff final : dim<3072> {};
  using ffn = gelu_ffn<d_model, d_ff, true>;
  static constexpr models::model_config config{
      .name = "bert-base-uncased",
      .vocab = 30522,
      .d_model = 768,
      .layers = 12,
      .attention = {.heads = 12, .kv_heads = 12, .head_dim = 64, .qkv_bias = true, .o_bias = true},
      .ffn = {.variant = "gelu", .d_ff = 3072, .bias = true},
      .norm = models::norm_kind::layer_norm,
      .final_norm = false,
      .learned_positions = 512,
      .lm_head = false,
      .token_type_rows = 2,
      .embedding_norm = true,
      .pooler = true};
};

/// T5 v1.1 base (google/t5-v1_1-base): an encoder-decoder with a gated-GELU FFN (transformers'
/// gelu_new, the tanh form), 768 -> 2048, no biases, untied head.
struct t5_v1_1_base {
  struct d_model final : dim<768> {};
  struct d_ff final : dim<2048> {};
  using ffn = geglu_tanh<d_model, d_ff>;
  static constexpr models::model_config config{.name = "t5-v1_1-base",
                                               .vocab = 32128,
                                               .d_model = 768,
                                               .layers = 12,
                                               .attention = {.heads = 12, .kv_heads = 12, .head_dim = 64},
                                               .ffn = {.variant = "geglu_tanh", .d_ff = 2048},
                                               .decoder_layers = 12,
                                               .relative_attention_buckets = 32};
};

/// T5 v1.1 base's FFN alone.
using t5_v1_1_base_ffn = t5_v1_1_base;

/// MiniMind's FFN: SwiGLU, 512 -> 1408.
struct minimind_ffn {
  struct d_model final : dim<512> {};
  struct d_ff final : dim<1408> {};
  using ffn = swiglu<d_model, d_ff>;
};

/// The whole-model presets, by name (the CLI's `--preset`).
inline constexpr std::array<const models::model_config*, 10> all_models{
    &gpt2_small::config,   &llama_7b::config,   &llama2_70b::config, &llama3_8b::config,         &mistral_7b::config,
    &mixtral_8x7b::config, &qwen2_0_5b::config, &gemma_7b::config,   &bert_base_uncased::config, &t5_v1_1_base::config};

/// The preset called `name`, or nullptr.
constexpr const models::model_config* find_model(std::string_view name)
{
  for (const auto* c : all_models)
    if (c->name == name) return c;
  return nullptr;
}

}  // namespace shapeproof::presets

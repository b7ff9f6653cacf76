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
#include <shapeproof/variants/attention.hpp>
#include <shapeproof/variants/decoder_layer.hpp>
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
  struct head_dim final : dim<64> {};
  using attention = gqa_attention_with_bias<d_model, 12, 12, head_dim, true>;
  using layer = decoder_layer<attention, ffn, layer_norm<d_model>>;
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
  // The typed FFN and attention and the config are one model (rules 10 and 12).
  static_assert(sizeof(models::checked<config, ffn, attention>));
};

/// LLaMA-7B (Touvron et al., 2023).
struct llama_7b {
  struct d_model final : dim<4096> {};
  struct d_ff final : dim<11008> {};
  using ffn = swiglu<d_model, d_ff>;
  struct head_dim final : dim<128> {};
  using attention = gqa_attention<d_model, 32, 32, head_dim, rotary<128>>;
  using layer = decoder_layer<attention, ffn, rms_norm<d_model>>;
  static constexpr models::model_config config{.name = "llama-7b",
                                               .vocab = 32000,
                                               .d_model = 4096,
                                               .layers = 32,
                                               .attention = {.heads = 32, .kv_heads = 32, .head_dim = 128},
                                               .ffn = {.variant = "swiglu", .d_ff = 11008}};
  // The typed FFN and attention and the config are one model (rules 10 and 12).
  static_assert(sizeof(models::checked<config, ffn, attention>));
};

/// Llama-2-70B (meta-llama/Llama-2-70b-hf): grouped-query attention, 8 KV heads.
struct llama2_70b {
  struct d_model final : dim<8192> {};
  struct d_ff final : dim<28672> {};
  using ffn = swiglu<d_model, d_ff>;
  struct head_dim final : dim<128> {};
  using attention = gqa_attention<d_model, 64, 8, head_dim, rotary<128>>;
  using layer = decoder_layer<attention, ffn, rms_norm<d_model>>;
  static constexpr models::model_config config{.name = "llama-2-70b",
                                               .vocab = 32000,
                                               .d_model = 8192,
                                               .layers = 80,
                                               .attention = {.heads = 64, .kv_heads = 8, .head_dim = 128},
                                               .ffn = {.variant = "swiglu", .d_ff = 28672}};
  // The typed FFN and attention and the config are one model (rules 10 and 12).
  static_assert(sizeof(models::checked<config, ffn, attention>));
};

/// Llama-3-8B (meta-llama/Meta-Llama-3-8B).
struct llama3_8b {
  struct d_model final : dim<4096> {};
  struct d_ff final : dim<14336> {};
  using ffn = swiglu<d_model, d_ff>;
  struct head_dim final : dim<128> {};
  using attention = gqa_attention<d_model, 32, 8, head_dim, rotary<128>>;
  using layer = decoder_layer<attention, ffn, rms_norm<d_model>>;
  static constexpr models::model_config config{.name = "llama-3-8b",
                                               .vocab = 128256,
                                               .d_model = 4096,
                                               .layers = 32,
                                               .attention = {.heads = 32, .kv_heads = 8, .head_dim = 128},
                                               .ffn = {.variant = "swiglu", .d_ff = 14336}};
  // The typed FFN and attention and the config are one model (rules 10 and 12).
  static_assert(sizeof(models::checked<config, ffn, attention>));
};

/// Mistral-7B-v0.1 (mistralai/Mistral-7B-v0.1).
struct mistral_7b {
  struct d_model final : dim<4096> {};
  struct d_ff final : dim<14336> {};
  using ffn = swiglu<d_model, d_ff>;
  struct head_dim final : dim<128> {};
  using attention = gqa_attention<d_model, 32, 8, head_dim, rotary<128>, sliding_window<4096>>;
  using layer = decoder_layer<attention, ffn, rms_norm<d_model>>;
  static constexpr models::model_config config{
      .name = "mistral-7b-v0.1",
      .vocab = 32000,
      .d_model = 4096,
      .layers = 32,
      .attention = {.heads = 32, .kv_heads = 8, .head_dim = 128, .sliding_window = 4096, .sliding_layers = 32},
      .ffn = {.variant = "swiglu", .d_ff = 14336}};
  // The typed FFN and attention and the config are one model (rules 10 and 12).
  static_assert(sizeof(models::checked<config, ffn, attention>));
};

/// Mixtral-8x7B-v0.1 (mistralai/Mixtral-8x7B-v0.1): 8 SwiGLU experts, 2 per token.
struct mixtral_8x7b {
  struct d_model final : dim<4096> {};
  struct d_ff final : dim<14336> {};
  using ffn = moe_ffn<swiglu<d_model, d_ff>, 8, 2>;
  struct head_dim final : dim<128> {};
  using attention = gqa_attention<d_model, 32, 8, head_dim, rotary<128>>;
  using layer = decoder_layer<attention, ffn, rms_norm<d_model>>;
  static constexpr models::model_config config{.name = "mixtral-8x7b-v0.1",
                                               .vocab = 32000,
                                               .d_model = 4096,
                                               .layers = 32,
                                               .attention = {.heads = 32, .kv_heads = 8, .head_dim = 128},
                                               .ffn = {.variant = "swiglu", .d_ff = 14336, .experts = 8, .top_k = 2}};
  // The typed FFN and attention and the config are one model (rules 10 and 12).
  static_assert(sizeof(models::checked<config, ffn, attention>));
};

/// Mixtral-8x22B (mistralai/Mixtral-8x22B-v0.1): 8 experts of 16384, top 2, 56 layers.
struct mixtral_8x22b {
  struct d_model final : dim<6144> {};
  struct d_ff final : dim<16384> {};
  using ffn = moe_ffn<swiglu<d_model, d_ff>, 8, 2>;
  struct head_dim final : dim<128> {};
  using attention = gqa_attention<d_model, 48, 8, head_dim, rotary<128>>;
  using layer = decoder_layer<attention, ffn, rms_norm<d_model>>;
  static constexpr models::model_config config{.name = "mixtral-8x22b-v0.1",
                                               .vocab = 32768,
                                               .d_model = 6144,
                                               .layers = 56,
                                               .attention = {.heads = 48, .kv_heads = 8, .head_dim = 128},
                                               .ffn = {.variant = "swiglu", .d_ff = 16384, .experts = 8, .top_k = 2}};
  // The typed FFN and attention and the config are one model (rules 10 and 12).
  static_assert(sizeof(models::checked<config, ffn, attention>));
};

/// Qwen2-0.5B (Qwen/Qwen2-0.5B): biases on q, k and v; tied head.
struct qwen2_0_5b {
  struct d_model final : dim<896> {};
  struct d_ff final : dim<4864> {};
  using ffn = swiglu<d_model, d_ff>;
  struct head_dim final : dim<64> {};
  using attention = gqa_attention_with_bias<d_model, 14, 2, head_dim, false, rotary<64>>;
  using layer = decoder_layer<attention, ffn, rms_norm<d_model>>;
  static constexpr models::model_config config{
      .name = "qwen2-0.5b",
      .vocab = 151936,
      .d_model = 896,
      .layers = 24,
      .attention = {.heads = 14, .kv_heads = 2, .head_dim = 64, .qkv_bias = true},
      .ffn = {.variant = "swiglu", .d_ff = 4864},
      .tied_embeddings = true};
  // The typed FFN and attention and the config are one model (rules 10 and 12).
  static_assert(sizeof(models::checked<config, ffn, attention>));
};

/// Gemma-7B (google/gemma-7b): head_dim 256 on d_model 3072, tanh-GELU gate, tied head.
struct gemma_7b {
  struct d_model final : dim<3072> {};
  struct d_ff final : dim<24576> {};
  using ffn = geglu_tanh<d_model, d_ff>;
  struct head_dim final : dim<256> {};
  using attention = gqa_attention<d_model, 16, 16, head_dim, rotary<256>>;
  using layer = decoder_layer<attention, ffn, rms_norm<d_model>>;
  static constexpr models::model_config config{.name = "gemma-7b",
                                               .vocab = 256000,
                                               .d_model = 3072,
                                               .layers = 28,
                                               .attention = {.heads = 16, .kv_heads = 16, .head_dim = 256},
                                               .ffn = {.variant = "geglu_tanh", .d_ff = 24576},
                                               .tied_embeddings = true};
  // The typed FFN and attention and the config are one model (rules 10 and 12).
  static_assert(sizeof(models::checked<config, ffn, attention>));
};

/// BERT base, uncased (google-bert/bert-base-uncased), as BertModel: encoder and pooler, no head.
struct bert_base_uncased {
  struct d_model final : dim<768> {};
  struct d_ff final : dim<3072> {};
  using ffn = gelu_ffn<d_model, d_ff, true>;
  struct head_dim final : dim<64> {};
  using attention = gqa_attention_with_bias<d_model, 12, 12, head_dim, true>;
  using layer = decoder_layer<attention, ffn, layer_norm<d_model>>;
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
      .pooler = true,
      .causal = false};
  // The typed FFN and attention and the config are one model (rules 10 and 12).
  static_assert(sizeof(models::checked<config, ffn, attention>));
};

/// T5 v1.1 base (google/t5-v1_1-base): an encoder-decoder with a gated-GELU FFN (transformers'
/// gelu_new, the tanh form), 768 -> 2048, no biases, untied head.
struct t5_v1_1_base {
  struct d_model final : dim<768> {};
  struct d_ff final : dim<2048> {};
  using ffn = geglu_tanh<d_model, d_ff>;
  struct head_dim final : dim<64> {};
  using attention = gqa_attention<d_model, 12, 12, head_dim>;
  using layer = decoder_layer<attention, ffn, rms_norm<d_model>>;
  static constexpr models::model_config config{.name = "t5-v1_1-base",
                                               .vocab = 32128,
                                               .d_model = 768,
                                               .layers = 12,
                                               .attention = {.heads = 12, .kv_heads = 12, .head_dim = 64},
                                               .ffn = {.variant = "geglu_tanh", .d_ff = 2048},
                                               .decoder_layers = 12,
                                               .relative_attention_buckets = 32};
  // The typed FFN and attention and the config are one model (rules 10 and 12).
  static_assert(sizeof(models::checked<config, ffn, attention>));
};

/// Gemma-2-2B (google/gemma-2-2b): four norms per layer, head_dim 256 on d_model 2304, tied head.
struct gemma2_2b {
  struct d_model final : dim<2304> {};
  struct d_ff final : dim<9216> {};
  using ffn = geglu_tanh<d_model, d_ff>;
  struct head_dim final : dim<256> {};
  using attention = gqa_attention<d_model, 8, 4, head_dim, rotary<256>>;
  using layer = decoder_layer<attention, ffn, rms_norm<d_model>, 4>;
  /// Its local layers: every other one, from the first, attends to the last 4096 positions.
  using local_attention = gqa_attention<d_model, 8, 4, head_dim, rotary<256>, sliding_window<4096>>;
  using local_layer = decoder_layer<local_attention, ffn, rms_norm<d_model>, 4>;
  using layers = layer_stack<26, local_layer, layer>;
  static constexpr models::model_config config{
      .name = "gemma-2-2b",
      .vocab = 256000,
      .d_model = 2304,
      .layers = 26,
      .attention = {.heads = 8, .kv_heads = 4, .head_dim = 256, .sliding_window = 4096, .sliding_layers = 13},
      .ffn = {.variant = "geglu_tanh", .d_ff = 9216},
      .norms_per_layer = 4,
      .tied_embeddings = true};
  // The typed FFN and attention and the config are one model (rules 10 and 12).
  static_assert(sizeof(models::checked<config, ffn, attention>));
  // Its local and global layers are the config's too.
  static_assert(sizeof(models::checked<config, ffn, layers>));
};

/// Gemma-2-9B (google/gemma-2-9b).
struct gemma2_9b {
  struct d_model final : dim<3584> {};
  struct d_ff final : dim<14336> {};
  using ffn = geglu_tanh<d_model, d_ff>;
  struct head_dim final : dim<256> {};
  using attention = gqa_attention<d_model, 16, 8, head_dim, rotary<256>>;
  using layer = decoder_layer<attention, ffn, rms_norm<d_model>, 4>;
  /// Its local layers: every other one, from the first, attends to the last 4096 positions.
  using local_attention = gqa_attention<d_model, 16, 8, head_dim, rotary<256>, sliding_window<4096>>;
  using local_layer = decoder_layer<local_attention, ffn, rms_norm<d_model>, 4>;
  using layers = layer_stack<42, local_layer, layer>;
  static constexpr models::model_config config{
      .name = "gemma-2-9b",
      .vocab = 256000,
      .d_model = 3584,
      .layers = 42,
      .attention = {.heads = 16, .kv_heads = 8, .head_dim = 256, .sliding_window = 4096, .sliding_layers = 21},
      .ffn = {.variant = "geglu_tanh", .d_ff = 14336},
      .norms_per_layer = 4,
      .tied_embeddings = true};
  // The typed FFN and attention and the config are one model (rules 10 and 12).
  static_assert(sizeof(models::checked<config, ffn, attention>));
  // Its local and global layers are the config's too.
  static_assert(sizeof(models::checked<config, ffn, layers>));
};

/// Gemma-3-1B (google/gemma-3-1b-pt): Gemma 2's four norms, q/k norms per head, one KV head, and
/// five local layers (a window of 512) to each global one.
struct gemma3_1b {
  struct d_model final : dim<1152> {};
  struct d_ff final : dim<6912> {};
  using ffn = geglu_tanh<d_model, d_ff>;
  struct head_dim final : dim<256> {};
  using attention = gqa_attention<d_model, 4, 1, head_dim, rotary<256>, qk_norm<head_dim>>;
  using layer = decoder_layer<attention, ffn, rms_norm<d_model>, 4>;
  using local_attention = gqa_attention<d_model, 4, 1, head_dim, rotary<256>, qk_norm<head_dim>, sliding_window<512>>;
  using local_layer = decoder_layer<local_attention, ffn, rms_norm<d_model>, 4>;
  /// Its 26 layers: layer i is global when i + 1 is a multiple of 6, local otherwise.
  using layers = layer_stack<26, local_layer, local_layer, local_layer, local_layer, local_layer, layer>;
  static constexpr models::model_config config{.name = "gemma-3-1b",
                                               .vocab = 262144,
                                               .d_model = 1152,
                                               .layers = 26,
                                               .attention = {.heads = 4,
                                                             .kv_heads = 1,
                                                             .head_dim = 256,
                                                             .qk_norm = models::qk_norm_kind::per_head,
                                                             .sliding_window = 512,
                                                             .sliding_layers = 22},
                                               .ffn = {.variant = "geglu_tanh", .d_ff = 6912},
                                               .norms_per_layer = 4,
                                               .tied_embeddings = true};
  // The typed FFN and attention and the config are one model (rules 10 and 12).
  static_assert(sizeof(models::checked<config, ffn, attention>));
  // Its local and global layers are the config's too.
  static_assert(sizeof(models::checked<config, ffn, layers>));
};

/// Phi-3-mini-4k-instruct (microsoft/Phi-3-mini-4k-instruct): fused qkv_proj and gate_up_proj
/// (the same parameters as separate projections), untied head.
struct phi3_mini_4k {
  struct d_model final : dim<3072> {};
  struct d_ff final : dim<8192> {};
  using ffn = swiglu<d_model, d_ff>;
  struct head_dim final : dim<96> {};
  using attention = gqa_attention<d_model, 32, 32, head_dim, rotary<96>, sliding_window<2047>>;
  using layer = decoder_layer<attention, ffn, rms_norm<d_model>>;
  static constexpr models::model_config config{
      .name = "phi-3-mini-4k",
      .vocab = 32064,
      .d_model = 3072,
      .layers = 32,
      .attention = {.heads = 32, .kv_heads = 32, .head_dim = 96, .sliding_window = 2047, .sliding_layers = 32},
      .ffn = {.variant = "swiglu", .d_ff = 8192}};
  // The typed FFN and attention and the config are one model (rules 10 and 12).
  static_assert(sizeof(models::checked<config, ffn, attention>));
};

/// Qwen1.5-MoE-A2.7B (Qwen/Qwen1.5-MoE-A2.7B): 60 experts of 1408, 4 per token, one shared expert
/// of 5632 behind a one-output gate, q/k/v biases.
struct qwen1_5_moe_a2_7b {
  struct d_model final : dim<2048> {};
  struct d_ff final : dim<1408> {};
  struct shared_d_ff final : dim<5632> {};
  using ffn = moe_ffn<swiglu<d_model, d_ff>, 60, 4, 1, false, swiglu<d_model, shared_d_ff>>;
  struct head_dim final : dim<128> {};
  using attention = gqa_attention_with_bias<d_model, 16, 16, head_dim, false, rotary<128>>;
  using layer = decoder_layer<attention, ffn, rms_norm<d_model>>;
  /// The shared expert's gate, `d -> 1`, which the typed MoE does not hold: a layer is `layer` and this.
  struct gate_logit final : dim<1> {};
  using shared_expert_gate = linear<d_model, gate_logit>;
  static constexpr models::model_config config{
      .name = "qwen1.5-moe-a2.7b",
      .vocab = 151936,
      .d_model = 2048,
      .layers = 24,
      .attention = {.heads = 16, .kv_heads = 16, .head_dim = 128, .qkv_bias = true},
      .ffn = {.variant = "swiglu",
              .d_ff = 1408,
              .experts = 60,
              .top_k = 4,
              .shared_experts = 1,
              .shared_d_ff = 5632,
              .shared_expert_gate = true,
              .moe_phase = 1}};
  // The typed FFN and attention and the config are one model (rules 10 and 12).
  static_assert(sizeof(models::checked<config, ffn, attention>));
};

/// Qwen3-8B (Qwen/Qwen3-8B): per-head q and k norms, untied head.
struct qwen3_8b {
  struct d_model final : dim<4096> {};
  struct d_ff final : dim<12288> {};
  using ffn = swiglu<d_model, d_ff>;
  struct head_dim final : dim<128> {};
  using attention = gqa_attention<d_model, 32, 8, head_dim, rotary<128>, qk_norm<head_dim>>;
  using layer = decoder_layer<attention, ffn, rms_norm<d_model>>;
  static constexpr models::model_config config{
      .name = "qwen3-8b",
      .vocab = 151936,
      .d_model = 4096,
      .layers = 36,
      .attention = {.heads = 32, .kv_heads = 8, .head_dim = 128, .qk_norm = models::qk_norm_kind::per_head},
      .ffn = {.variant = "swiglu", .d_ff = 12288}};
  // The typed FFN and attention and the config are one model (rules 10 and 12).
  static_assert(sizeof(models::checked<config, ffn, attention>));
};

/// Qwen3-30B-A3B (Qwen/Qwen3-30B-A3B): 128 experts of 768, 8 per token, no shared expert.
struct qwen3_30b_a3b {
  struct d_model final : dim<2048> {};
  struct d_ff final : dim<768> {};
  using ffn = moe_ffn<swiglu<d_model, d_ff>, 128, 8>;
  struct head_dim final : dim<128> {};
  using attention = gqa_attention<d_model, 32, 4, head_dim, rotary<128>, qk_norm<head_dim>>;
  using layer = decoder_layer<attention, ffn, rms_norm<d_model>>;
  static constexpr models::model_config config{
      .name = "qwen3-30b-a3b",
      .vocab = 151936,
      .d_model = 2048,
      .layers = 48,
      .attention = {.heads = 32, .kv_heads = 4, .head_dim = 128, .qk_norm = models::qk_norm_kind::per_head},
      .ffn = {.variant = "swiglu", .d_ff = 768, .experts = 128, .top_k = 8, .moe_phase = 1}};
  // The typed FFN and attention and the config are one model (rules 10 and 12).
  static_assert(sizeof(models::checked<config, ffn, attention>));
};

/// OLMo-2-1124-7B (allenai/OLMo-2-1124-7B): norms after attention and after the FFN (none
/// before), q and k norms over the whole projection, untied head.
struct olmo2_7b {
  struct d_model final : dim<4096> {};
  struct d_ff final : dim<11008> {};
  using ffn = swiglu<d_model, d_ff>;
  struct head_dim final : dim<128> {};
  using attention = gqa_attention<d_model, 32, 32, head_dim, rotary<128>, qk_norm<heads_times<32, head_dim>>>;
  using layer = decoder_layer<attention, ffn, rms_norm<d_model>>;
  static constexpr models::model_config config{
      .name = "olmo-2-1124-7b",
      .vocab = 100352,
      .d_model = 4096,
      .layers = 32,
      .attention = {.heads = 32, .kv_heads = 32, .head_dim = 128, .qk_norm = models::qk_norm_kind::whole},
      .ffn = {.variant = "swiglu", .d_ff = 11008}};
  // The typed FFN and attention and the config are one model (rules 10 and 12).
  static_assert(sizeof(models::checked<config, ffn, attention>));
};

/// DeepSeek-V3 (deepseek-ai/DeepSeek-V3): multi-head latent attention, three dense layers, then
/// 58 MoE layers of 256 routed experts (8 per token, a bias each on the router) and one shared
/// expert; one multi-token-prediction layer, counted apart.
struct deepseek_v3 {
  struct d_model final : dim<7168> {};
  struct d_ff final : dim<2048> {};
  struct dense_d_ff final : dim<18432> {};
  using ffn = moe_ffn<swiglu<d_model, d_ff>, 256, 8, 1, true>;
  using dense_ffn = swiglu<d_model, dense_d_ff>;
  struct head_dim final : dim<192> {};  // qk_nope_head_dim + qk_rope_head_dim
  struct qk_nope_head_dim final : dim<128> {};
  struct qk_rope_head_dim final : dim<64> {};
  struct v_head_dim final : dim<128> {};
  struct q_lora_rank final : dim<1536> {};
  struct kv_lora_rank final : dim<512> {};
  using attention = latent_attention<d_model, 128, head_dim, qk_nope_head_dim, qk_rope_head_dim, v_head_dim,
                                     q_lora_rank, kv_lora_rank>;
  using layer = decoder_layer<attention, ffn, rms_norm<d_model>>;
  using dense_layer = decoder_layer<attention, dense_ffn, rms_norm<d_model>>;
  static constexpr models::model_config config{.name = "deepseek-v3",
                                               .vocab = 129280,
                                               .d_model = 7168,
                                               .layers = 61,
                                               .attention = {.heads = 128,
                                                             .kv_heads = 128,
                                                             .head_dim = 192,
                                                             .q_lora_rank = 1536,
                                                             .kv_lora_rank = 512,
                                                             .qk_nope_head_dim = 128,
                                                             .qk_rope_head_dim = 64,
                                                             .v_head_dim = 128},
                                               .ffn = {.variant = "swiglu",
                                                       .d_ff = 2048,
                                                       .experts = 256,
                                                       .top_k = 8,
                                                       .shared_experts = 1,
                                                       .router_bias = true,
                                                       .first_dense_layers = 3,
                                                       .dense_d_ff = 18432},
                                               .mtp_layers = 1};
  // The typed FFN and attention and the config are one model (rules 10 and 12).
  static_assert(sizeof(models::checked<config, ffn, attention>));
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
inline constexpr std::array<const models::model_config*, 20> all_models{
    &gpt2_small::config,        &llama_7b::config,          &llama2_70b::config,    &llama3_8b::config,
    &mistral_7b::config,        &mixtral_8x7b::config,      &qwen2_0_5b::config,    &gemma_7b::config,
    &bert_base_uncased::config, &t5_v1_1_base::config,      &gemma2_2b::config,     &gemma2_9b::config,
    &phi3_mini_4k::config,      &qwen1_5_moe_a2_7b::config, &qwen3_8b::config,      &qwen3_30b_a3b::config,
    &olmo2_7b::config,          &deepseek_v3::config,       &mixtral_8x22b::config, &gemma3_1b::config};

/// The preset called `name`, or nullptr.
constexpr const models::model_config* find_model(std::string_view name)
{
  for (const auto* c : all_models)
    if (c->name == name) return c;
  return nullptr;
}

}  // namespace shapeproof::presets

// SPDX-License-Identifier: MIT
// Proofs about whole decoder models: attention (multi-head, grouped-query, multi-query, a
// head_dim of its own), norms, position embeddings, the LM head, and the per-layer shares the
// teaching material quotes.
#include <shapeproof/models/model.hpp>
#include <shapeproof/shapeproof.hpp>

namespace proofs_models {
using namespace shapeproof;
using namespace shapeproof::literals;
using models::attention_params;
using models::norm_kind;

constexpr extent_t d = 4096;

// Attention: q and o are d·d; k and v shrink with the KV heads
static_assert(attention_params(d, {.heads = 32, .kv_heads = 32, .head_dim = 128}) == cost::make_params(4 * d * d));
static_assert(attention_params(d, {.heads = 32, .kv_heads = 8, .head_dim = 128}) ==
              cost::make_params(2 * d * d + 2 * d * 1024));                                          // GQA
static_assert(attention_params(d, {.heads = 32, .kv_heads = 1, .head_dim = 128}) ==
              cost::make_params(2 * d * d + 2 * d * 128));                                           // MQA
// A head_dim of its own (Gemma-7B: 16 heads of 256 on d = 3072)
static_assert(attention_params(3072, {.heads = 16, .kv_heads = 16, .head_dim = 256}) ==
              cost::make_params(4 * 3072 * 4096));
// Biases: on q, k, v (Qwen2), and on o too (GPT-2)
static_assert(attention_params(d, {.heads = 32, .kv_heads = 8, .head_dim = 128, .qkv_bias = true}) ==
              attention_params(d, {.heads = 32, .kv_heads = 8, .head_dim = 128}) + cost::make_params(4096 + 2 * 1024));
static_assert(attention_params(768, {.heads = 12, .kv_heads = 12, .head_dim = 64, .qkv_bias = true, .o_bias = true}) ==
              cost::make_params(4 * 768 * 768 + 4 * 768));

// Norms: RMSNorm is a weight, LayerNorm a weight and a bias
static_assert(models::norm_params(d, norm_kind::rms_norm) == 4'096_params);
static_assert(models::norm_params(d, norm_kind::layer_norm) == 8'192_params);

// --- The per-layer breakdown of the "Feed-Forward Networks" chapter (§6.1) ----------------------------
// A standard block (multi-head attention, dense FFN at 4·d, LayerNorm): attention 4·d², FFN 8·d²,
// norms 4·d; attention is one third of the layer's matrices and the FFN two thirds.
constexpr models::model_config standard{.name = "standard",
                                        .vocab = 1000,
                                        .d_model = d,
                                        .layers = 1,
                                        .attention = {.heads = 32, .kv_heads = 32, .head_dim = 128},
                                        .ffn = {.variant = "relu", .d_ff = 4 * d},
                                        .norm = norm_kind::layer_norm};
constexpr auto std_counts = models::count(standard);
static_assert(std_counts.layer.attention == cost::make_params(4 * d * d));
static_assert(std_counts.layer.ffn == cost::make_params(8 * d * d));
static_assert(std_counts.layer.norms == cost::make_params(4 * d));
static_assert(3 * std_counts.layer.attention.value() == (std_counts.layer.attention + std_counts.layer.ffn).value());
static_assert(std_counts.ffn_params() == std_counts.layer.ffn);
// The SwiGLU block at 8/3·d: the same 8·d² (d a multiple of 3), norms 2·d with RMSNorm
constexpr extent_t d3 = 3072;
constexpr models::model_config swiglu_block{.name = "swiglu",
                                            .vocab = 1000,
                                            .d_model = d3,
                                            .layers = 1,
                                            .attention = {.heads = 24, .kv_heads = 24, .head_dim = 128},
                                            .ffn = {.variant = "swiglu", .d_ff = 8 * d3 / 3}};
constexpr auto swiglu_counts = models::count(swiglu_block);
static_assert(swiglu_counts.layer.ffn == cost::make_params(8 * d3 * d3) &&
              swiglu_counts.layer.attention == cost::make_params(4 * d3 * d3));
static_assert(swiglu_counts.layer.norms == cost::make_params(2 * d3));
// The FFN's FLOPs per token: 16·d² for both (the "Feed-Forward Networks" chapter, §6.2)
static_assert(std_counts.ffn_matmul_flops_per_token == cost::make_flops(16 * d * d));
static_assert(swiglu_counts.ffn_matmul_flops_per_token == cost::make_flops(16 * d3 * d3));

// --- Embeddings, positions, head --------------------------------------------------------------
constexpr models::model_config tiny{.name = "tiny",
                                    .vocab = 100,
                                    .d_model = 8,
                                    .layers = 2,
                                    .attention = {.heads = 2, .kv_heads = 1, .head_dim = 4},
                                    .ffn = {.variant = "swiglu", .d_ff = 16}};
constexpr auto untied = models::count(tiny);
constexpr auto tied = models::count([] {
  auto c = tiny;
  c.tied_embeddings = true;
  return c;
}());
constexpr auto learned = models::count([] {
  auto c = tiny;
  c.learned_positions = 32;
  return c;
}());
static_assert(untied.lm_head == untied.embedding && untied.embedding == 800_params);
static_assert(tied.lm_head == 0_params && untied.total - tied.total == 800_params);
static_assert(learned.positions == 256_params && learned.total - untied.total == 256_params);
// total = embedding + positions + layers · (attention + FFN + norms) + final norm + head
static_assert(untied.total == untied.embedding + untied.positions + untied.layer.total() * 2 + untied.final_norm +
                                  untied.lm_head);
// A dense model's active count is its total
static_assert(untied.active == untied.total);

// --- Memory --------------------------------------------------------------------------------------
static_assert(models::weight_bytes(untied, dtype_info_of<bf16>) == untied.total.value() * 2 * 1_bytes);
static_assert(models::weight_bytes(untied, dtype_info_of<int4>) == (untied.total.value() + 1) / 2 * 1_bytes);
}  // namespace proofs_models

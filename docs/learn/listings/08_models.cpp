// SPDX-License-Identifier: MIT
// Chapter 8: whole models against their published totals.
#include <shapeproof/shapeproof.hpp>

namespace learn_08 {
using namespace shapeproof;
// BEGIN DOC
// Llama-2-70B: D = 8192, 80 layers, 64 query heads but only 8 KV heads (grouped-query attention).
constexpr auto c = presets::llama2_70b::config;
static_assert(c.attention.heads == 64 && c.attention.kv_heads == 8);
// With 8 KV heads, k and v are 8192 x 1024 each, not 8192 x 8192: attention per layer is
// 2·D² + 2·D·1024, and the model is 69.0 B, not the 78 B that multi-head attention would give.
static_assert(models::attention_params(8192, c.attention) == cost::make_params(2 * 8192 * 8192 + 2 * 8192 * 1024));
static_assert(models::count(c).total == 68'976'648'192_params);

// A config of your own, checked as a template argument (rule 10):
static constexpr models::model_config small{.name = "small",
                                            .vocab = 32000,
                                            .d_model = 512,
                                            .layers = 8,
                                            .attention = {.heads = 8, .kv_heads = 2, .head_dim = 64},
                                            .ffn = {.variant = "swiglu", .d_ff = 1408}};
static_assert(models::checked<small>::valid);
// END DOC
}  // namespace learn_08

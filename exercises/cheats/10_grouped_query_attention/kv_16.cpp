// SPDX-License-Identifier: MIT
// CHEAT: 16 KV heads: a model, but not Mistral
// Exercise: Mistral-7B shares each KV head among 4 query heads. Fix its config so that it is a
// model, and its count Mistral's published 7,241,732,096.
// Check your attempt: scripts/check_exercise.sh exercises/10_grouped_query_attention.cpp
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
constexpr models::model_config mistral{.name = "mistral-7b",
                                       .vocab = 32000,
                                       .d_model = 4096,
                                       .layers = 32,
                                       .attention = {.heads = 32, .kv_heads = 16, .head_dim = 128},  // TODO
                                       .ffn = {.variant = "swiglu", .d_ff = 14336}};
static_assert(models::checked<mistral>::counts.total == 7'241'732'096_params);
}  // namespace exercise

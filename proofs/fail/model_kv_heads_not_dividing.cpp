// EXPECT-ERROR: num_key_value_heads must divide num_attention_heads
// SPDX-License-Identifier: MIT
// A whole model checked at compile time, with 32 query heads shared among 5 KV heads (rule 10).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
constexpr models::model_config mistral_like{
    .name = "mistral-like",
    .vocab = 32000,
    .d_model = 4096,
    .layers = 32,
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
    .attention = {.heads = 32, .kv_heads = 5, .head_dim = 128},
#else
    .attention = {.heads = 32, .kv_heads = 8, .head_dim = 128},
#endif
    .ffn = {.variant = "swiglu", .d_ff = 14336},
};
constexpr auto counts = models::checked<mistral_like>::counts;
static_assert(counts.total >= 0_params);
}  // namespace example

// EXPECT-ERROR: num_experts_per_tok (an MoE's top_k) must be between 1 and its number of experts
// SPDX-License-Identifier: MIT
// A Mixtral-like config routing each token to more experts than it has (rule 10).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
constexpr models::model_config mixtral_like{
    .name = "mixtral-like",
    .vocab = 32000,
    .d_model = 4096,
    .layers = 32,
    .attention = {.heads = 32, .kv_heads = 8, .head_dim = 128},
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
    .ffn = {.variant = "swiglu", .d_ff = 14336, .experts = 8, .top_k = 9},
#else
    .ffn = {.variant = "swiglu", .d_ff = 14336, .experts = 8, .top_k = 2},
#endif
};
constexpr auto counts = models::checked<mixtral_like>::counts;
static_assert(counts.active <= counts.total);
}  // namespace example

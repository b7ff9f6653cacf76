// EXPECT-ERROR: qk_nope_head_dim + qk_rope_head_dim == head_dim
// SPDX-License-Identifier: MIT
// A DeepSeek-like model with multi-head latent attention whose head_dim is given as the no-rope
// part alone: each head's query and key are qk_nope_head_dim + qk_rope_head_dim wide (rule 10).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
constexpr models::model_config deepseek_like{
    .name = "deepseek-like",
    .vocab = 129280,
    .d_model = 7168,
    .layers = 4,
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
    .attention = {.heads = 128, .kv_heads = 128, .head_dim = 128,
#else
    .attention = {.heads = 128, .kv_heads = 128, .head_dim = 192,
#endif
                  .q_lora_rank = 1536, .kv_lora_rank = 512, .qk_nope_head_dim = 128, .qk_rope_head_dim = 64,
                  .v_head_dim = 128},
    .ffn = {.variant = "swiglu", .d_ff = 2048, .experts = 8, .top_k = 2, .shared_experts = 1},
};
constexpr auto counts = models::checked<deepseek_like>::counts;
static_assert(counts.total >= 0_params);
}  // namespace example

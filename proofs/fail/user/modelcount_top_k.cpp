// EXPECT-ERROR: num_experts_per_tok_must_be_between_1_and_experts
// MAX-LINES: 31 (clang++ notes each call between the line and the refusal, and each later use of the refused constant)
// SPDX-License-Identifier: MIT
// The user counts their own MoE config, which routes each token to 9 of 8 experts.
// CONSTANT-EXPRESSION
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
constexpr models::model_config cfg{
    .name = "my-moe",
    .vocab = 32000,
    .d_model = 4096,
    .layers = 32,
    .attention = {.heads = 32, .kv_heads = 8, .head_dim = 128},
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
    .ffn = {.variant = "swiglu", .d_ff = 14336, .experts = 8, .top_k = 9}};
#else
    .ffn = {.variant = "swiglu", .d_ff = 14336, .experts = 8, .top_k = 2}};
#endif
constexpr auto c = models::count(cfg);
static_assert(c.active < c.total);
}  // namespace mine

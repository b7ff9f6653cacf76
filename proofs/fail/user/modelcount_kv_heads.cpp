// EXPECT-ERROR: num_key_value_heads_must_divide_num_attention_heads
// MAX-LINES: 31 (clang++ notes each call between the line and the refusal, and each later use of the refused constant)
// SPDX-License-Identifier: MIT
// The user counts their own config, whose 32 query heads are shared among 5 KV heads.
// CONSTANT-EXPRESSION
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
constexpr models::model_config cfg{.name = "my-7b",
                                   .vocab = 32000,
                                   .d_model = 4096,
                                   .layers = 32,
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
                                   .attention = {.heads = 32, .kv_heads = 5, .head_dim = 128},
#else
                                   .attention = {.heads = 32, .kv_heads = 8, .head_dim = 128},
#endif
                                   .ffn = {.variant = "swiglu", .d_ff = 14336}};
constexpr auto c = models::count(cfg);
static_assert(c.total > 7'000'000'000_params);
}  // namespace mine

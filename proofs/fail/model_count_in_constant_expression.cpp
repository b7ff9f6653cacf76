// EXPECT-ERROR: rule_10_num_key_value_heads_must_divide_num_attention_heads
// CONSTANT-EXPRESSION
// MAX-LINES: 16 (clang++ adds a note and its source line for each call between the line and the refusal: count, validate)
// SPDX-License-Identifier: MIT
// A config counted in a constant expression, 32 query heads over 5 KV heads: the compiler names the
// refusing function, which is named after the rule (rule 10; models::checked states it in words).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
constexpr models::model_config mine{.name = "mine",
                                    .vocab = 32000,
                                    .d_model = 4096,
                                    .layers = 32,
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
                                    .attention = {.heads = 32, .kv_heads = 5, .head_dim = 128},
#else
                                    .attention = {.heads = 32, .kv_heads = 8, .head_dim = 128},
#endif
                                    .ffn = {.variant = "swiglu", .d_ff = 14336}};
constexpr auto counts = models::count(mine);
}  // namespace example

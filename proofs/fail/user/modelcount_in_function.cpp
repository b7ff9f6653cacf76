// EXPECT-ERROR: num_key_value_heads_must_divide_num_attention_heads
// MAX-LINES: 19 (clang++ notes each call between the line and the refusal, and each later use of the refused constant)
// SPDX-License-Identifier: MIT
// The user's constexpr helper returning cost::params counts a config whose 40 heads share 6 KV heads.
// CONSTANT-EXPRESSION
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
constexpr cost::params total_of(const models::model_config& c) { return models::count(c).total; }
constexpr models::model_config cfg{.name = "my-13b",
                                   .vocab = 32000,
                                   .d_model = 5120,
                                   .layers = 40,
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
                                   .attention = {.heads = 40, .kv_heads = 6, .head_dim = 128},
#else
                                   .attention = {.heads = 40, .kv_heads = 8, .head_dim = 128},
#endif
                                   .ffn = {.variant = "swiglu", .d_ff = 13824}};
static_assert(total_of(cfg) > 10'000'000'000_params);
}  // namespace mine

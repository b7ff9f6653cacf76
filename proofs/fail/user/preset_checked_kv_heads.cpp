// EXPECT-ERROR: shapeproof rule 10: num_key_value_heads must divide num_attention_heads
// SPDX-License-Identifier: MIT
// The user's preset config has 6 KV heads for 32 query heads, and then pins the total it expects.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct my_7b {
  struct d_model final : dim<4096> {};
  struct d_ff final : dim<11008> {};
  using ffn = swiglu<d_model, d_ff>;
  static constexpr models::model_config config{.name = "my-7b",
                                               .vocab = 32000,
                                               .d_model = 4096,
                                               .layers = 32,
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
                                               .attention = {.heads = 32, .kv_heads = 6, .head_dim = 128},
#else
                                               .attention = {.heads = 32, .kv_heads = 8, .head_dim = 128},
#endif
                                               .ffn = {.variant = "swiglu", .d_ff = 11008}};
};
static_assert(models::checked<my_7b::config>::counts.total == 5'933'109'248_params);
}  // namespace mine

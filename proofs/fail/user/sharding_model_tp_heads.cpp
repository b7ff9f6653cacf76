// EXPECT-ERROR: shapeproof rule 11: tp must divide the attention heads
// SPDX-License-Identifier: MIT
// The user shards their own 32-head model over tp = 3 and checks the heads per rank.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
constexpr models::model_config cfg{.name = "my-7b",
                                   .vocab = 32000,
                                   .d_model = 4096,
                                   .layers = 32,
                                   .attention = {.heads = 32, .kv_heads = 32, .head_dim = 128},
                                   .ffn = {.variant = "swiglu", .d_ff = 11008}};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr extent_t tp = 3;
#else
constexpr extent_t tp = 4;
#endif
static_assert(models::sharded<cfg, tp>::counts.heads * tp == cfg.attention.heads);
}  // namespace mine

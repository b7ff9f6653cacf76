// EXPECT-ERROR: shapeproof rule 11: tp must divide every FFN's d_ff
// SPDX-License-Identifier: MIT
// The user's 24-head model with d_ff 11008 is sharded over tp = 3: heads split, d_ff does not.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
constexpr models::model_config cfg{.name = "my-3b",
                                   .vocab = 32000,
                                   .d_model = 3072,
                                   .layers = 26,
                                   .attention = {.heads = 24, .kv_heads = 24, .head_dim = 128},
                                   .ffn = {.variant = "swiglu", .d_ff = 11008}};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using split = models::sharded<cfg, 3>;
#else
using split = models::sharded<cfg, 2>;
#endif
static_assert(split::counts.params < split::counts.total);
}  // namespace mine

// EXPECT-ERROR: tp must divide every FFN's d_ff
// SPDX-License-Identifier: MIT
// A model of 48 heads and d_ff 16000 over 3 tensor-parallel ranks: its heads split (16 each), its d_ff does not (rule
// 11).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
constexpr models::model_config model{
    .name = "forty-eight-heads",
    .vocab = 32000,
    .d_model = 6144,
    .layers = 2,
    .attention = {.heads = 48, .kv_heads = 48, .head_dim = 128},
    .ffn = {.variant = "swiglu", .d_ff = 16000},
};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr auto counts = models::sharded<model, 3>::counts;
#else
constexpr auto counts = models::sharded<model, 2>::counts;
#endif
static_assert(counts.params <= counts.total);
}  // namespace example

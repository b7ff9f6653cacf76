// EXPECT-ERROR: replicated KV heads must divide tp
// SPDX-License-Identifier: MIT
// Llama-2-70B's 8 KV heads replicated over 4 tensor-parallel ranks: replicas share a head over tp / 8 ranks, and 8 does
// not divide 4 (they split, 2 each) (rule 11).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr auto counts = models::sharded<presets::llama2_70b::config, 4, 1, models::kv_heads_policy::replicated>::counts;
#else
constexpr auto counts = models::sharded<presets::llama2_70b::config, 4, 1, models::kv_heads_policy::split>::counts;
#endif
static_assert(counts.params <= counts.total);
}  // namespace example

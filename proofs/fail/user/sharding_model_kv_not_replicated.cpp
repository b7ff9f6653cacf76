// EXPECT-ERROR: shapeproof rule 11: tp must divide the KV heads, or, with fewer KV heads than ranks, they are replicated
// SPDX-License-Identifier: MIT
// The user shards Llama-2-70B (8 KV heads) over 16 ranks without saying the KV heads are replicated.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using split = models::sharded<presets::llama2_70b::config, 16>;
#else
using split = models::sharded<presets::llama2_70b::config, 16, 1, models::kv_heads_policy::replicated>;
#endif
static_assert(split::counts.kv_heads == 1);
}  // namespace mine

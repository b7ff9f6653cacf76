// EXPECT-ERROR: tp must divide the KV heads, or, with fewer KV heads than ranks, they are replicated
// SPDX-License-Identifier: MIT
// Llama-2-70B's 8 KV heads over 16 tensor-parallel ranks, without saying they are replicated (rule 11).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr auto counts = models::sharded<presets::llama2_70b::config, 16>::counts;
#else
constexpr auto counts =
    models::sharded<presets::llama2_70b::config, 16, 1, models::kv_heads_policy::replicated>::counts;
#endif
static_assert(counts.params <= counts.total);
}  // namespace example

// EXPECT-ERROR: tp must divide the attention heads
// SPDX-License-Identifier: MIT
// Qwen2-0.5B's 14 attention heads split over 4 tensor-parallel ranks (rule 11).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr auto counts = models::sharded<presets::qwen2_0_5b::config, 4>::counts;
#else
constexpr auto counts = models::sharded<presets::qwen2_0_5b::config, 2>::counts;
#endif
static_assert(counts.params <= counts.total);
}  // namespace example

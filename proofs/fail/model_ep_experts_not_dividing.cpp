// EXPECT-ERROR: ep must divide the routed experts
// SPDX-License-Identifier: MIT
// Mixtral-8x7B's 8 experts over 3 expert-parallel ranks (rule 11): 2, 4 and 8 split them.
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr auto counts = models::sharded<presets::mixtral_8x7b::config, 1, 3>::counts;
#else
constexpr auto counts = models::sharded<presets::mixtral_8x7b::config, 1, 4>::counts;
#endif
static_assert(counts.params <= counts.total);
}  // namespace example

// EXPECT-ERROR: shapeproof rule 11: ep must divide the routed experts
// SPDX-License-Identifier: MIT
// The user shards the Mixtral preset's 8 experts over ep = 3 and checks the experts per rank.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr extent_t ep = 3;
#else
constexpr extent_t ep = 4;
#endif
using split = models::sharded<presets::mixtral_8x7b::config, 1, ep>;
static_assert(split::counts.experts * ep == presets::mixtral_8x7b::config.ffn.experts);
}  // namespace mine

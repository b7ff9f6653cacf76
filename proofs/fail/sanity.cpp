// EXPECT-ERROR: shapeproof harness sanity: this twin must fail
// SPDX-License-Identifier: MIT
// The harness's own check: the macro flips one token, and the ko twin fails with exactly this phrase.
#include <shapeproof/shapeproof.hpp>

namespace example {
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
inline constexpr bool holds = false;
#else
inline constexpr bool holds = true;
#endif
static_assert(holds, "shapeproof harness sanity: this twin must fail");
}  // namespace example

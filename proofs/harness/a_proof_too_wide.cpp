// EXPECT-ERROR: the gate and up projections must have the same shape
// SPDX-License-Identifier: MIT
// Harness check: the right phrase on a first error line longer than 300 characters. The line that
// states a rule must stay readable, so the harness must reject it.
#include <shapeproof/shapeproof.hpp>

namespace example {
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
static_assert(sizeof(int) == 3, "the gate and up projections must have the same shape, and this message goes on and on "
                                "so that the line that states it is far wider than anyone reads in a terminal: "
                                "padding padding padding padding padding padding padding padding padding padding "
                                "padding padding padding padding padding padding padding padding padding padding");
#endif
}  // namespace example

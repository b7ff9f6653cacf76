// EXPECT-ERROR: a count is a quantity, not a plain integer
// SPDX-License-Identifier: MIT
// The memory of a parameter count written as a plain integer: which count it is is not guessed (rule 9).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr cost::bytes weights = bytes_of<bf16>(135266304);
#else
constexpr cost::bytes weights = bytes_of<bf16>(135266304_params);
#endif
static_assert(weights == 270'532'608_bytes);
}  // namespace example

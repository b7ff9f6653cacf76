// EXPECT-ERROR: a count is a quantity, not a plain integer
// SPDX-License-Identifier: MIT
// A parameter count compared with a plain integer: which count it is cannot be guessed (rule 9).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
static_assert(swiglu<d_model, d_ff>::params() == 135266304);
#else
static_assert(swiglu<d_model, d_ff>::params() == 135266304_params);
#endif
}  // namespace example

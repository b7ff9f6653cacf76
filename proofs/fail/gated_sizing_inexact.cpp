// EXPECT-ERROR: scaling a dimension by Num/Den must be exact, or say how it rounds
// SPDX-License-Identifier: MIT
// 8/3 of 4096 is not an integer: the sizing must say how it rounds (rule 8).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct d_other final : dim<4000> {};
struct tokens final : dim<dynamic> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using hidden = scaled<d_model, 8, 3>;
#else
using hidden = scaled<d_model, 8, 3, rounding::down>;
#endif
static_assert(swiglu<d_model, hidden>::params().value() > 0);
}  // namespace example

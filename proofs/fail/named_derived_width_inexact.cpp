// EXPECT-ERROR: scaling a dimension by Num/Den must be exact, or say how it rounds
// SPDX-License-Identifier: MIT
// A hidden width named after a sizing rule that is not exact for this D: 8/3 of 4096 (rule 8).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
struct d_ff final : scaled<d_model, 8, 3> {};
#else
struct d_ff final : scaled<d_model, 8, 3, rounding::down> {};
#endif
static_assert(swiglu<d_model, d_ff>::params() == 3 * 4096 * 10922_params);
}  // namespace example

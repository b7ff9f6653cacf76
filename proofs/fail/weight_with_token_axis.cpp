// EXPECT-ERROR: a weight's dimensions must have static extents
// SPDX-License-Identifier: MIT
// A weight cannot have the token axis: its size must be known to count its parameters.
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct d_other final : dim<4000> {};
struct tokens final : dim<dynamic> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using proj = linear<tokens, d_ff>;
#else
using proj = linear<d_model, d_ff>;
#endif
static_assert(sizeof(proj) > 0);
}  // namespace example

// EXPECT-ERROR: a weight's dimensions must have static extents
// SPDX-License-Identifier: MIT
// A projection only declared, never used, whose input is the token axis.
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct tokens final : dim<dynamic> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using proj = linear<tokens, d_model>;
#else
using proj = linear<d_model, d_model>;
#endif
}  // namespace example

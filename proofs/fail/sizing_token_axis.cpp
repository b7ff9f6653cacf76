// EXPECT-ERROR: a sizing rule needs a dimension with a static extent
// SPDX-License-Identifier: MIT
// The token axis is only known at run time: no weight width can be sized from it.
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct d_other final : dim<4000> {};
struct tokens final : dim<dynamic> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using hidden = round_up_to_multiple<tokens, 256>;
#else
using hidden = round_up_to_multiple<d_model, 256>;
#endif
static_assert(hidden::extent > 0);
}  // namespace example

// EXPECT-ERROR: expected a dimension
// SPDX-License-Identifier: MIT
// A shape given where a dimension is wanted.
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct tokens final : dim<dynamic> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using up_proj = linear<shape<tokens, d_model>, d_ff>;
#else
using up_proj = linear<d_model, d_ff>;
#endif
static_assert(up_proj::params() == 4096 * 11008_params);
}  // namespace example

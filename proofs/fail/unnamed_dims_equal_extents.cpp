// EXPECT-ERROR: a dimension needs a name
// SPDX-License-Identifier: MIT
// dim<64> as both widths would make d_model and d_ff one type, and a transposed projection pass.
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using d_model = dim<64>;
using d_ff = dim<64>;
#else
struct d_model final : dim<64> {};
struct d_ff final : dim<64> {};
#endif
using mine = swiglu<d_model, d_ff>;
static_assert(mine::params() == 3 * 64 * 64_params);
}  // namespace example

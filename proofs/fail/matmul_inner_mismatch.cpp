// EXPECT-ERROR: a matmul's inner dimensions must agree by name and extent
// SPDX-License-Identifier: MIT
// [T, D] x [Dff, D]: the inner dimensions differ (rule 4).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct d_other final : dim<4000> {};
struct tokens final : dim<dynamic> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using w = shape<d_ff, d_model>;
#else
using w = shape<d_model, d_ff>;
#endif
using y = matmul_t<shape<tokens, d_model>, w>;
static_assert(y::rank == 2);
}  // namespace example

// EXPECT-ERROR: a matmul's inner dimensions must agree by name and extent
// SPDX-License-Identifier: MIT
// A PyTorch weight is stored [out, in]: x · W needs the math layout [in, out] (rule 4).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct d_other final : dim<4000> {};
struct tokens final : dim<dynamic> {};
using up_proj = linear<d_model, d_ff>;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using w = up_proj::storage_shape;
#else
using w = up_proj::math_shape;
#endif
using y = matmul_t<shape<tokens, d_model>, w>;
static_assert(y::rank == 2);
}  // namespace example

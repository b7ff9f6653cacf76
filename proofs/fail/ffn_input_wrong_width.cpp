// EXPECT-ERROR: a matmul's inner dimensions must agree by name and extent
// SPDX-License-Identifier: MIT
// An FFN applied to activations of another width than its D (rule 4, at the first matmul).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct d_other final : dim<4000> {};
struct tokens final : dim<dynamic> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using x = shape<tokens, d_other>;
#else
using x = shape<tokens, d_model>;
#endif
using y = ffn_output_t<swiglu<d_model, d_ff>, x>;
static_assert(y::rank == 2);
}  // namespace example

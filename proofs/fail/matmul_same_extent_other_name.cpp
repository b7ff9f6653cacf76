// EXPECT-ERROR: a matmul's inner dimensions must agree by name and extent
// SPDX-License-Identifier: MIT
// Two widths that happen to share an extent are still different dimensions (rule 4, by name).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct d_other final : dim<4000> {};
struct tokens final : dim<dynamic> {};
struct d_attn final : dim<4096> {};  // the same extent as d_model, another name
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using w = shape<d_attn, d_ff>;
#else
using w = shape<d_model, d_ff>;
#endif
using y = matmul_t<shape<tokens, d_model>, w>;
static_assert(y::rank == 2);
}  // namespace example

// EXPECT-ERROR: a matmul's inner dimensions must agree by name and extent
// SPDX-License-Identifier: MIT
// One attention head's output, [T, head_dim], fed to the FFN instead of the block's [T, D] (rule 4).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct head_dim final : dim<128> {};
struct tokens final : dim<dynamic> {};
using ffn = swiglu<d_model, d_ff>;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using y = ffn_output_t<ffn, shape<tokens, head_dim>>;
#else
using y = ffn_output_t<ffn, shape<tokens, d_model>>;
#endif
static_assert(y::rank == 2);
}  // namespace example

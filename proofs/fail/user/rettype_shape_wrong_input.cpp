// EXPECT-ERROR: shapeproof rule 4: a matmul's inner dimensions must agree by name and extent
// SPDX-License-Identifier: MIT
// A function declared to return shape<tokens, d_model> runs the FFN on a [tokens, d_ff] input.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct tokens final : dim<dynamic> {};
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
using ffn = swiglu<d_model, d_ff>;

#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using input = shape<tokens, d_ff>;
#else
using input = shape<tokens, d_model>;
#endif
constexpr shape<tokens, d_model> ffn_block() { return ffn_output_t<ffn, input>{}; }
static_assert(decltype(ffn_block())::rank == 2);
}  // namespace mine

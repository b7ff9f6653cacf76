// EXPECT-ERROR: a matmul's inner dimensions must agree by name and extent
// MAX-WIDTH: 308 (clang++ names the rule with its dimensions and the refused three-axis input in one context line)
// SPDX-License-Identifier: MIT
// An activation laid out channels-first, [B, D, T], as a convolution would have it (rule 4).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct batch final : dim<dynamic> {};
struct tokens final : dim<dynamic> {};
using ffn = swiglu<d_model, d_ff>;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using x = shape<batch, d_model, tokens>;
#else
using x = shape<batch, tokens, d_model>;
#endif
static_assert(ffn_output_t<ffn, x>::rank == 3);
}  // namespace example

// EXPECT-ERROR: a matmul's inner dimensions must agree by name and extent, by name
// MAX-WIDTH: 320 (clang++ names the refused three-axis input, its dimensions and the rule in one context line)
// SPDX-License-Identifier: MIT
// A second FFN fed the first one's hidden activation [B, T, Dff], where both widths are 1024 (rule 4, by name).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<1024> {};
struct d_ff final : dim<1024> {};
struct batch final : dim<dynamic> {};
struct tokens final : dim<dynamic> {};
using ffn = relu_ffn<d_model, d_ff>;
using up_out = ffn::up::output_t<shape<batch, tokens, d_model>>;  // [B, T, Dff]
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using y = ffn_output_t<ffn, up_out>;
#else
using y = ffn_output_t<ffn, ffn::down::output_t<up_out>>;
#endif
static_assert(y::rank == 3);
}  // namespace example

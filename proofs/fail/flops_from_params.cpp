// EXPECT-ERROR: parameters, FLOPs and bytes never mix
// MAX-WIDTH: 360 (g++ spells the expression it was evaluating: the conversion, the product and the count)
// SPDX-License-Identifier: MIT
// The rule of thumb "2 FLOPs per parameter per token" written as a conversion: FLOPs are counted, not converted (rule 9).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
using ffn = swiglu<d_model, d_ff>;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr cost::flops per_token = 2 * ffn::params();
#else
constexpr cost::flops per_token = ffn::matmul_flops_per_token();
#endif
static_assert(per_token == 2 * 135'266'304_flops);
}  // namespace example

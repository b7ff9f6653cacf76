// EXPECT-ERROR: shapeproof rule 9: parameters, FLOPs and bytes never mix
// SPDX-License-Identifier: MIT
// The user applies the "2 FLOPs per parameter" rule of thumb by storing params * 2 in a cost::flops.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
using ffn = swiglu<d_model, d_ff>;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr cost::flops per_token = ffn::params() * 2;
#else
constexpr cost::flops per_token = ffn::matmul_flops_per_token();
#endif
static_assert(per_token == 270'532'608_flops);
}  // namespace mine

// EXPECT-ERROR: shapeproof rule 9: parameters, FLOPs and bytes never mix
// SPDX-License-Identifier: MIT
// A function declared to return cost::params returns the FFN's FLOPs per token.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
using ffn = swiglu<d_model, d_ff>;

constexpr cost::params work_per_token()
{
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
  return ffn::matmul_flops_per_token();
#else
  return ffn::params();
#endif
}
static_assert(work_per_token() > 0_params);
}  // namespace mine

// EXPECT-ERROR: shapeproof rule 9: parameters, FLOPs and bytes never mix
// SPDX-License-Identifier: MIT
// The user's "budget" function template adds an FFN's parameters to its FLOPs per token.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
using ffn = swiglu<d_model, d_ff>;

template<typename F>
constexpr auto budget()
{
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
  return F::params() + F::matmul_flops_per_token();
#else
  return F::params() + F::params();
#endif
}
static_assert(budget<ffn>() == 270'532'608_params);
}  // namespace mine

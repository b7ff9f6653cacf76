// EXPECT-ERROR: shapeproof rule 9: parameters, FLOPs and bytes never mix
// SPDX-License-Identifier: MIT
// The user's function declared to return cost::params adds FLOPs into a parameter total.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
using ffn = swiglu<d_model, d_ff>;

template<typename F>
constexpr cost::params total_with_router(cost::params router)
{
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
  return F::matmul_flops_per_token() + router;
#else
  return F::params() + router;
#endif
}
static_assert(total_with_router<ffn>(32'768_params) == 135'299'072_params);
}  // namespace mine

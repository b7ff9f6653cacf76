// EXPECT-ERROR: shapeproof: a dimension needs a name
// SPDX-License-Identifier: MIT
// A consteval function uses dim<4096> itself as the model width instead of a named dimension.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};

consteval cost::flops flops_per_token()
{
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
  using D = dim<4096>;
#else
  using D = d_model;
#endif
  return swiglu<D, d_ff>::matmul_flops_per_token();
}
static_assert(flops_per_token() == 270'532'608_flops);
}  // namespace mine

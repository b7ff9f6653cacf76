// EXPECT-ERROR: shapeproof rule 9: parameters, FLOPs and bytes never mix
// SPDX-License-Identifier: MIT
// A consteval function declared to return cost::bytes returns a parameter count times two.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<14336> {};
using ffn = swiglu<d_model, d_ff>;

consteval cost::bytes bf16_weight_bytes()
{
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
  return ffn::params() * 2;
#else
  return bytes_of<bf16>(ffn::params());
#endif
}
static_assert(bf16_weight_bytes() == 352'321'536_bytes);
}  // namespace mine

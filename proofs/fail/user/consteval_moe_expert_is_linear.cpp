// EXPECT-ERROR: shapeproof: an MoE's expert must be an FFN spec
// SPDX-License-Identifier: MIT
// A consteval function builds an MoE whose expert is the up projection alone, not an FFN.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<14336> {};

consteval auto moe_total()
{
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
  using expert = linear<d_model, d_ff>;
#else
  using expert = swiglu<d_model, d_ff>;
#endif
  return moe_ffn<expert, 8, 2>::params();
}
static_assert(moe_total() > 1'000'000'000_params);
}  // namespace mine

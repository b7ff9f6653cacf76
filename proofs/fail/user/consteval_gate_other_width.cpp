// EXPECT-ERROR: shapeproof rule 1: the gate and up projections must have the same shape
// SPDX-License-Identifier: MIT
// A consteval function returning cost::params declares a gate projection that reads another width than up.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_embed final : dim<3072> {};
struct d_ff final : dim<11008> {};

consteval cost::params my_ffn_params()
{
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
  using gate = linear<d_embed, d_ff>;
#else
  using gate = linear<d_model, d_ff>;
#endif
  return gated_ffn_of<act::silu, gate, linear<d_model, d_ff>, linear<d_ff, d_model>>::params();
}
static_assert(my_ffn_params() == 135'266'304_params);
}  // namespace mine

// EXPECT-ERROR: the gate and up projections must have the same shape
// SPDX-License-Identifier: MIT
// Harness check: the ko twin fails, but not for the reason it names. The harness must reject it.
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<64> {};
struct d_ff final : dim<128> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using up_proj = linear<d_model, d_fff>;  // a typo, not a shape rule
#else
using up_proj = linear<d_model, d_ff>;
#endif
static_assert(gated_ffn_of<act::silu, linear<d_model, d_ff>, up_proj, linear<d_ff, d_model>>::params().value() > 0);
}  // namespace example

// EXPECT-ERROR: the gate and up projections must have the same shape
// SPDX-License-Identifier: MIT
// Harness check: the right first error, followed by another one. One mistake must give one error,
// so the harness must reject it.
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<64> {};
struct d_ff final : dim<128> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using up_proj = linear<d_ff, d_model>;
static_assert(gated_ffn_of<act::silu, linear<d_model, d_ff>, up_proj, linear<d_ff, d_model>>::params().value() > 0);
static_assert(sizeof(int) == 3, "a second, unrelated error");
#endif
}  // namespace example

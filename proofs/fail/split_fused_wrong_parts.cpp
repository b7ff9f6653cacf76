// EXPECT-ERROR: the parts of a split must add up to the fused dimension
// SPDX-License-Identifier: MIT
// A fused gate|up weight [D, 2*Dff] split into parts that are not its own (rule 5).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct d_other final : dim<4000> {};
struct tokens final : dim<dynamic> {};
using fused = swiglu<d_model, d_ff>::fused_gate_up::math_shape;  // [d_model, cat<d_ff, d_ff>]
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using parts = split_t<1, fused, d_ff, d_other>;
#else
using parts = split_t<1, fused, d_ff, d_ff>;
#endif
static_assert(std::tuple_size_v<parts> == 2);
}  // namespace example

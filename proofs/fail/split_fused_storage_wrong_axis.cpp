// EXPECT-ERROR: a split must be along the fused axis
// SPDX-License-Identifier: MIT
// The fused gate|up weight stored [2*Dff, D] split along axis 1, its D, instead of axis 0 (rule 5).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<3072> {};
struct d_ff final : dim<8192> {};
using gate_up_stored = shape<cat<d_ff, d_ff>, d_model>;  // Phi-3 gate_up_proj.weight
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using halves = split_t<1, gate_up_stored, d_ff, d_ff>;
#else
using halves = split_t<0, gate_up_stored, d_ff, d_ff>;
#endif
static_assert(std::tuple_size_v<halves> == 2);
}  // namespace example

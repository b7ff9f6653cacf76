// EXPECT-ERROR: the gate and up projections must have the same shape
// SPDX-License-Identifier: MIT
// An FFN only declared, never used: the alias is checked where it is written (rule 1).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
using gate_proj = linear<d_model, d_ff>;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using up_proj = linear<d_ff, d_model>;
#else
using up_proj = linear<d_model, d_ff>;
#endif
using down_proj = linear<d_ff, d_model>;
using mine = gated_ffn_of<act::silu, gate_proj, up_proj, down_proj>;
}  // namespace example

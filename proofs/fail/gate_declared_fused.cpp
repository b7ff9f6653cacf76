// EXPECT-ERROR: the gate and up projections must have the same shape
// SPDX-License-Identifier: MIT
// The gate declared with the fused gate_up width 2*Dff of a Phi-3 checkpoint (rule 1).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<3072> {};
struct d_ff final : dim<8192> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using gate_proj = linear<d_model, cat<d_ff, d_ff>>;
#else
using gate_proj = linear<d_model, d_ff>;
#endif
using phi3_mlp = gated_ffn_of<act::silu, gate_proj, linear<d_model, d_ff>, linear<d_ff, d_model>>;
}  // namespace example

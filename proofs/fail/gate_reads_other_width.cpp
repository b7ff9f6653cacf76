// EXPECT-ERROR: the gate and up projections must have the same shape
// SPDX-License-Identifier: MIT
// The gate reads another width than up does (rule 1).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct d_other final : dim<4000> {};
struct tokens final : dim<dynamic> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using gate_proj = linear<d_other, d_ff>;
#else
using gate_proj = linear<d_model, d_ff>;
#endif
using ffn = gated_ffn_of<act::gelu, gate_proj, linear<d_model, d_ff>, linear<d_ff, d_model>>;
static_assert(ffn::params().value() > 0);
}  // namespace example

// EXPECT-ERROR: an FFN's activation must be one of shapeproof::act
// SPDX-License-Identifier: MIT
// The projections first and the activation last, as another library orders them.
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<2048> {};
struct d_ff final : dim<5632> {};
using gate_proj = linear<d_model, d_ff>;
using up_proj = linear<d_model, d_ff>;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using mlp = gated_ffn_of<gate_proj, up_proj, linear<d_ff, d_model>, act::silu>;
#else
using mlp = gated_ffn_of<act::silu, gate_proj, up_proj, linear<d_ff, d_model>>;
#endif
}  // namespace example

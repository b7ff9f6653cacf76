// EXPECT-ERROR: shapeproof rule 11: expert_parallel splits an MoE's experts (moe_ffn<...>)
// MAX-WIDTH: 315 (a context line names the user's own template or lambda with its arguments, or a spec spelled out)
// SPDX-License-Identifier: MIT
// The user applies expert_parallel to the expert FFN itself instead of to the MoE layer.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<14336> {};
using expert = swiglu<d_model, d_ff>;
using layer = moe_ffn<expert, 8, 2>;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using split = expert_parallel<expert, 2>;
#else
using split = expert_parallel<layer, 2>;
#endif
static_assert(split::experts_per_rank * 2 == layer::experts);
}  // namespace mine

// EXPECT-ERROR: every expert of an MoE must have the same model width D
// SPDX-License-Identifier: MIT
// A shared expert that reads another width than the routed ones (rule 6).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct d_other final : dim<4000> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using shared = swiglu<d_other, d_ff>;
#else
using shared = swiglu<d_model, d_ff>;
#endif
using layer = moe_ffn<swiglu<d_model, d_ff>, 8, 2, 1, false, shared>;
static_assert(sizeof(layer) > 0);
}  // namespace example

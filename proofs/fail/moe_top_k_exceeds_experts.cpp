// EXPECT-ERROR: an MoE's top_k must be between 1 and its number of experts
// SPDX-License-Identifier: MIT
// Routing each token to 3 of 2 experts (rule 6).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct d_other final : dim<4000> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using layer = moe_ffn<swiglu<d_model, d_ff>, 2, 3>;
#else
using layer = moe_ffn<swiglu<d_model, d_ff>, 2, 2>;
#endif
static_assert(sizeof(layer) > 0);
}  // namespace example

// EXPECT-ERROR: an MoE's expert must be an FFN
// SPDX-License-Identifier: MIT
// A projection given to moe_ffn where an expert FFN is wanted.
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<14336> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using layer = moe_ffn<linear<d_model, d_ff>, 8, 2>;
#else
using layer = moe_ffn<swiglu<d_model, d_ff>, 8, 2>;
#endif
static_assert(layer::active_params() < layer::params());
}  // namespace example

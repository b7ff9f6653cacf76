// EXPECT-ERROR: the rotary dimension must be even and at most head_dim
// SPDX-License-Identifier: MIT
// A partial rotary embedding over an odd number of a head's values: RoPE rotates pairs (rule 12).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : model_width<2560> {};
struct head_dim final : dim<80> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using attn = gqa_attention<d_model, 32, 32, head_dim, rotary<25>>;  // 80 · 0.3125, rounded by hand
#else
using attn = gqa_attention<d_model, 32, 32, head_dim, rotary<32>>;  // 80 · 0.4
#endif
static_assert(attn::rotary_dim > 0);
}  // namespace example

// EXPECT-ERROR: o must read the heads' output, heads·head_dim, not D
// SPDX-License-Identifier: MIT
// Gemma-7B's attention: 16 heads of 256 are 4096 wide, not D = 3072; its o projection declared
// [D -> D], as if heads·head_dim were D (rule 12).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : model_width<3072> {};
struct head_dim final : dim<256> {};
struct q_width final : dim<4096> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using o_proj = linear<d_model, d_model>;
#else
using o_proj = linear<q_width, d_model>;
#endif
using attn = attention_of<16, 16, head_dim, linear<d_model, q_width>, linear<d_model, q_width>,
                          linear<d_model, q_width>, o_proj>;
static_assert(attn::params() > 0_params);
}  // namespace example

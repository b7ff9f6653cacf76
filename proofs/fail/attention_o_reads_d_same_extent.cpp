// EXPECT-ERROR: o must read the heads' output, heads·head_dim, not D, by name
// SPDX-License-Identifier: MIT
// LLaMA-7B's attention, where heads·head_dim happens to equal D (32·128 = 4096): o declared
// reading D is still the wrong dimension, told apart by name (rule 12).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct head_dim final : dim<128> {};
struct q_width final : dim<4096> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using o_proj = linear<d_model, d_model>;
#else
using o_proj = linear<q_width, d_model>;
#endif
using attn = attention_of<32, 32, head_dim, linear<d_model, q_width>, linear<d_model, q_width>,
                          linear<d_model, q_width>, o_proj>;
static_assert(attn::params() > 0_params);
}  // namespace example

// EXPECT-ERROR: q, k and v must all read the residual stream's width D
// SPDX-License-Identifier: MIT
// v projected from the FFN's hidden width instead of the residual stream (rule 12).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<11008> {};
struct head_dim final : dim<128> {};
struct q_width final : dim<4096> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using v_proj = linear<d_ff, q_width>;
#else
using v_proj = linear<d_model, q_width>;
#endif
using attn = attention_of<32, 32, head_dim, linear<d_model, q_width>, linear<d_model, q_width>, v_proj,
                          linear<q_width, d_model>>;
static_assert(attn::params() > 0_params);
}  // namespace example

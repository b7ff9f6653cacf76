// EXPECT-ERROR: attention_of's q, k, v and o must be linear<In, Out>, given before its options
// SPDX-License-Identifier: MIT
// attention_of takes q, k, v and o first, then its options; a rotary option written first is taken
// for q (rule 12).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : model_width<2048> {};
struct head_dim final : dim<64> {};
struct q_out final : dim<2048> {};
using q = linear<d_model, q_out>;
using o = linear<q_out, d_model>;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using attn = attention_of<32, 32, head_dim, rotary<64>, q, q, q, o>;
#else
using attn = attention_of<32, 32, head_dim, q, q, q, o, rotary<64>>;
#endif
static_assert(attn::params() > 0_params && attn::heads % attn::kv_heads == 0);
}  // namespace example

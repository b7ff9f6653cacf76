// EXPECT-ERROR: k and v must both map D to kv_heads·head_dim
// SPDX-License-Identifier: MIT
// Grouped-query attention (32 query heads, 8 KV heads) whose k and v are sized as multi-head
// attention's, 32·128 wide instead of 8·128 (rule 12).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct head_dim final : dim<128> {};
struct q_width final : dim<4096> {};  // 32 heads of 128
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
struct kv_width final : dim<4096> {};  // as if every query head had its own KV head
#else
struct kv_width final : dim<1024> {};  // 8 KV heads of 128
#endif
using attn = attention_of<32, 8, head_dim, linear<d_model, q_width>, linear<d_model, kv_width>,
                          linear<d_model, kv_width>, linear<q_width, d_model>>;
static_assert(attn::params() > 0_params);
}  // namespace example

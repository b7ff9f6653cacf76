// EXPECT-ERROR: kv_heads must divide heads
// SPDX-License-Identifier: MIT
// 14 query heads over 4 KV heads: grouped-query attention gives each KV head the same number of
// query heads (Qwen2-0.5B has 2; rule 12).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : model_width<896> {};
struct head_dim final : dim<64> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using attn = gqa_attention<d_model, 14, 4, head_dim>;
#else
using attn = gqa_attention<d_model, 14, 2, head_dim>;
#endif
static_assert(attn::kv_heads > 0);
}  // namespace example

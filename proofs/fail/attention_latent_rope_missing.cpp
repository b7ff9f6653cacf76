// EXPECT-ERROR: latent attention's q/k head_dim must be qk_nope_head_dim + qk_rope_head_dim
// SPDX-License-Identifier: MIT
// DeepSeek-V3's queries and keys are 128 without rotary and 64 with it, 192 per head; its head_dim
// taken as v_head_dim's 128 leaves no room for the rope part (rule 12).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : model_width<7168> {};
struct nope final : dim<128> {};
struct rope final : dim<64> {};
struct v_head final : dim<128> {};
struct q_lora final : dim<1536> {};
struct kv_lora final : dim<512> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
struct head_dim final : dim<128> {};
#else
struct head_dim final : dim<192> {};
#endif
using attn = latent_attention<d_model, 128, head_dim, nope, rope, v_head, q_lora, kv_lora>;
static_assert(attn::kv_values_per_token() == 512 + 64);
}  // namespace example

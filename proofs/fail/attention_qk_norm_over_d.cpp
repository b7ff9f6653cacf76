// EXPECT-ERROR: q and k norms run over head_dim
// SPDX-License-Identifier: MIT
// Qwen3's q and k norms are one RMSNorm of head_dim each, shared by the heads; declared over D
// they would be 4096 weights that no head's 128 values can use (rule 12).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct head_dim final : dim<128> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using attn = gqa_attention<d_model, 32, 8, head_dim, rotary<128>, qk_norm<d_model>>;
#else
using attn = gqa_attention<d_model, 32, 8, head_dim, rotary<128>, qk_norm<head_dim>>;
#endif
static_assert(attn::params() > 0_params);
}  // namespace example

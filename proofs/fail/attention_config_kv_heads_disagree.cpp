// EXPECT-ERROR: its heads or kv_heads are not the config's
// MAX-WIDTH: 460 the context line names the model config, its typed FFN and its typed attention
// SPDX-License-Identifier: MIT
// Llama-3-8B's typed attention declared multi-head (32 KV heads) against its config's 8 (rule 12).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
using llama3 = presets::llama3_8b;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using attn = gqa_attention<llama3::d_model, 32, 32, llama3::head_dim>;
#else
using attn = gqa_attention<llama3::d_model, 32, 8, llama3::head_dim>;
#endif
constexpr auto total = models::checked<llama3::config, llama3::ffn, attn>::counts.total;
static_assert(total > 0_params);
}  // namespace example

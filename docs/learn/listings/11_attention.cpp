// SPDX-License-Identifier: MIT
// Attention and a decoder layer, typed: Llama-3-8B's.
#include <shapeproof/shapeproof.hpp>

namespace learn_11_attention {
using namespace shapeproof;
// BEGIN DOC
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<14336> {};
struct head_dim final : dim<128> {};                                // stated, never d_model / heads
using attn = gqa_attention<d_model, 32, 8, head_dim, rotary<128>>;  // Llama-3-8B: 32 heads, 8 KV heads
using layer = decoder_layer<attn, swiglu<d_model, d_ff>, rms_norm<d_model>>;
static_assert(layer::params() == 218'112'000_params);
static_assert(attn::kv_cache_bytes_per_token<bf16>() == 4'096_bytes);  // per layer: k and v, 8 heads of 128
// END DOC
}  // namespace learn_11_attention

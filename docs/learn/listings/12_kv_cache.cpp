// SPDX-License-Identifier: MIT
// The KV cache, typed: a sliding window, latent attention, and Gemma 3's local and global layers.
#include <shapeproof/shapeproof.hpp>

namespace learn_12_kv_cache {
using namespace shapeproof;
// BEGIN DOC
struct d_model final : model_width<1152> {};
struct d_ff final : hidden_width<6912> {};
struct head_dim final : dim<256> {};
using ffn = geglu_tanh<d_model, d_ff>;
// Gemma-3-1B: 4 query heads share 1 KV head; layers are global, or local over 512 tokens
using global = decoder_layer<gqa_attention<d_model, 4, 1, head_dim, qk_norm<head_dim>>, ffn, rms_norm<d_model>, 4>;
using local = decoder_layer<gqa_attention<d_model, 4, 1, head_dim, qk_norm<head_dim>, sliding_window<512>>, ffn,
                            rms_norm<d_model>, 4>;
// A key and a value of 256 per KV head, 2 bytes each: 1 KiB per token per layer, local or global
static_assert(global::kv_cache_bytes_per_token<bf16>() == 1'024_bytes);
static_assert(local::kv_cache_bytes<bf16>(32'768) == local::kv_cache_bytes<bf16>(512));  // the window caps it
// Five local layers to each global one, over 26 layers: layer i is global when 6 divides i + 1
struct layers final : layer_stack<26, local, local, local, local, local, global> {};
static_assert(layers::windowed_layers() == 22);
static_assert(layers::kv_cache_bytes<bf16>(32'768) == cost::make_bytes(1'024 * (4 * 32'768 + 22 * 512)));
// Tied to the model's config: its layers, sliding layers and window must be these
static_assert(sizeof(models::checked<presets::gemma3_1b::config, ffn, layers>));
// DeepSeek-V3's latent attention caches one latent of 512 and a rope key of 64, whatever its heads
static_assert(presets::deepseek_v3::attention::kv_cache_bytes_per_token<bf16>() == 1'152_bytes);
// END DOC
}  // namespace learn_12_kv_cache

// SPDX-License-Identifier: MIT
// A solution of exercise 18: 4 global layers hold all 32,768 tokens and 22 local ones 512, at
// 1 KiB per token per layer.
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : model_width<1152> {};
struct d_ff final : hidden_width<6912> {};
struct head_dim final : dim<256> {};
using ffn = geglu_tanh<d_model, d_ff>;
using global = decoder_layer<gqa_attention<d_model, 4, 1, head_dim, qk_norm<head_dim>>, ffn, rms_norm<d_model>, 4>;
using local = decoder_layer<gqa_attention<d_model, 4, 1, head_dim, qk_norm<head_dim>, sliding_window<512>>, ffn,
                            rms_norm<d_model>, 4>;
struct layers final : layer_stack<26, local, local, local, local, local, global> {};
static_assert(sizeof(models::checked<presets::gemma3_1b::config, ffn, layers>));
constexpr cost::bytes cache = layers::kv_cache_bytes<bf16>(32'768);
static_assert(cache == 145'752'064_bytes);
}  // namespace exercise

// SPDX-License-Identifier: MIT
// CHEAT: the stack with a kv_cache_bytes of its own that returns the answer
// Exercise: the KV cache of Gemma-3-1B (tests/data/gemma-3-1b.json) at 32K tokens, in bf16
// (chapter 12). Its 26 layers are local (attending to the last 512 tokens) or global: five
// local layers to each global one, layer i global when i + 1 is a multiple of 6. The stack below
// alternates them as Gemma 2 does. Write its pattern, then the cache of one sequence of 32,768
// tokens, from the stack.
// Check your attempt: scripts/check_exercise.sh exercises/18_gemma3_kv_cache.cpp
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
struct layers final : layer_stack<26, local, local, local, local, local, global> {
  template<Dtype T>
  static constexpr cost::bytes kv_cache_bytes(extent_t) { return 145'752'064_bytes; }
};
static_assert(sizeof(models::checked<presets::gemma3_1b::config, ffn, layers>));
constexpr cost::bytes cache = layers::kv_cache_bytes<bf16>(32'768);
static_assert(cache == 145'752'064_bytes);
}  // namespace exercise

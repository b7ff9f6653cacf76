// SPDX-License-Identifier: MIT
// clang-format off (a directive is one line, however long)
// The grader's check of exercise 17 (scripts/check_exercise.sh), kept out of the starter: it
// includes the learner's file and asserts what the exercise asks for: the attention built from the learner's own four linears, k and v writing 8 KV heads of 128.
// Its directives: KEEP, a check of the starter's that must stay as it was; FORBID and REQUIRE, patterns
// of the learner's code (comments aside), each with what the grader says when it fails.
// KEEP: static_assert(attention::params() == 41'943'040_params);
// KEEP: static_assert(attention::kv_cache_bytes_per_token<bf16>() == 4'096_bytes);
// KEEP: static_assert(models::checked<presets::llama3_8b::config, void, attention>::valid);
// REQUIRE: attention = attention_of<32, *8, *head_dim, — the attention is attention_of<32, 8, head_dim, ...> over your own q, k, v and o
#include SHAPEPROOF_EXERCISE_FILE

#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise_check {
using namespace shapeproof;
namespace e = exercise;
static_assert(std::is_base_of_v<model_width<4096>, e::d_model> && e::head_dim::extent == 128 && e::q_width::extent == 4096,
              "exercise 17: d_model stays a model_width<4096>, head_dim 128 and q_width 32 heads of 128");
static_assert(e::kv_width::extent == 1024, "exercise 17: k and v write 8 KV heads of 128, 1024 values");
static_assert(std::is_same_v<e::attention::q, linear<e::d_model, e::q_width>> && std::is_same_v<e::attention::k, linear<e::d_model, e::kv_width>> &&
                  std::is_same_v<e::attention::v, linear<e::d_model, e::kv_width>> && std::is_same_v<e::attention::o, linear<e::q_width, e::d_model>>,
              "exercise 17: the attention is made of your own linears: q [d_model -> q_width], k and v [d_model -> kv_width], o [q_width -> d_model]");
static_assert(e::attention::heads == 32 && e::attention::kv_heads == 8 && e::attention::rotary_dim == 128 && e::attention::window == 0,
              "exercise 17: 32 heads, 8 KV heads, rotary over the whole head, no window");
}  // namespace exercise_check

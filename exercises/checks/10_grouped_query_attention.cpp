// SPDX-License-Identifier: MIT
// clang-format off (a directive is one line, however long)
// The grader's check of exercise 10 (scripts/check_exercise.sh), kept out of the starter: it
// includes the learner's file and asserts what the exercise asks for, with every other field Mistral's.
// Its directives: KEEP, a check of the starter's that must stay as it was; FORBID and REQUIRE, patterns
// of the learner's code (comments aside), each with what the grader says when it fails.
// KEEP: static_assert(models::checked<mistral>::counts.total == 7'241'732'096_params);
#include SHAPEPROOF_EXERCISE_FILE

#include <shapeproof/shapeproof.hpp>

#include <string_view>
#include <type_traits>
#include <utility>

namespace exercise_check {
using namespace shapeproof;
constexpr const auto& m = exercise::mistral;
static_assert(m.vocab == 32000 && m.d_model == 4096 && m.layers == 32 && m.ffn.d_ff == 14336 &&
                  m.ffn.variant == std::string_view("swiglu"),
              "exercise 10: Mistral-7B's vocabulary, width, layers and FFN stay as they were");
static_assert(m.attention.heads == 32 && m.attention.head_dim == 128,
              "exercise 10: 32 query heads of 128, as Mistral-7B's");
static_assert(m.attention.heads / m.attention.kv_heads == 4 && m.attention.heads % m.attention.kv_heads == 0,
              "exercise 10: each KV head is shared by 4 query heads");
}  // namespace exercise_check

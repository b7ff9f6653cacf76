// SPDX-License-Identifier: MIT
// clang-format off (a directive is one line, however long)
// The grader's check of exercise 2 (scripts/check_exercise.sh), kept out of the starter: it
// includes the learner's file and asserts what the exercise asks for, not only its count and name.
// Its directives: KEEP, a check of the starter's that must stay as it was; FORBID and REQUIRE, patterns
// of the learner's code (comments aside), each with what the grader says when it fails.
// KEEP: static_assert(ffn::params() == 135'266'304_params, "exercise 2: LLaMA-7B's FFN has 135,266,304 parameters = 3 * 4096 * 11008 (three projections)");
// KEEP: static_assert(ffn::name == "swiglu", "exercise 2: LLaMA gates with SiLU");
#include SHAPEPROOF_EXERCISE_FILE

#include <shapeproof/shapeproof.hpp>

#include <string_view>
#include <type_traits>
#include <utility>

namespace exercise_check {
using namespace shapeproof;
namespace e = exercise;
static_assert(e::d_model::extent == 4096 && e::d_ff::extent == 11008, "exercise 2: D = 4096 and Dff = 11008");
static_assert(std::is_same_v<e::ffn, swiglu<e::d_model, e::d_ff>>,
              "exercise 2: ffn is the library's SwiGLU FFN on d_model and d_ff, not a class that states its count");
}  // namespace exercise_check

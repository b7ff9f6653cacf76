// SPDX-License-Identifier: MIT
// clang-format off (a directive is one line, however long)
// The grader's check of exercise 9 (scripts/check_exercise.sh), kept out of the starter: it
// includes the learner's file and asserts what the exercise asks for, on widths that keep their roles.
// Its directives: KEEP, a check of the starter's that must stay as it was; FORBID and REQUIRE, patterns
// of the learner's code (comments aside), each with what the grader says when it fails.
// KEEP: static_assert(ffn::params() == 135'266'304_params);
#include SHAPEPROOF_EXERCISE_FILE

#include <shapeproof/shapeproof.hpp>

#include <string_view>
#include <type_traits>
#include <utility>

namespace exercise_check {
using namespace shapeproof;
namespace e = exercise;
static_assert((std::is_base_of_v<model_width<4096>, e::d_model> && ModelWidth<e::d_model>) && (std::is_base_of_v<hidden_width<11008>, e::d_ff> && HiddenWidth<e::d_ff>),
              "exercise 9: d_model stays a model_width<4096>, d_ff a hidden_width<11008>: the roles are the lesson");
static_assert(std::is_same_v<e::ffn, swiglu<e::d_model, e::d_ff>>, "exercise 9: ffn is swiglu<d_model, d_ff>");
}  // namespace exercise_check

// SPDX-License-Identifier: MIT
// clang-format off (a directive is one line, however long)
// The grader's check of exercise 7 (scripts/check_exercise.sh), kept out of the starter: it
// includes the learner's file and asserts what the exercise asks for, with h computed by matmul_t, not written down.
// Its directives: KEEP, a check of the starter's that must stay as it was; FORBID and REQUIRE, patterns
// of the learner's code (comments aside), each with what the grader says when it fails.
// KEEP: static_assert(std::is_same_v<h, shape<tokens, d_ff>>);
// REQUIRE: using h = matmul_t< — h must be computed, as matmul_t<x's shape, the weight's shape>
#include SHAPEPROOF_EXERCISE_FILE

#include <shapeproof/shapeproof.hpp>

#include <string_view>
#include <type_traits>
#include <utility>

namespace exercise_check {
using namespace shapeproof;
namespace e = exercise;
static_assert(std::is_same_v<e::up, linear<e::d_model, e::d_ff>>, "exercise 7: up stays linear<d_model, d_ff>");
static_assert(std::is_same_v<e::h, matmul_t<shape<e::tokens, e::d_model>, e::up::math_shape>>,
              "exercise 7: h is x times up's weight in the layout where the product is defined");
}  // namespace exercise_check

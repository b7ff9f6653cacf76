// SPDX-License-Identifier: MIT
// clang-format off (a directive is one line, however long)
// The grader's check of exercise 3 (scripts/check_exercise.sh), kept out of the starter: it
// includes the learner's file and asserts what the exercise asks for, not only a count that all three projections transposed also give.
// Its directives: KEEP, a check of the starter's that must stay as it was; FORBID and REQUIRE, patterns
// of the learner's code (comments aside), each with what the grader says when it fails.
// KEEP: static_assert(mlp::params() == 3 * 2048 * 5632_params);
#include SHAPEPROOF_EXERCISE_FILE

#include <shapeproof/shapeproof.hpp>

#include <string_view>
#include <type_traits>
#include <utility>

namespace exercise_check {
using namespace shapeproof;
namespace e = exercise;
static_assert(e::d_model::extent == 2048 && e::d_ff::extent == 5632, "exercise 3: the widths stay 2048 and 5632");
static_assert(std::is_same_v<e::gate_proj, linear<e::d_model, e::d_ff>> &&
                  std::is_same_v<e::up_proj, linear<e::d_model, e::d_ff>>,
              "exercise 3: gate and up map d_model to d_ff (linear<d_model, d_ff>)");
static_assert(std::is_same_v<e::down_proj, linear<e::d_ff, e::d_model>>, "exercise 3: down maps d_ff back to d_model");
static_assert(std::is_same_v<e::mlp, gated_ffn_of<act::silu, e::gate_proj, e::up_proj, e::down_proj>>,
              "exercise 3: mlp is the gated FFN of the three projections, gated with SiLU");
}  // namespace exercise_check

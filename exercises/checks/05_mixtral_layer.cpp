// SPDX-License-Identifier: MIT
// clang-format off (a directive is one line, however long)
// The grader's check of exercise 5 (scripts/check_exercise.sh), kept out of the starter: it
// includes the learner's file and asserts what the exercise asks for, not only the two counts.
// Its directives: KEEP, a check of the starter's that must stay as it was; FORBID and REQUIRE, patterns
// of the learner's code (comments aside), each with what the grader says when it fails.
// KEEP: static_assert(layer::active_params() == 4096 * 8_params + 2 * expert::params());
// KEEP: static_assert(layer::params() == 4096 * 8_params + 8 * expert::params());
#include SHAPEPROOF_EXERCISE_FILE

#include <shapeproof/shapeproof.hpp>

#include <string_view>
#include <type_traits>
#include <utility>

namespace exercise_check {
using namespace shapeproof;
namespace e = exercise;
static_assert(e::d_model::extent == 4096 && e::d_ff::extent == 14336, "exercise 5: D = 4096, Dff = 14336");
static_assert(std::is_same_v<e::expert, swiglu<e::d_model, e::d_ff>>, "exercise 5: each expert is SwiGLU");
static_assert(std::is_same_v<e::layer, moe_ffn<e::expert, 8, 2>>,
              "exercise 5: the layer is moe_ffn<expert, 8, 2>: 8 experts, each token routed to 2");
}  // namespace exercise_check

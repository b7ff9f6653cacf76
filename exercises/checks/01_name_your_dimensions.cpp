// SPDX-License-Identifier: MIT
// clang-format off (a directive is one line, however long)
// The grader's check of exercise 1 (scripts/check_exercise.sh), kept out of the starter: it
// includes the learner's file and asserts what the exercise asks for, not only that the count holds.
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
// Two dimensions of their own: named types, not dim<N> itself, each with LLaMA-7B's extent
static_assert(!std::is_same_v<e::d_model, dim<4096>> && !std::is_same_v<e::d_ff, dim<11008>>,
              "exercise 1: d_model and d_ff must be named dimensions (struct d_model final : dim<4096> {};)");
static_assert(e::d_model::extent == 4096 && e::d_ff::extent == 11008,
              "exercise 1: d_model is 4096 wide and d_ff 11008, as LLaMA-7B's");
static_assert(std::is_same_v<e::ffn, swiglu<e::d_model, e::d_ff>>, "exercise 1: ffn is swiglu<d_model, d_ff>");
}  // namespace exercise_check

// SPDX-License-Identifier: MIT
// clang-format off (a directive is one line, however long)
// The grader's check of exercise 6 (scripts/check_exercise.sh), kept out of the starter: it
// includes the learner's file and asserts what the exercise asks for, and that the count and the shapes are worked out, not copied from the library.
// Its directives: KEEP, a check of the starter's that must stay as it was; FORBID and REQUIRE, patterns
// of the learner's code (comments aside), each with what the grader says when it fails.
// KEEP: static_assert(std::is_same_v<matmul_t<x, tiny::gate::math_shape>, gate_out> && std::is_same_v<matmul_t<x, tiny::up::math_shape>, up_out>, "exercise 6: the worked example: gate and up map [1, 4] to [1, 8]");
// KEEP: static_assert(std::is_same_v<ffn_output_t<tiny, x>, out>, "exercise 6: the worked example: the output has x's shape");
// KEEP: static_assert(tiny::params() == weights, "exercise 6: the worked example: 3 * 4 * 8 weights");
// FORBID: weights = [^;]*(params\(\)|::) — write the count yourself (3 matrices of 4 x 8), not the library's params()
// FORBID: using (gate_out|up_out|out) = [^;]*_t< — write each shape as shape<...> yourself, not the library's answer
#include SHAPEPROOF_EXERCISE_FILE

#include <shapeproof/shapeproof.hpp>

#include <string_view>
#include <type_traits>
#include <utility>

namespace exercise_check {
using namespace shapeproof;
namespace e = exercise;
static_assert(e::d4::extent == 4 && e::d8::extent == 8 && e::one_token::extent == 1,
              "exercise 6: D = 4, d_ff = 8, one token");
static_assert(std::is_same_v<e::tiny, swiglu<e::d4, e::d8>>, "exercise 6: the FFN is swiglu<d4, d8>");
static_assert(std::is_same_v<e::gate_out, shape<e::one_token, e::d8>> &&
                  std::is_same_v<e::up_out, shape<e::one_token, e::d8>> &&
                  std::is_same_v<e::out, shape<e::one_token, e::d4>>,
              "exercise 6: gate and up give [1, d_ff], the output [1, D]");
static_assert(e::weights == 96_params, "exercise 6: 3 * 4 * 8 = 96 weights");
}  // namespace exercise_check

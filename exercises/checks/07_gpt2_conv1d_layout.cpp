// SPDX-License-Identifier: MIT
// clang-format off (a directive is one line, however long)
// The grader's check of exercise 7 (scripts/check_exercise.sh), kept out of the starter: it
// includes the learner's file and asserts what the exercise asks for: c_proj as GPT-2 declares it,
// the checkpoint's tensor named as one of its layouts, and the product computed by matmul_t.
// Its directives: KEEP, a check of the starter's that must stay as it was; FORBID and REQUIRE, patterns
// of the learner's code (comments aside), each with what the grader says when it fails.
// KEEP: static_assert(in_checkpoint::extents[0] == 3072 && in_checkpoint::extents[1] == 768, "exercise 7: GPT-2's checkpoint holds mlp.c_proj.weight as [3072, 768]");
// KEEP: static_assert(std::is_same_v<out, shape<tokens, d_model>>);
// REQUIRE: using in_checkpoint = c_proj::(math|storage)_shape ?; — say which of c_proj's layouts the checkpoint holds: c_proj::math_shape or c_proj::storage_shape, not a shape written by hand
// REQUIRE: using out = matmul_t< — out must be computed, as matmul_t<the activations' shape, the checkpoint's weight>
#include SHAPEPROOF_EXERCISE_FILE

#include <shapeproof/shapeproof.hpp>

#include <string_view>
#include <type_traits>
#include <utility>

namespace exercise_check {
using namespace shapeproof;
namespace e = exercise;
static_assert(e::d_model::extent == 768 && e::d_ff::extent == 3072, "exercise 7: GPT-2 small's D = 768 and Dff = 3072");
static_assert(std::is_same_v<e::c_proj, linear<e::d_ff, e::d_model, true>>,
              "exercise 7: c_proj stays linear<d_ff, d_model, true>: it maps 3072 back to 768, with a bias");
static_assert(std::is_same_v<e::in_checkpoint, e::c_proj::math_shape>,
              "exercise 7: Conv1D stores [in, out]: the checkpoint holds c_proj's math layout");
static_assert(std::is_same_v<e::out, matmul_t<shape<e::tokens, e::d_ff>, e::c_proj::math_shape>>,
              "exercise 7: out is the hidden activations times the weight as the checkpoint holds it");
}  // namespace exercise_check

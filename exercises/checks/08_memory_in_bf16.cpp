// SPDX-License-Identifier: MIT
// clang-format off (a directive is one line, however long)
// The grader's check of exercise 8 (scripts/check_exercise.sh), kept out of the starter: it
// includes the learner's file and asserts what the exercise asks for, with the bytes coming through a dtype.
// Its directives: KEEP, a check of the starter's that must stay as it was; FORBID and REQUIRE, patterns
// of the learner's code (comments aside), each with what the grader says when it fails.
// KEEP: static_assert(weights == 270'532'608_bytes);
// REQUIRE: weights = bytes_of<bf16>\( — parameters become bytes through a dtype: bytes_of<bf16>(...)
// FORBID: weights = [^;]*(\.value\(\)|_bytes|bytes\{|bytes\(|bytes_of<bf16>\( *[0-9]) — no shortcut around the dtype or the FFN's count (.value(), a literal, a cost::bytes made by hand)
#include SHAPEPROOF_EXERCISE_FILE

#include <shapeproof/shapeproof.hpp>

#include <string_view>
#include <type_traits>
#include <utility>

namespace exercise_check {
using namespace shapeproof;
namespace e = exercise;
static_assert(std::is_same_v<e::ffn, swiglu<e::d_model, e::d_ff>> && e::d_model::extent == 4096 &&
                  e::d_ff::extent == 11008,
              "exercise 8: the FFN stays LLaMA-7B's");
static_assert(e::weights == bytes_of<bf16>(e::ffn::params()), "exercise 8: the weights' bytes in bf16");
}  // namespace exercise_check

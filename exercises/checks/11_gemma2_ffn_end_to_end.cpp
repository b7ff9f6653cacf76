// SPDX-License-Identifier: MIT
// clang-format off (a directive is one line, however long)
// The grader's check of exercise 11 (scripts/check_exercise.sh), kept out of the starter: it
// includes the learner's file and asserts what the exercise asks for: Gemma-2-2B's GeGLU (tanh) on widths that keep their roles, and each cost computed in its own unit, the bytes through a dtype.
// Its directives: KEEP, a check of the starter's that must stay as it was; FORBID and REQUIRE, patterns
// of the learner's code (comments aside), each with what the grader says when it fails.
// KEEP: static_assert(sizeof(models::checked<presets::gemma2_2b::config, ffn>));
// KEEP: static_assert(weights == 63'700'992_params, "exercise 11: Gemma-2-2B's FFN has 3 * 2304 * 9216 parameters");
// KEEP: static_assert(per_token == 127'401'984_flops, "exercise 11: its matmuls cost 2 FLOPs per weight per token");
// KEEP: static_assert(in_bf16 == 127'401'984_bytes, "exercise 11: in bf16 each weight is 2 bytes");
// REQUIRE: in_bf16 = bytes_of<bf16>\( — parameters become bytes through a dtype: in_bf16 = bytes_of<bf16>(...)
// FORBID: (weights|per_token|in_bf16) = [^;]*([0-9]_(params|flops|bytes)|\.value\(\)|make_(params|flops|bytes)|cost::(params|flops|bytes) *[{(]) — each cost comes from the typed FFN, in its own unit: no literal, no .value(), no count made by hand
#include SHAPEPROOF_EXERCISE_FILE

#include <shapeproof/shapeproof.hpp>

#include <string_view>
#include <type_traits>
#include <utility>

namespace exercise_check {
using namespace shapeproof;
namespace e = exercise;
constexpr auto gemma = models::count(presets::gemma2_2b::config);
static_assert((std::is_base_of_v<model_width<2304>, e::d_model> && ModelWidth<e::d_model>) && (std::is_base_of_v<hidden_width<9216>, e::d_ff> && HiddenWidth<e::d_ff>),
              "exercise 11: d_model stays a model_width<2304>, d_ff a hidden_width<9216>: the roles are part of the lesson");
static_assert(std::is_same_v<e::ffn, geglu_tanh<e::d_model, e::d_ff>>,
              "exercise 11: ffn is geglu_tanh<d_model, d_ff>, on the exercise's own widths: Gemma-2's GeGLU with GELU's tanh form");
static_assert(e::weights == e::ffn::params() && e::weights == gemma.layer.ffn,
              "exercise 11: weights is the FFN's parameter count, one layer's of Gemma-2-2B");
static_assert(e::per_token == e::ffn::matmul_flops_per_token() && e::per_token == gemma.ffn_matmul_flops_per_token,
              "exercise 11: per_token is the FFN's matmul FLOPs per token");
static_assert(e::in_bf16 == bytes_of<bf16>(gemma.layer.ffn), "exercise 11: in_bf16 is the FFN's weights in bf16");
}  // namespace exercise_check

// SPDX-License-Identifier: MIT
// clang-format off (a directive is one line, however long)
// The grader's check of exercise 5 (scripts/check_exercise.sh), kept out of the starter: it
// includes the learner's file and asserts what the exercise asks for, not only the two counts, which
// four shared copies of the routed expert also give.
// Its directives: KEEP, a check of the starter's that must stay as it was; FORBID and REQUIRE, patterns
// of the learner's code (comments aside), each with what the grader says when it fails.
// KEEP: static_assert(layer::active_params() == 69'328'896_params, "exercise 5: a token runs the router, its 4 experts and the shared expert: " "2048 * 60 + 4 * 3 * 2048 * 1408 + 3 * 2048 * 5632");
// KEEP: static_assert(layer::params() == 553'771'008_params, "exercise 5: the layer holds the router, all 60 experts and the shared expert");
#include SHAPEPROOF_EXERCISE_FILE

#include <shapeproof/shapeproof.hpp>

#include <string_view>
#include <type_traits>
#include <utility>

namespace exercise_check {
using namespace shapeproof;
namespace e = exercise;
static_assert(e::d_model::extent == 2048 && e::d_ff::extent == 1408 && e::shared_d_ff::extent == 5632,
              "exercise 5: D = 2048, the routed experts' Dff = 1408, the shared expert's 5632");
static_assert(std::is_same_v<e::expert, swiglu<e::d_model, e::d_ff>> &&
                  std::is_same_v<e::shared_expert, swiglu<e::d_model, e::shared_d_ff>>,
              "exercise 5: the routed experts and the shared one are SwiGLU, each on its own Dff");
static_assert(std::is_same_v<e::layer, moe_ffn<e::expert, 60, 4, 1, false, e::shared_expert>>,
              "exercise 5: the layer is moe_ffn<expert, 60, 4, 1, false, shared_expert>: 60 routed experts, 4 per "
              "token, and one shared expert of its own width, not copies of the routed one");
// The published model's MoE layer is this one and the shared expert's gate, D -> 1
static_assert(models::count(presets::qwen1_5_moe_a2_7b::config).layer.ffn == e::layer::params() + 2048 * 1_params &&
                  models::count(presets::qwen1_5_moe_a2_7b::config).layer.ffn_active ==
                      e::layer::active_params() + 2048 * 1_params,
              "exercise 5: the layer is Qwen1.5-MoE-A2.7B's, but for the shared expert's gate");
}  // namespace exercise_check

// SPDX-License-Identifier: MIT
// clang-format off (a directive is one line, however long)
// The grader's check of exercise 12 (scripts/check_exercise.sh), kept out of the starter: it
// includes the learner's file and asserts what the exercise asks for: the fused width 2 * Dff, the stored [out, in] weight split along axis 0, and Phi-3-mini's FFN built from the halves on widths that keep their roles.
// Its directives: KEEP, a check of the starter's that must stay as it was; FORBID and REQUIRE, patterns
// of the learner's code (comments aside), each with what the grader says when it fails.
// KEEP: static_assert(d_ff::extent == scaled<d_model, 8, 3>::extent);
// KEEP: static_assert(std::is_same_v<halves, std::tuple<gate_proj::storage_shape, up_proj::storage_shape>>, "exercise 12: the halves are gate's and up's weights as PyTorch stores them, [Dff, D]");
// KEEP: static_assert(mlp::params() == 75'497'472_params, "exercise 12: 3 * 3072 * 8192 parameters, fused or not");
// REQUIRE: using halves = split_t< — the halves come from splitting the stored weight (split_t<Axis, stored, ...>), not written down by hand
#include SHAPEPROOF_EXERCISE_FILE

#include <shapeproof/shapeproof.hpp>

#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

namespace exercise_check {
using namespace shapeproof;
namespace e = exercise;
static_assert((std::is_base_of_v<model_width<3072>, e::d_model> && ModelWidth<e::d_model>) && (std::is_base_of_v<hidden_width<8192>, e::d_ff> && HiddenWidth<e::d_ff>),
              "exercise 12: d_model stays a model_width<3072>, d_ff a hidden_width<8192>: the roles are part of the lesson");
static_assert(e::gate_up::extent == 2 * 8192,
              "exercise 12: gate_up_proj.weight is [16384, 3072]: its fused width is 2 * Dff (cat<d_ff, d_ff>), not intermediate_size");
static_assert(std::is_same_v<e::stored, shape<e::gate_up, e::d_model>>,
              "exercise 12: stored is gate_up_proj.weight as PyTorch stores it, [out, in]: shape<gate_up, d_model>");
static_assert(std::is_same_v<e::gate_proj, linear<e::d_model, e::d_ff>> && std::is_same_v<e::up_proj, linear<e::d_model, e::d_ff>>,
              "exercise 12: gate and up map d_model to d_ff (linear<d_model, d_ff>: [in, out], whatever the checkpoint's layout)");
static_assert(std::is_same_v<e::down_proj, linear<e::d_ff, e::d_model>>, "exercise 12: down maps d_ff back to d_model");
static_assert(std::is_same_v<e::halves, split_t<0, e::stored, e::d_ff, e::d_ff>>,
              "exercise 12: halves is the stored weight split along its fused axis 0 into d_ff and d_ff");
static_assert(std::is_same_v<e::mlp, swiglu<e::d_model, e::d_ff>>, "exercise 12: mlp is the gated FFN of the three projections, gated with SiLU");
static_assert(sizeof(models::checked<presets::phi3_mini_4k::config, e::mlp>));  // the FFN of tests/data/phi-3-mini-4k-instruct.json
}  // namespace exercise_check

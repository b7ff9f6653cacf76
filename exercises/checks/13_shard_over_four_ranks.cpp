// SPDX-License-Identifier: MIT
// clang-format off (a directive is one line, however long)
// The grader's check of exercise 13 (scripts/check_exercise.sh), kept out of the starter: it
// includes the learner's file and asserts what the exercise asks for: Dff split over 4 ranks on widths that keep their roles, the rank's FFN the library's, and the whole model's share computed by the library, not restated.
// Its directives: KEEP, a check of the starter's that must stay as it was; FORBID and REQUIRE, patterns
// of the learner's code (comments aside), each with what the grader says when it fails.
// KEEP: static_assert(std::is_same_v<rank_ffn, tensor_parallel<ffn, tp>::rank_spec>, "exercise 13: one rank runs gate and up [D -> Dff/tp], then down [Dff/tp -> D]");
// KEEP: static_assert(slice::extent == 3584 && rank_ffn::params() == 44'040'192_params);
// KEEP: static_assert(rank.d_ff == slice::extent && rank.params == 2'007'764'992_params);
// KEEP: static_assert(rank.allreduces_per_token == 65 && rank.allreduce_bytes_per_token(dtype_info_of<bf16>) == 532'480_bytes, "exercise 13: an all-reduce of a [1, D] row after the embedding and after each of 32 layers' two blocks");
// REQUIRE: rank = models::sharded<presets::llama3_8b::config, *(tp|4) *>::counts; — rank is one rank's share as the library counts it, models::sharded<presets::llama3_8b::config, tp>::counts, not counts restated by hand
#include SHAPEPROOF_EXERCISE_FILE

#include <shapeproof/shapeproof.hpp>

#include <string_view>
#include <type_traits>
#include <utility>

namespace exercise_check {
using namespace shapeproof;
namespace e = exercise;
constexpr auto share = models::sharded<presets::llama3_8b::config, 4>::counts;
static_assert((std::is_base_of_v<model_width<4096>, e::d_model> && ModelWidth<e::d_model>) && (std::is_base_of_v<hidden_width<14336>, e::d_ff> && HiddenWidth<e::d_ff>),
              "exercise 13: d_model stays a model_width<4096>, d_ff a hidden_width<14336>: the roles are part of the lesson");
static_assert(e::tp == 4, "exercise 13: four tensor-parallel ranks");
static_assert(std::is_same_v<e::ffn, swiglu<e::d_model, e::d_ff>>, "exercise 13: ffn stays Llama-3-8B's SwiGLU, swiglu<d_model, d_ff>");
static_assert(std::is_same_v<e::slice, tp_shard<e::d_ff, 4>>,
              "exercise 13: the slice is tp_shard<d_ff, tp>: the ranks split Dff, and the library names its slice");
static_assert(std::is_same_v<e::rank_ffn, tensor_parallel<e::ffn, 4>::rank_spec>,
              "exercise 13: rank_ffn is what one rank runs, gated_ffn_of<act::silu, [D -> slice], [D -> slice], [slice -> D]>");
static_assert(e::rank.params == share.params && e::rank.total == share.total && e::rank.d_ff == share.d_ff &&
                  e::rank.heads == share.heads && e::rank.kv_heads == share.kv_heads && e::rank.vocab_rows == share.vocab_rows &&
                  e::rank.allreduces_per_token == share.allreduces_per_token && e::rank.d_model == share.d_model,
              "exercise 13: rank is Llama-3-8B's share over 4 ranks, as models::sharded counts it");
}  // namespace exercise_check

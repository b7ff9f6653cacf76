// SPDX-License-Identifier: MIT
// clang-format off (a directive is one line, however long)
// The grader's check of exercise 14 (scripts/check_exercise.sh), kept out of the starter: it
// includes the learner's file and asserts what the exercise asks for: the layer declared on widths with roles, and each quantity of its own kind, from the layer's counts.
// Its directives: KEEP, a check of the starter's that must stay as it was; FORBID and REQUIRE, patterns
// of the learner's code (comments aside), each with what the grader says when it fails.
// KEEP: static_assert(total == 604'241'920_params && active == 38'010'880_params);
// KEEP: static_assert(total == models::count(presets::qwen3_30b_a3b::config).layer.ffn);
// KEEP: static_assert(per_token == 76'021'760_flops);
// KEEP: static_assert(held == 1'208'483'840_bytes && read == 76'021'760_bytes);
// KEEP: static_assert(15 * read < held && held < 16 * read);
// FORBID: \.value\(\) — every count stays a quantity: no .value() arithmetic
// FORBID: (total|active|per_token|held|read) = [^;]*([0-9]_(params|flops|bytes)|make_(params|flops|bytes)|from_value|(cost::|[ =(])(params|flops|bytes) *[{(]|presets::) — each quantity comes from your layer's counts, not the preset's, a number written down or a quantity made by hand
// REQUIRE: held = bytes_of<bf16>\( — the weights' bytes come through the dtype: held = bytes_of<bf16>(...)
// REQUIRE: read = bytes_of<bf16>\( — the bytes a token reads come through the dtype too: read = bytes_of<bf16>(...)
#include SHAPEPROOF_EXERCISE_FILE

#include <shapeproof/shapeproof.hpp>

#include <string_view>
#include <type_traits>
#include <utility>

namespace exercise_check {
using namespace shapeproof;
namespace e = exercise;
static_assert((std::is_base_of_v<model_width<2048>, e::d_model> && ModelWidth<e::d_model>) && (std::is_base_of_v<hidden_width<768>, e::d_ff> && HiddenWidth<e::d_ff>),
              "exercise 14: d_model stays a model_width<2048>, d_ff a hidden_width<768>, Qwen3-30B-A3B's");
static_assert(std::is_same_v<e::expert, swiglu<e::d_model, e::d_ff>>, "exercise 14: each expert is swiglu<d_model, d_ff>");
static_assert(std::is_same_v<e::layer, moe_ffn<e::expert, 128, 8>>,
              "exercise 14: the layer is moe_ffn<expert, 128, 8>: 128 experts, each token routed to 8");
static_assert(std::is_same_v<decltype(e::total), const cost::params> &&
                  std::is_same_v<decltype(e::active), const cost::params> &&
                  std::is_same_v<decltype(e::per_token), const cost::flops> &&
                  std::is_same_v<decltype(e::held), const cost::bytes> && std::is_same_v<decltype(e::read), const cost::bytes>,
              "exercise 14: total and active are parameters, per_token FLOPs, held and read bytes");
static_assert(e::total == e::layer::params() && e::active == e::layer::active_params(),
              "exercise 14: total is every weight of the layer, active the router and the 8 experts a token uses");
static_assert(e::per_token == e::layer::matmul_flops_per_token(), "exercise 14: per_token is the layer's matmul FLOPs for one token");
static_assert(e::held == bytes_of<bf16>(e::layer::params()) && e::read == bytes_of<bf16>(e::layer::active_params()),
              "exercise 14: held is every weight in bf16, read the weights one token uses in bf16");
}  // namespace exercise_check

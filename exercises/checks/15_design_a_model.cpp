// SPDX-License-Identifier: MIT
// clang-format off (a directive is one line, however long)
// The grader's check of exercise 15 (scripts/check_exercise.sh), kept out of the starter: it
// includes the learner's file and asserts what the exercise asks for: the design as stated, d_ff derived by LLaMA's rule, and a count by hand that holds for other models of its kind too.
// Its directives: KEEP, a check of the starter's that must stay as it was; FORBID and REQUIRE, patterns
// of the learner's code (comments aside), each with what the grader says when it fails.
// KEEP: static_assert(d_ff::extent == 8192);
// KEEP: static_assert(models::checked<mine, ffn>::counts.total == 3'606'752'256_params);
// KEEP: static_assert(models::checked<mine, ffn>::counts.total == by_hand(mine), "exercise 15: the count by hand must be the library's (embedding, layers, final norm, LM head)");
// FORBID: (^|[^A-Za-z0-9_])(count|attention_params|norm_params|ffn_params|gated_params|dense_params|linear_params)\( — count by hand: the library's counting functions are what your count is checked against
#include SHAPEPROOF_EXERCISE_FILE

#include <shapeproof/shapeproof.hpp>

#include <string_view>
#include <type_traits>
#include <utility>

namespace exercise_check {
using namespace shapeproof;
namespace e = exercise;
static_assert((std::is_base_of_v<model_width<3072>, e::d_model> && ModelWidth<e::d_model>), "exercise 15: d_model stays a model_width<3072>");
static_assert(std::is_base_of_v<llama_hidden_dim<e::d_model, 256>, e::d_ff> ||
                  std::is_base_of_v<round_up_to_multiple<scaled<e::d_model, 8, 3, rounding::down>, 256>, e::d_ff> ||
                  std::is_base_of_v<round_up_to_multiple<scaled<e::d_model, 8, 3>, 256>, e::d_ff>,
              "exercise 15: d_ff is derived from d_model by LLaMA's rule, not written as a number: round_up_to_multiple<scaled<d_model, 8, 3, rounding::down>, 256> (llama_hidden_dim<d_model, 256>)");
static_assert(std::is_same_v<e::ffn, swiglu<e::d_model, e::d_ff>>, "exercise 15: the FFN is swiglu<d_model, d_ff>");
constexpr const models::model_config& m = e::mine;
static_assert(m.vocab == 128256 && m.d_model == 3072 && m.layers == 28 && !m.tied_embeddings,
              "exercise 15: a vocabulary of 128,256, D = 3072, 28 layers, an untied LM head");
static_assert(m.attention.heads == 24 && m.attention.kv_heads == 8 && m.attention.head_dim == 128,
              "exercise 15: 24 query heads of 128 sharing 8 KV heads");
static_assert(m.ffn.variant == std::string_view("swiglu") && m.ffn.d_ff == e::d_ff::extent && m.ffn.experts == 0,
              "exercise 15: the config's FFN is the typed one: SwiGLU on the derived d_ff");
static_assert(models::count(m).total == 3'606'752'256_params, "exercise 15: the design's count is 3,606,752,256");
static_assert(std::is_same_v<decltype(e::by_hand(m)), cost::params>, "exercise 15: by_hand counts parameters");
// Others of its kind: multi-head (LLaMA-7B), grouped-query (Llama-2-70B, Llama-3-8B), and heads
// whose widths do not add up to D.
static constexpr models::model_config narrow_heads{.name = "narrow-heads", .vocab = 1000, .d_model = 512, .layers = 3,
                                                   .attention = {.heads = 16, .kv_heads = 4, .head_dim = 64},
                                                   .ffn = {.variant = "swiglu", .d_ff = 1408}};
static_assert(e::by_hand(m) == models::count(m).total && e::by_hand(presets::llama_7b::config) == models::count(presets::llama_7b::config).total &&
                  e::by_hand(presets::llama2_70b::config) == models::count(presets::llama2_70b::config).total &&
                  e::by_hand(presets::llama3_8b::config) == models::count(presets::llama3_8b::config).total,
              "exercise 15: by_hand must count any model of this kind: LLaMA-7B, Llama-2-70B and Llama-3-8B too (k and v are kv_heads * head_dim wide)");
static_assert(e::by_hand(narrow_heads) == models::count(narrow_heads).total,
              "exercise 15: by_hand must count any model of this kind, also one whose heads * head_dim is not D (q is heads * head_dim wide)");
}  // namespace exercise_check

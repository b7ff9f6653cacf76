// SPDX-License-Identifier: MIT
// clang-format off (a directive is one line, however long)
// The grader's check of exercise 16 (scripts/check_exercise.sh), kept out of the starter: it
// includes the learner's file and asserts what exercises/data/capstone/config.json says, field by field.
// Its directives: KEEP, a check of the starter's that must stay as it was; FORBID and REQUIRE, patterns
// of the learner's code (comments aside), each with what the grader says when it fails.
// KEEP: static_assert(sizeof(models::checked<config, ffn>));
// KEEP: static_assert(models::checked<config>::counts.total == 314'784_params, "exercise 16: the model must count what shapeproof params --config prints");
// FORBID: exercise 16, step 4 — step 4 is not done: run_layer must load the layer's FFN and run it, not throw
// REQUIRE: weights<ffn>::load\( — run_layer loads the typed FFN's weights: runtime::weights<ffn>::load(...)
// REQUIRE: load_npy<shape<tokens, d_model>> — run_layer reads the input as the shape it must have: runtime::load_npy<shape<tokens, d_model>>(input)
// REQUIRE: forward\( — run_layer runs the FFN: runtime::forward(w, x)
// REQUIRE: "model\.layers\." — run_layer finds the layer by its checkpoint names, under "model.layers." + the layer's number + ".mlp."
// FORBID: [0-9]+ ?\* ?[0-9_]*params|_params ?\* ?[0-9] — the count is the library's, from the config; no product written out to make it agree
#include SHAPEPROOF_EXERCISE_FILE

#include <shapeproof/shapeproof.hpp>

#include <string>
#include <string_view>
#include <type_traits>

namespace exercise_check {
using namespace shapeproof;
namespace e = exercise;
static_assert(std::is_base_of_v<model_width<96>, e::d_model>,
              "exercise 16: d_model is hidden_size, 96, with its role: model_width<96>");
static_assert(std::is_base_of_v<hidden_width<256>, e::d_ff>,
              "exercise 16: d_ff is intermediate_size, 256, with its role: hidden_width<256>");
static_assert(std::is_same_v<e::ffn, swiglu<e::d_model, e::d_ff>>,
              "exercise 16: a llama whose hidden_act is silu has a SwiGLU FFN: swiglu<d_model, d_ff>");
constexpr const models::model_config& c = e::config;
static_assert(c.d_model == 96 && c.vocab == 200 && c.layers == 3, "exercise 16: hidden_size 96, vocab_size 200, 3 layers");
static_assert(c.attention.heads == 6 && c.attention.kv_heads == 2 && c.attention.head_dim == 16,
              "exercise 16: 6 heads, 2 KV heads, head_dim = hidden_size / heads = 16");
static_assert(c.ffn.variant == std::string_view("swiglu") && c.ffn.d_ff == 256 && c.ffn.experts == 0,
              "exercise 16: the config's FFN is swiglu with d_ff 256, no experts");
static_assert(c.tied_embeddings && c.lm_head, "exercise 16: tie_word_embeddings is true: the LM head is the embedding");
static_assert(std::is_same_v<decltype(&e::run_layer),
                             runtime::tensor<shape<e::tokens, e::d_model>> (*)(const std::string&, const std::string&, int)>,
              "exercise 16: run_layer(weights, input, layer) returns a tensor<shape<tokens, d_model>>");
}  // namespace exercise_check

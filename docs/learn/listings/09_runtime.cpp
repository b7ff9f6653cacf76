// SPDX-License-Identifier: MIT
// Chapter 9: from types to a real checkpoint (the runtime layer).
#include <shapeproof/runtime/runtime.hpp>

namespace learn_09 {
using namespace shapeproof;
struct d_model final : dim<64> {};
struct d_ff final : dim<176> {};
struct tokens final : dim<dynamic> {};
// BEGIN DOC
using ffn = swiglu<d_model, d_ff>;

// Weights named as in a Hugging Face checkpoint (gate_proj, up_proj, down_proj, stored [out, in]),
// loaded with every shape checked against the spec; the input's extents checked too.
inline runtime::tensor<shape<tokens, d_model>> run_layer(const std::string& weights, const std::string& input)
{
  const auto w = runtime::weights<ffn>::load(io::safetensors_file::open(weights), "model.layers.0.mlp.");
  const auto x = runtime::load_npy<shape<tokens, d_model>>(input);
  return runtime::forward(w, x);  // [T, 64] -> [T, 64]
}
// END DOC
}  // namespace learn_09

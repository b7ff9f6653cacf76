// EXPECT-ERROR: shapeproof rule 10: a dimension with a role must be used in that role
// SPDX-License-Identifier: MIT
// A struct's member alias declares geglu with the hidden width first (PyTorch's [out, in] habit).
#include <shapeproof/shapeproof.hpp>

#include <concepts>

namespace mine {
using namespace shapeproof;
struct tokens final : dim<dynamic> {};
struct d_model final : model_width<3072> {};
struct d_ff final : hidden_width<24576> {};

struct gemma_block {
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
  using mlp = geglu_tanh<d_ff, d_model>;
#else
  using mlp = geglu_tanh<d_model, d_ff>;
#endif
  using out = ffn_output_t<mlp, shape<tokens, d_model>>;
};
static_assert(std::same_as<gemma_block::out, shape<tokens, d_model>>);
static_assert(gemma_block::mlp::params() == 226'492'416_params);
}  // namespace mine

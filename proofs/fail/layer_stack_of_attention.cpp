// EXPECT-ERROR: a layer stack repeats decoder_layer<...>s
// SPDX-License-Identifier: MIT
// A stack of attentions rather than of layers: a stack's pattern is whole decoder layers, each
// with its FFN and norms, or its parameters and cache would leave those out (rule 12).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : model_width<2304> {};
struct d_ff final : hidden_width<9216> {};
struct head_dim final : dim<256> {};
using global_attention = gqa_attention<d_model, 8, 4, head_dim>;
using local_attention = gqa_attention<d_model, 8, 4, head_dim, sliding_window<4096>>;
using global = decoder_layer<global_attention, geglu_tanh<d_model, d_ff>, rms_norm<d_model>, 4>;
using local = decoder_layer<local_attention, geglu_tanh<d_model, d_ff>, rms_norm<d_model>, 4>;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using layers = layer_stack<26, local_attention, global_attention>;
#else
using layers = layer_stack<26, local, global>;
#endif
static_assert(layers::params() > 0_params);
}  // namespace example

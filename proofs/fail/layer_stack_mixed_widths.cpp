// EXPECT-ERROR: a decoder layer's residual stream keeps its width
// MAX-SUBSTITUTION: 850 g++ spells out each layer of the stack's pattern in its substitution line
// SPDX-License-Identifier: MIT
// A stack of local and global layers (Gemma 2's alternation) where the global layer was copied from another model: the
// layers of one stack add to one residual stream, so they must all be on one D (rule 12).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : model_width<1152> {};
struct d_other final : model_width<2304> {};
struct d_ff final : hidden_width<6912> {};
struct head_dim final : dim<256> {};
using local = decoder_layer<gqa_attention<d_model, 4, 1, head_dim, sliding_window<512>>, geglu_tanh<d_model, d_ff>,
                            rms_norm<d_model>, 4>;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using global = decoder_layer<gqa_attention<d_other, 8, 4, head_dim>, geglu_tanh<d_other, d_ff>, rms_norm<d_other>, 4>;
#else
using global = decoder_layer<gqa_attention<d_model, 4, 1, head_dim>, geglu_tanh<d_model, d_ff>, rms_norm<d_model>, 4>;
#endif
using layers = layer_stack<26, local, global>;
static_assert(layers::params() > 0_params);
}  // namespace example

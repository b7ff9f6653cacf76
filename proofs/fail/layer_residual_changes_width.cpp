// EXPECT-ERROR: a decoder layer's residual stream keeps its width
// SPDX-License-Identifier: MIT
// A layer whose FFN reads another width than attention returns: the residual add after
// attention and the FFN's input could not be one stream (rule 12).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct d_small final : model_width<2048> {};
struct d_ff final : hidden_width<11008> {};
struct head_dim final : dim<128> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using ffn = swiglu<d_small, d_ff>;
#else
using ffn = swiglu<d_model, d_ff>;
#endif
using layer = decoder_layer<gqa_attention<d_model, 32, 32, head_dim>, ffn, rms_norm<d_model>>;
static_assert(layer::params() > 0_params);
}  // namespace example

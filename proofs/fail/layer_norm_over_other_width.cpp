// EXPECT-ERROR: a decoder layer's residual stream keeps its width
// SPDX-License-Identifier: MIT
// A layer's norm over the FFN's hidden width: the norms run on the residual stream, D (rule 12).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<11008> {};
struct head_dim final : dim<128> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using norm = rms_norm<d_ff>;
#else
using norm = rms_norm<d_model>;
#endif
using layer = decoder_layer<gqa_attention<d_model, 32, 32, head_dim>, swiglu<d_model, d_ff>, norm>;
static_assert(layer::params() > 0_params);
}  // namespace example

// EXPECT-ERROR: a dimension with a role must be used in that role
// SPDX-License-Identifier: MIT
// The model width where a hidden width is wanted: an FFN of d_model -> d_model (rule 10).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : model_width<1024> {};
struct d_ff final : hidden_width<2816> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using ffn = relu_ffn<d_model, d_model>;
#else
using ffn = relu_ffn<d_model, d_ff>;
#endif
}  // namespace example

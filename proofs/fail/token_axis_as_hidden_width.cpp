// EXPECT-ERROR: a weight's dimensions must have static extents
// SPDX-License-Identifier: MIT
// The token axis given as the hidden width: one error, and no second one from the counts.
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct tokens final : dim<dynamic> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using ffn = swiglu<d_model, tokens>;
#else
using ffn = swiglu<d_model, d_ff>;
#endif
static_assert(ffn::params() == 135'266'304_params);
static_assert(std::same_as<ffn_output_t<ffn, shape<tokens, d_model>>, shape<tokens, d_model>>);
}  // namespace example

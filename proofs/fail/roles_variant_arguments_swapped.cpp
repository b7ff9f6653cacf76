// EXPECT-ERROR: a dimension with a role must be used in that role
// SPDX-License-Identifier: MIT
// swiglu<D, Dff> written swiglu<Dff, D>: without roles an FFN on d_ff, with them an error (rule 10).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<11008> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using ffn = swiglu<d_ff, d_model>;
#else
using ffn = swiglu<d_model, d_ff>;
#endif
}  // namespace example

// EXPECT-ERROR: the down projection must map Dff -> D
// SPDX-License-Identifier: MIT
// A dense FFN whose second projection does not read what the first wrote (rule 2).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct d_other final : dim<4000> {};
struct tokens final : dim<dynamic> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using down_proj = linear<d_other, d_model>;
#else
using down_proj = linear<d_ff, d_model>;
#endif
using ffn = dense_ffn_of<act::relu, linear<d_model, d_ff>, down_proj>;
static_assert(ffn::params().value() > 0);
}  // namespace example

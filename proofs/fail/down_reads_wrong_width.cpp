// EXPECT-ERROR: the down projection must map Dff -> D
// SPDX-License-Identifier: MIT
// The down projection reads D instead of the hidden width Dff (rule 2).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct d_other final : dim<4000> {};
struct tokens final : dim<dynamic> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using down_proj = linear<d_model, d_model>;
#else
using down_proj = linear<d_ff, d_model>;
#endif
using ffn = gated_ffn_of<act::silu, linear<d_model, d_ff>, linear<d_model, d_ff>, down_proj>;
static_assert(ffn::params().value() > 0);
}  // namespace example

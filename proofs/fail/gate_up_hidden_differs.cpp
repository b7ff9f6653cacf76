// EXPECT-ERROR: the gate and up projections must have the same shape
// SPDX-License-Identifier: MIT
// Gate and up write different hidden widths: act(gate) * up has no meaning (rule 1).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct d_other final : dim<4000> {};
struct tokens final : dim<dynamic> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using up_proj = linear<d_model, d_other>;
#else
using up_proj = linear<d_model, d_ff>;
#endif
using ffn = gated_ffn_of<act::silu, linear<d_model, d_ff>, up_proj, linear<d_ff, d_model>>;
static_assert(ffn::params().value() > 0);
}  // namespace example

// EXPECT-ERROR: the up projection must map D -> Dff
// SPDX-License-Identifier: MIT
// A dense FFN whose up projection is transposed: the error names up, not down (rule 2).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<768> {};
struct d_ff final : dim<3072> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using up_proj = linear<d_ff, d_model>;
#else
using up_proj = linear<d_model, d_ff>;
#endif
using down_proj = linear<d_ff, d_model>;
using mine = dense_ffn_of<act::gelu, up_proj, down_proj>;
static_assert(mine::params() == 2 * 768 * 3072_params);
}  // namespace example

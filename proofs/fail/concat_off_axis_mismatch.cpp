// EXPECT-ERROR: concatenated shapes must have the same rank and agree on every other axis
// SPDX-License-Identifier: MIT
// Fusing gate [D, Dff] with a weight that reads another width.
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct d_other final : dim<4000> {};
struct tokens final : dim<dynamic> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using other = shape<d_other, d_ff>;
#else
using other = shape<d_model, d_ff>;
#endif
using fused = concat_t<1, shape<d_model, d_ff>, other>;
static_assert(fused::rank == 2);
}  // namespace example

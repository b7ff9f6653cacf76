// EXPECT-ERROR: shapeproof rule 2: the down projection must map Dff -> D
// SPDX-License-Identifier: MIT
// A consteval function splits over 4 ranks an FFN whose down projection reads D instead of Dff.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<14336> {};

consteval auto per_rank_params()
{
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
  using down = linear<d_model, d_model>;
#else
  using down = linear<d_ff, d_model>;
#endif
  using ffn = gated_ffn_of<act::silu, linear<d_model, d_ff>, linear<d_model, d_ff>, down>;
  return tensor_parallel<ffn, 4>::params_per_rank();
}
static_assert(per_rank_params() * 4 == 176'160'768_params);
}  // namespace mine

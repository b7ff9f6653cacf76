// EXPECT-ERROR: shapeproof rule 2: the down projection must map Dff -> D
// SPDX-License-Identifier: MIT
// In a plain struct's members the user declares down_proj with up's shape [D -> Dff] and keeps a cost::params member.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};

struct mlp {
  using gate_proj = linear<d_model, d_ff>;
  using up_proj = linear<d_model, d_ff>;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
  using down_proj = linear<d_model, d_ff>;
#else
  using down_proj = linear<d_ff, d_model>;
#endif
  using spec = gated_ffn_of<act::silu, gate_proj, up_proj, down_proj>;
  cost::params weights = spec::params();
};
static_assert(mlp{}.weights == 135'266'304_params);
}  // namespace mine

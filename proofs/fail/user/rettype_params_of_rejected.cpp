// EXPECT-ERROR: shapeproof rule 3: an FFN's output width must equal its input width D
// SPDX-License-Identifier: MIT
// A function declared to return cost::params counts a dense FFN whose down projection returns to another width.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<768> {};
struct d_ff final : dim<3072> {};
struct d_pooled final : dim<512> {};

constexpr cost::params mlp_params()
{
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
  using down = linear<d_ff, d_pooled, true>;
#else
  using down = linear<d_ff, d_model, true>;
#endif
  return dense_ffn_of<act::gelu_tanh, linear<d_model, d_ff, true>, down>::params();
}
static_assert(mlp_params() == 4'722'432_params);
}  // namespace mine

// EXPECT-ERROR: shapeproof rule 1: the gate and up projections must have the same shape
// MAX-LINES: 18 (clang++ adds a note, its source line and a caret for each level of the user's own templates and lambdas)
// SPDX-License-Identifier: MIT
// In a function template returning cost::params, the user's up projection writes another hidden width than the gate.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct d_ff_other final : dim<11264> {};

template<typename D, typename Dff, typename UpOut>
constexpr cost::params my_swiglu_params()
{
  using gate = linear<D, Dff>;
  using up = linear<D, UpOut>;
  using down = linear<Dff, D>;
  return gated_ffn_of<act::silu, gate, up, down>::params();
}
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr cost::params p = my_swiglu_params<d_model, d_ff, d_ff_other>();
#else
constexpr cost::params p = my_swiglu_params<d_model, d_ff, d_ff>();
#endif
static_assert(p == 135'266'304_params);
}  // namespace mine

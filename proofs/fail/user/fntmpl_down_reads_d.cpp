// EXPECT-ERROR: shapeproof rule 2: the down projection must map Dff -> D
// MAX-LINES: 18 (clang++ adds a note, its source line and a caret for each level of the user's own templates and lambdas)
// SPDX-License-Identifier: MIT
// In a function template with an auto return, the user's dense down projection reads D instead of Dff.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<768> {};
struct d_ff final : dim<3072> {};

template<typename D, typename Dff, typename DownIn>
constexpr auto gelu_mlp_params()
{
  return dense_ffn_of<act::gelu, linear<D, Dff, true>, linear<DownIn, D, true>>::params();
}
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
static_assert(gelu_mlp_params<d_model, d_ff, d_model>() == 4'722'432_params);
#else
static_assert(gelu_mlp_params<d_model, d_ff, d_ff>() == 4'722'432_params);
#endif
}  // namespace mine

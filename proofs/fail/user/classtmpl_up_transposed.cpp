// EXPECT-ERROR: shapeproof rule 1: the gate and up projections must have the same shape
// MAX-LINES: 18 (clang++ adds a note, its source line and a caret for each level of the user's own templates and lambdas)
// SPDX-License-Identifier: MIT
// In a class template's member aliases, the user copied up in PyTorch's stored [out, in] order.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};

template<typename D, typename Dff>
struct llama_mlp {
  using gate_proj = linear<D, Dff>;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
  using up_proj = linear<Dff, D>;
#else
  using up_proj = linear<D, Dff>;
#endif
  using down_proj = linear<Dff, D>;
  using spec = gated_ffn_of<act::silu, gate_proj, up_proj, down_proj>;
  static constexpr cost::params params = spec::params();
};
static_assert(llama_mlp<d_model, d_ff>::params == 135'266'304_params);
}  // namespace mine

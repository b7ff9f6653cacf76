// EXPECT-ERROR: shapeproof rule 6: an MoE's top_k must be between 1 and its number of experts
// MAX-LINES: 18 (clang++ adds a note, its source line and a caret for each level of the user's own templates and lambdas)
// SPDX-License-Identifier: MIT
// A consteval function template asks for the active parameters of an MoE routing 10 of 8 experts.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<14336> {};
using expert = swiglu<d_model, d_ff>;

template<extent_t Experts, extent_t TopK>
consteval cost::params active_of()
{
  return moe_ffn<expert, Experts, TopK>::active_params();
}
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr auto active = active_of<8, 10>();
#else
constexpr auto active = active_of<8, 2>();
#endif
static_assert(active > expert::params() * 2);
}  // namespace mine

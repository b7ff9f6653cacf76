// EXPECT-ERROR: shapeproof rule 10: a dimension with a role must be used in that role
// MAX-LINES: 18 (clang++ adds a note, its source line and a caret for each level of the user's own templates and lambdas)
// SPDX-License-Identifier: MIT
// A template lambda building swiglu<D, d_ff> is called in a constant expression with the hidden width as D.
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace mine {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<11008> {};

constexpr auto ffn_params_for = []<typename D>(std::type_identity<D>) { return swiglu<D, d_ff>::params(); };
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr auto p = ffn_params_for(std::type_identity<d_ff>{});
#else
constexpr auto p = ffn_params_for(std::type_identity<d_model>{});
#endif
static_assert(p == 135'266'304_params);
}  // namespace mine

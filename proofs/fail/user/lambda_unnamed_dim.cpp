// EXPECT-ERROR: shapeproof: a dimension needs a name
// MAX-LINES: 18 (clang++ adds a note, its source line and a caret for each level of the user's own templates and lambdas)
// SPDX-License-Identifier: MIT
// Inside a template lambda the user writes dim<11008> directly for Dff instead of a named dimension.
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};

constexpr auto gated_params = []<typename D>(std::type_identity<D>) {
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
  using hidden = dim<11008>;
#else
  using hidden = d_ff;
#endif
  return geglu<D, hidden>::params();
};
static_assert(gated_params(std::type_identity<d_model>{}) == 135'266'304_params);
}  // namespace mine

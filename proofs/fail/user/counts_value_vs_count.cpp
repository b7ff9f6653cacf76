// EXPECT-ERROR: shapeproof rule 9: a count is a quantity, not a plain integer
// SPDX-License-Identifier: MIT
// The user adds a hand-computed plain integer (the router's weights) to a parameter count.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<14336> {};
using expert = swiglu<d_model, d_ff>;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr auto layer_params = expert::params() * 8 + 4096 * 8;
#else
constexpr auto layer_params = expert::params() * 8 + 4096 * 8_params;
#endif
static_assert(layer_params == moe_ffn<expert, 8, 2>::params());
}  // namespace mine

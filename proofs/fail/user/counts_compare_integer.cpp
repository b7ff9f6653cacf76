// EXPECT-ERROR: shapeproof rule 9: a count is a quantity, not a plain integer
// SPDX-License-Identifier: MIT
// The user compares an FFN's parameter count with a plain integer in a static_assert.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
using ffn = swiglu<d_model, d_ff>;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
static_assert(ffn::params() > 100'000'000);
#else
static_assert(ffn::params() > 100'000'000_params);
#endif
}  // namespace mine

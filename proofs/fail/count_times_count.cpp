// EXPECT-ERROR: shapeproof rule 9: a count times a count means nothing
// SPDX-License-Identifier: MIT
// Parameters times parameters: meant was the parameters times a number of layers (rule 9).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
using ffn = swiglu<d_model, d_ff>;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr auto layers = ffn::params();
#else
constexpr auto layers = 32;
#endif
constexpr cost::params all_ffns = ffn::params() * layers;
static_assert(all_ffns == 4'328'521'728_params);
}  // namespace example

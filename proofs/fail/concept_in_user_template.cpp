// EXPECT-ERROR: no matching function for call
// MAX-LINES: 16 (g++ 12 prints 16 lines for a header's concept: its note and include chain)
// SPDX-License-Identifier: MIT
// A dense FFN given to a user's function constrained on GatedFfn: one short error naming the concept.
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
template<GatedFfn F>
constexpr cost::params gate_params()
{
  return F::gate::params();
}
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr auto p = gate_params<relu_ffn<d_model, d_ff>>();
#else
constexpr auto p = gate_params<swiglu<d_model, d_ff>>();
#endif
static_assert(p == 4096 * 11008_params);
}  // namespace example

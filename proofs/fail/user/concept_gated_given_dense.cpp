// EXPECT-ERROR: no matching function for call
// MAX-LINES: 17 (a constraint failure in the user's template: the candidate, the concept and its include chain)
// SPDX-License-Identifier: MIT
// A function constrained on the user's own concept (GatedFfn with silu) is called with a dense FFN.
#include <shapeproof/shapeproof.hpp>

#include <concepts>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};

template<typename F>
concept swiglu_like = GatedFfn<F> && std::same_as<typename F::activation, act::silu>;

template<swiglu_like F>
constexpr cost::params gate_and_up_params()
{
  return F::gate::params() + F::up::params();
}
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr auto p = gate_and_up_params<silu_ffn<d_model, d_ff>>();
#else
constexpr auto p = gate_and_up_params<swiglu<d_model, d_ff>>();
#endif
static_assert(p == 90'177'536_params);
}  // namespace mine

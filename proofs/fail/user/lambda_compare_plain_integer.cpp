// EXPECT-ERROR: shapeproof rule 9: a count is a quantity, not a plain integer
// MAX-WIDTH: 379 (a context line names the user's own template or lambda with its arguments, or a spec spelled out)
// SPDX-License-Identifier: MIT
// A generic lambda checking a parameter budget compares a count with a plain integer literal.
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};

constexpr auto under_budget = [](auto tag) {
  using F = typename decltype(tag)::type;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
  return F::params() < 200'000'000;
#else
  return F::params() < 200'000'000_params;
#endif
};
static_assert(under_budget(std::type_identity<swiglu<d_model, d_ff>>{}));
}  // namespace mine

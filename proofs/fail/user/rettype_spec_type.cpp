// EXPECT-ERROR: shapeproof rule 10: a dimension with a role must be used in that role
// SPDX-License-Identifier: MIT
// A factory function whose declared return type is the spec swiglu<...> has its role-carrying widths swapped.
#include <shapeproof/shapeproof.hpp>

#include <concepts>

namespace mine {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<14336> {};

#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr swiglu<d_ff, d_model> make_ffn() { return {}; }
#else
constexpr swiglu<d_model, d_ff> make_ffn() { return {}; }
#endif
using ffn = decltype(make_ffn());
static_assert(ffn::params() == 176'160'768_params);
// (std::same_as<ffn::hidden_dim, d_ff> would be a second error: a refused spec's widths are
// its own type, and no stand-in can be another type; its extent compares as any)
static_assert(ffn::hidden_dim::extent == d_ff::extent);
}  // namespace mine

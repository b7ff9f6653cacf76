// EXPECT-ERROR: shapeproof rule 10: a dimension with a role must be used in that role
// MAX-LINES: 21 (clang++ adds a note, its source line and a caret for each level of the user's own templates and lambdas)
// SPDX-License-Identifier: MIT
// The user's concept builds swiglu<D, Dff> in its constraint and is asked about the widths in the wrong order.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<11008> {};

template<typename D, typename Dff>
concept fits_on_one_gpu = swiglu<D, Dff>::params() * 32 <= 8'000'000'000_params;

#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
static_assert(fits_on_one_gpu<d_ff, d_model>);
#else
static_assert(fits_on_one_gpu<d_model, d_ff>);
#endif
}  // namespace mine

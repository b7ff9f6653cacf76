// EXPECT-ERROR: shapeproof rule 11: tensor parallelism splits Dff over tp ranks, so tp must divide Dff
// MAX-LINES: 24 (clang++ adds a note, its source line and a caret for each level of the user's own templates and lambdas)
// SPDX-License-Identifier: MIT
// The user's concept "splits over TP ranks" uses tensor_parallel<F, TP> in a requires-expression, for tp = 3.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
using ffn = swiglu<d_model, d_ff>;

template<typename F, extent_t TP>
concept splits_over = requires { tensor_parallel<F, TP>::params_per_rank(); };

#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr extent_t tp = 3;
#else
constexpr extent_t tp = 2;
#endif
static_assert(splits_over<ffn, tp>);
}  // namespace mine

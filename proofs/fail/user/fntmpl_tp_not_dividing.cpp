// EXPECT-ERROR: shapeproof rule 11: tensor parallelism splits Dff over tp ranks, so tp must divide Dff
// MAX-LINES: 18 (clang++ adds a note, its source line and a caret for each level of the user's own templates and lambdas)
// SPDX-License-Identifier: MIT
// A function template parameterised on the tp degree is called with tp = 3, which does not divide Dff = 14336.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<14336> {};
using ffn = swiglu<d_model, d_ff>;

template<extent_t TP>
constexpr auto params_per_gpu()
{
  return tensor_parallel<ffn, TP>::params_per_rank();
}
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr extent_t tp = 3;
#else
constexpr extent_t tp = 4;
#endif
static_assert(params_per_gpu<tp>() * tp == ffn::params());
static_assert(params_per_gpu<tp>() < ffn::params());
}  // namespace mine

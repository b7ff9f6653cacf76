// EXPECT-ERROR: shapeproof rule 4: a matmul's inner dimensions must agree by name and extent
// MAX-LINES: 18 (clang++ adds a note, its source line and a caret for each level of the user's own templates and lambdas)
// SPDX-License-Identifier: MIT
// The user's shape-checking function template feeds the FFN an input of width Dff instead of D.
#include <shapeproof/shapeproof.hpp>

#include <concepts>

namespace mine {
using namespace shapeproof;
struct tokens final : dim<dynamic> {};
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};

template<typename F, typename In>
constexpr bool keeps_residual_width()
{
  return std::same_as<ffn_output_t<F, shape<tokens, In>>, shape<tokens, typename F::model_dim>>;
}
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
static_assert(keeps_residual_width<swiglu<d_model, d_ff>, d_ff>());
#else
static_assert(keeps_residual_width<swiglu<d_model, d_ff>, d_model>());
#endif
}  // namespace mine

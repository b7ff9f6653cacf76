// EXPECT-ERROR: shapeproof rule 10: a dimension with a role must be used in that role
// MAX-LINES: 18 (clang++ adds a note, its source line and a caret for each level of the user's own templates and lambdas)
// SPDX-License-Identifier: MIT
// A class template taking <D, Dff> is instantiated with the two role-carrying widths swapped.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<14336> {};

template<typename D, typename Dff>
struct decoder_layer {
  using ffn = swiglu<D, Dff>;
  static constexpr auto ffn_params = ffn::params();
  static constexpr auto ffn_flops = ffn::matmul_flops_per_token();
};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using layer = decoder_layer<d_ff, d_model>;
#else
using layer = decoder_layer<d_model, d_ff>;
#endif
static_assert(layer::ffn_params == 176'160'768_params);
static_assert(layer::ffn_flops == 352'321'536_flops);
}  // namespace mine

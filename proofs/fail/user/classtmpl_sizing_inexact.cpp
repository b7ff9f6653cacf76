// EXPECT-ERROR: shapeproof rule 8: scaling a dimension by Num/Den must be exact
// MAX-LINES: 18 (clang++ adds a note, its source line and a caret for each level of the user's own templates and lambdas)
// SPDX-License-Identifier: MIT
// A class template sizing Dff as 8/3 of D is instantiated with a D (4096) for which 8/3 is not exact.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model_3k final : dim<3072> {};
struct d_model_4k final : dim<4096> {};

template<typename D>
struct llama_sized {
  using hidden = scaled<D, 8, 3>;
  using ffn = swiglu<D, hidden>;
  static constexpr extent_t d_ff = hidden::extent;
};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using sized = llama_sized<d_model_4k>;
#else
using sized = llama_sized<d_model_3k>;
#endif
static_assert(sized::ffn::params() > 0_params);
}  // namespace mine

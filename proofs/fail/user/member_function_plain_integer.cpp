// EXPECT-ERROR: shapeproof rule 9: a count is a quantity, not a plain integer
// SPDX-License-Identifier: MIT
// A static member function returning cost::params returns a plain integer computed by hand.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};

struct my_ffn {
  using spec = swiglu<d_model, d_ff>;
  static constexpr cost::params expected()
  {
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
    return 3 * 4096 * 11008;
#else
    return 3 * 4096 * 11008_params;
#endif
  }
};
static_assert(my_ffn::spec::params() == my_ffn::expected());
}  // namespace mine

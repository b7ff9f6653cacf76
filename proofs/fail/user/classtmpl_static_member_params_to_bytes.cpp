// EXPECT-ERROR: shapeproof rule 9: parameters, FLOPs and bytes never mix
// SPDX-License-Identifier: MIT
// A class template's static member stores "params * 2" (bf16) as cost::bytes instead of using bytes_of<bf16>.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};

template<typename Ffn>
struct memory_plan {
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
  static constexpr cost::bytes weights = Ffn::params() * 2;
#else
  static constexpr cost::bytes weights = bytes_of<bf16>(Ffn::params());
#endif
};
static_assert(memory_plan<swiglu<d_model, d_ff>>::weights == 270'532'608_bytes);
}  // namespace mine

// EXPECT-ERROR: shapeproof rule 9: parameters, FLOPs and bytes never mix
// SPDX-License-Identifier: MIT
// A struct's non-static cost::bytes member is initialised from a parameter count.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
using ffn = swiglu<d_model, d_ff>;

struct memory_report {
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
  cost::bytes weights = ffn::params();
#else
  cost::bytes weights = bytes_of<f32>(ffn::params());
#endif
  cost::bytes activations = ffn::activation_bytes_per_token<bf16>();
};
static_assert(memory_report{}.weights > 0_bytes);
}  // namespace mine

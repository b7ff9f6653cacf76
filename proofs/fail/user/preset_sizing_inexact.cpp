// EXPECT-ERROR: shapeproof rule 8: scaling a dimension by Num/Den must be exact
// SPDX-License-Identifier: MIT
// The user's preset names its d_ff as 8/3 of a d_model (4096) for which that is not exact.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct my_small {
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
  struct d_model final : dim<4096> {};
#else
  struct d_model final : dim<3072> {};
#endif
  struct d_ff final : scaled<d_model, 8, 3> {};
  using ffn = swiglu<d_model, d_ff>;
  static constexpr models::model_config config{.name = "my-small",
                                               .vocab = 32000,
                                               .d_model = 3072,
                                               .layers = 24,
                                               .attention = {.heads = 24, .kv_heads = 24, .head_dim = 128},
                                               .ffn = {.variant = "swiglu", .d_ff = 8192}};
};
static_assert(my_small::ffn::params() > 0_params);
}  // namespace mine

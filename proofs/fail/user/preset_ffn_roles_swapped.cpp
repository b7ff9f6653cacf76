// EXPECT-ERROR: shapeproof rule 10: a dimension with a role must be used in that role
// SPDX-License-Identifier: MIT
// The user's preset declares its typed FFN as swiglu<d_ff, d_model> with role-carrying widths.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct my_8b {
  struct d_model final : model_width<4096> {};
  struct d_ff final : hidden_width<14336> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
  using ffn = swiglu<d_ff, d_model>;
#else
  using ffn = swiglu<d_model, d_ff>;
#endif
  static constexpr models::model_config config{.name = "my-8b",
                                               .vocab = 128256,
                                               .d_model = 4096,
                                               .layers = 32,
                                               .attention = {.heads = 32, .kv_heads = 8, .head_dim = 128},
                                               .ffn = {.variant = "swiglu", .d_ff = 14336}};
};
static_assert(my_8b::ffn::params() * 32 == models::checked<my_8b::config>::counts.terms.dense_ffn);
}  // namespace mine

// EXPECT-ERROR: shapeproof rule 10: a typed FFN and the model_config of the same model must describe the same FFN
// SPDX-License-Identifier: MIT
// The user's own preset declares d_ff = 11008 for the typed FFN but 13824 in the config; the tie
// (models::checked<config, ffn>) is asked for where the preset is used, not in the preset.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct my_13b {
  struct d_model final : dim<5120> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
  struct d_ff final : dim<11008> {};
#else
  struct d_ff final : dim<13824> {};
#endif
  using ffn = swiglu<d_model, d_ff>;
  static constexpr models::model_config config{.name = "my-13b",
                                               .vocab = 32000,
                                               .d_model = 5120,
                                               .layers = 40,
                                               .attention = {.heads = 40, .kv_heads = 40, .head_dim = 128},
                                               .ffn = {.variant = "swiglu", .d_ff = 13824}};
};
static_assert(models::checked<my_13b::config, my_13b::ffn>::counts.total == 13'015'864'320_params);
static_assert(my_13b::ffn::params() * 40 < models::checked<my_13b::config>::counts.total);
}  // namespace mine

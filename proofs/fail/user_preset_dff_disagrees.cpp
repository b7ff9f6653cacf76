// EXPECT-ERROR: shapeproof rule 10: a typed FFN and the model_config of the same model must describe the same FFN: its Dff
// SPDX-License-Identifier: MIT
// A user's own preset whose typed FFN says d_ff = 11008 and whose config says 13824: the tie
// (models::checked<config, ffn>) refuses it where the preset is written; the follow-up adds no error.
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct my_llama {
  struct d_model final : model_width<4096> {};
  struct d_ff final : hidden_width<11008> {};
  using ffn = swiglu<d_model, d_ff>;
  static constexpr models::model_config config{.name = "my-llama",
                                               .vocab = 32000,
                                               .d_model = 4096,
                                               .layers = 32,
                                               .attention = {.heads = 32, .kv_heads = 32, .head_dim = 128},
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
                                               .ffn = {.variant = "swiglu", .d_ff = 13824}};
#else
                                               .ffn = {.variant = "swiglu", .d_ff = 11008}};
#endif
  static_assert(sizeof(models::checked<config, ffn>));
};
static_assert(models::checked<my_llama::config, my_llama::ffn>::counts.total == 6'738'415'616_params);
}  // namespace example

// EXPECT-ERROR: shapeproof rule 10: a typed FFN and the model_config of the same model must describe the same FFN: its experts
// MAX-WIDTH: 330 (clang++ names the preset's typed MoE in full in the context line of models::checked<config, ffn>)
// SPDX-License-Identifier: MIT
// A preset of one's own whose typed MoE routes to 2 experts and whose config to 3 (rule 10, the tie).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct my_moe {
  struct d_model final : model_width<4096> {};
  struct d_ff final : hidden_width<14336> {};
  using ffn = moe_ffn<swiglu<d_model, d_ff>, 8, 2>;
  static constexpr models::model_config config{.name = "my-moe",
                                               .vocab = 32000,
                                               .d_model = 4096,
                                               .layers = 32,
                                               .attention = {.heads = 32, .kv_heads = 8, .head_dim = 128},
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
                                               .ffn = {.variant = "swiglu", .d_ff = 14336, .experts = 8, .top_k = 3}};
#else
                                               .ffn = {.variant = "swiglu", .d_ff = 14336, .experts = 8, .top_k = 2}};
#endif
  static_assert(sizeof(models::checked<config, ffn>));
};
static_assert(models::checked<my_moe::config>::counts.total == 46'702'792'704_params);
}  // namespace example

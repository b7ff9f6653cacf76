// SPDX-License-Identifier: MIT
// Chapter 8: a preset of your own, its typed FFN tied to its config.
#include <shapeproof/shapeproof.hpp>

namespace learn_08_presets {
using namespace shapeproof;
// BEGIN DOC
struct my_llama {
  struct d_model final : model_width<4096> {};
  struct d_ff final : hidden_width<11008> {};
  using ffn = swiglu<d_model, d_ff>;
  static constexpr models::model_config config{.name = "my-llama", .vocab = 32000, .d_model = 4096, .layers = 32,
                                               .attention = {.heads = 32, .kv_heads = 32, .head_dim = 128},
                                               .ffn = {.variant = "swiglu", .d_ff = 11008}};
  static_assert(sizeof(models::checked<config, ffn>));  // rule 10: the typed FFN is the config's
};
static_assert(models::checked<my_llama::config>::counts.total == 6'738'415'616_params);
// END DOC
}  // namespace learn_08_presets

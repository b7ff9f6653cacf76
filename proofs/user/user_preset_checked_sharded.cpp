// SPDX-License-Identifier: MIT
// A user's own preset (typed ffn + config, as presets.hpp does), checked and sharded with replicated KV heads.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct my_8b {
  struct d_model final : model_width<4096> {};
  struct d_ff final : hidden_width<14336> {};
  using ffn = swiglu<d_model, d_ff>;
  static constexpr models::model_config config{.name = "my-8b",
                                               .vocab = 128256,
                                               .d_model = 4096,
                                               .layers = 32,
                                               .attention = {.heads = 32, .kv_heads = 8, .head_dim = 128},
                                               .ffn = {.variant = "swiglu", .d_ff = my_8b::d_ff::extent}};
};
static_assert(models::checked<my_8b::config>::counts.total == 8'030'261'248_params);
static_assert(my_8b::ffn::params() * 32 == models::checked<my_8b::config>::counts.terms.dense_ffn);
using tp16 = models::sharded<my_8b::config, 16, 1, models::kv_heads_policy::replicated>;
static_assert(tp16::counts.kv_heads == 1 && tp16::counts.kv_heads_shared_by == 2);
static_assert(tp16::counts.params < tp16::counts.total);
}  // namespace mine

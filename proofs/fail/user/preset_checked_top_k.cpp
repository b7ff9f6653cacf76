// EXPECT-ERROR: shapeproof rule 10: num_experts_per_tok (an MoE's top_k) must be between 1 and its number of experts
// SPDX-License-Identifier: MIT
// The user's MoE preset config routes each token to 9 of 8 experts, then compares active and total counts.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct my_moe {
  struct d_model final : dim<4096> {};
  struct d_ff final : dim<14336> {};
  using ffn = moe_ffn<swiglu<d_model, d_ff>, 8, 2>;
  static constexpr models::model_config config{
      .name = "my-moe",
      .vocab = 32000,
      .d_model = 4096,
      .layers = 32,
      .attention = {.heads = 32, .kv_heads = 8, .head_dim = 128},
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
      .ffn = {.variant = "swiglu", .d_ff = 14336, .experts = 8, .top_k = 9}};
#else
      .ffn = {.variant = "swiglu", .d_ff = 14336, .experts = 8, .top_k = 2}};
#endif
};
constexpr auto counts = models::checked<my_moe::config>::counts;
static_assert(counts.active < counts.total);
}  // namespace mine

// EXPECT-ERROR: shapeproof rule 6: an MoE's expert must be a dense or gated FFN, not an MoE
// MAX-WIDTH: 382 (a context line names the user's own template or lambda with its arguments, or a spec spelled out)
// SPDX-License-Identifier: MIT
// The user's preset nests moe_ffn: its typed FFN's expert is itself an MoE layer.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct my_mixtral {
  struct d_model final : dim<4096> {};
  struct d_ff final : dim<14336> {};
  using expert = swiglu<d_model, d_ff>;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
  using ffn = moe_ffn<moe_ffn<expert, 8, 2>, 8, 2>;
#else
  using ffn = moe_ffn<expert, 8, 2>;
#endif
  static constexpr models::model_config config{
      .name = "my-mixtral",
      .vocab = 32000,
      .d_model = 4096,
      .layers = 32,
      .attention = {.heads = 32, .kv_heads = 8, .head_dim = 128},
      .ffn = {.variant = "swiglu", .d_ff = 14336, .experts = 8, .top_k = 2}};
};
static_assert(my_mixtral::ffn::active_params() < my_mixtral::ffn::params());
}  // namespace mine

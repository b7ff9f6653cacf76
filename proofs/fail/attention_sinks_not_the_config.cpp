// EXPECT-ERROR: its biases, q/k norms, sinks or latent widths are not the config's
// MAX-WIDTH: 460 the context line names the model config and its typed attention
// SPDX-License-Identifier: MIT
// gpt-oss gives each query head a learned sink, an extra logit of the softmax: an attention typed
// without them is 64 weights short per layer, and attends differently; the tie says so (rule 12).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : model_width<2880> {};
struct head_dim final : dim<64> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using attention = gqa_attention_with_bias<d_model, 64, 8, head_dim, true, rotary<64>>;
#else
using attention = gqa_attention_with_bias<d_model, 64, 8, head_dim, true, rotary<64>, attention_sinks>;
#endif
constexpr models::model_config gpt_oss{.name = "gpt-oss-20b", .vocab = 201088, .d_model = 2880, .layers = 24,
    .attention = {.heads = 64, .kv_heads = 8, .head_dim = 64, .qkv_bias = true, .o_bias = true, .sinks = true},
    .ffn = {.variant = "swiglu", .d_ff = 2880, .bias = true, .experts = 32, .top_k = 4, .router_bias = true}};
using model = models::checked<gpt_oss, void, attention>;
static_assert(model::counts.total > 0_params);
}  // namespace example

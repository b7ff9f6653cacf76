// EXPECT-ERROR: its head_dim is not the config's head_dim
// MAX-WIDTH: 460 the context line names the model config, its typed FFN and its typed attention
// SPDX-License-Identifier: MIT
// Mistral-Small-24B states head_dim 128; the typed attention takes it as hidden_size / heads,
// 5120 / 32 = 160, and the tie to the model's config says so (rule 12).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : model_width<5120> {};
struct d_ff final : hidden_width<32768> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
struct head_dim final : dim<5120 / 32> {};
#else
struct head_dim final : dim<128> {};
#endif
constexpr models::model_config mistral_small{.name = "mistral-small-24b", .vocab = 131072, .d_model = 5120,
    .layers = 40, .attention = {.heads = 32, .kv_heads = 8, .head_dim = 128}, .ffn = {.variant = "swiglu", .d_ff = 32768}};
using model = models::checked<mistral_small, swiglu<d_model, d_ff>, gqa_attention<d_model, 32, 8, head_dim>>;
static_assert(model::counts.total > 0_params);
}  // namespace example

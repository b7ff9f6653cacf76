// EXPECT-ERROR: its sliding_window is not the config's sliding_window
// MAX-WIDTH: 460 the context line names the model config, its typed FFN and its typed attention
// SPDX-License-Identifier: MIT
// Mistral-7B-v0.1 slides every layer over 4096 tokens; an attention typed without the window would
// give a KV cache that grows with the context for ever, and the tie to its config says so (rule 12).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<14336> {};
struct head_dim final : dim<128> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using attention = gqa_attention<d_model, 32, 8, head_dim, rotary<128>>;
#else
using attention = gqa_attention<d_model, 32, 8, head_dim, rotary<128>, sliding_window<4096>>;
#endif
constexpr models::model_config mistral{.name = "mistral-7b-v0.1", .vocab = 32000, .d_model = 4096, .layers = 32,
    .attention = {.heads = 32, .kv_heads = 8, .head_dim = 128, .sliding_window = 4096, .sliding_layers = 32},
    .ffn = {.variant = "swiglu", .d_ff = 14336}};
using model = models::checked<mistral, swiglu<d_model, d_ff>, attention>;
static_assert(model::counts.total > 0_params);
}  // namespace example

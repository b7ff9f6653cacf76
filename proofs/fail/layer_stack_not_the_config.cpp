// EXPECT-ERROR: its layers, sliding layers or window are not the config's
// SPDX-License-Identifier: MIT
// Gemma 3 has five local layers to each global one; a stack written with Gemma 2's alternation
// has 13 local layers, not 22, and a KV cache 3 times too large at 32K: the tie to the config
// says so (rule 12).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : model_width<1152> {};
struct d_ff final : hidden_width<6912> {};
struct head_dim final : dim<256> {};
using ffn = geglu_tanh<d_model, d_ff>;
using global = decoder_layer<gqa_attention<d_model, 4, 1, head_dim, qk_norm<head_dim>>, ffn, rms_norm<d_model>, 4>;
using local = decoder_layer<gqa_attention<d_model, 4, 1, head_dim, qk_norm<head_dim>, sliding_window<512>>, ffn,
                            rms_norm<d_model>, 4>;
// (A stack named by a struct of its own keeps diagnostics short: they name it, not its layers.)
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
struct layers final : layer_stack<26, local, global> {};
#else
struct layers final : layer_stack<26, local, local, local, local, local, global> {};
#endif
constexpr models::model_config gemma3{.name = "gemma-3-1b", .vocab = 262144, .d_model = 1152, .layers = 26,
    .attention = {.heads = 4, .kv_heads = 1, .head_dim = 256, .qk_norm = models::qk_norm_kind::per_head,
                  .sliding_window = 512, .sliding_layers = 22},
    .ffn = {.variant = "geglu_tanh", .d_ff = 6912}, .norms_per_layer = 4, .tied_embeddings = true};
using model = models::checked<gemma3, ffn, layers>;
static_assert(model::counts.total == 999'885'952_params);
}  // namespace example

// SPDX-License-Identifier: MIT
// A solution of exercise 10: Qwen2-0.5B as a model_config, read from its config.json (tests/data/qwen2-0.5b.json).
// num_key_value_heads is 2: the 14 query heads share 2 KV heads (7 each), so k and v are 896 x 128,
// not 896 x 896, and the model is the published 494,032,768.
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
constexpr models::model_config qwen2{.name = "qwen2-0.5b",
                                     .vocab = 151936,
                                     .d_model = 896,
                                     .layers = 24,
                                     .attention = {.heads = 14, .kv_heads = 2, .head_dim = 64, .qkv_bias = true},
                                     .ffn = {.variant = "swiglu", .d_ff = 4864},
                                     .tied_embeddings = true};
static_assert(models::checked<qwen2>::counts.total == 494'032'768_params,
              "exercise 10: Qwen2-0.5B has 494,032,768 parameters (0.49B on its Hugging Face page)");
static_assert(models::checked<qwen2>::counts.layer.attention == 1'836'160_params,
              "exercise 10: each of its 24 layers has 1,836,160 parameters of attention");
}  // namespace exercise

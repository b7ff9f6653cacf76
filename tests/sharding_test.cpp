// SPDX-License-Identifier: MIT
// One rank's share of a model split over tensor-parallel ranks, against an independent count of
// the weights each rank holds (Megatron-LM's split), on generated configs; and the refusals of
// count_per_rank, by rule.
#include <shapeproof/shapeproof.hpp>

#include <catch2/catch.hpp>

#include <cstdint>

using namespace shapeproof;

namespace {
// What one of `tp` ranks holds of a dense (or gated) decoder, written out weight by weight.
std::int64_t rank_weights(const models::model_config& c, std::int64_t tp, bool gated)
{
  const std::int64_t d = c.d_model;
  const std::int64_t hd = c.attention.head_dim;
  const std::int64_t heads = c.attention.heads / tp;
  const std::int64_t kv = c.attention.kv_heads / tp;
  const std::int64_t dff = c.ffn.d_ff / tp;
  std::int64_t vocab_rows = 0;  // the embedding's rows a rank holds: ceil(vocab / tp)
  for (std::int64_t row = 0; row < c.vocab; row += tp) ++vocab_rows;
  std::int64_t attention = d * heads * hd + 2 * d * kv * hd + heads * hd * d;
  if (c.attention.qkv_bias) attention += (heads + 2 * kv) * hd;
  if (c.attention.o_bias) attention += d;  // added once, after the all-reduce: every rank holds it
  std::int64_t ffn = (gated ? 3 : 2) * d * dff;
  if (c.ffn.bias) ffn += (gated ? 2 : 1) * dff + d;
  const std::int64_t norm = c.norm == models::norm_kind::layer_norm ? 2 * d : d;
  const std::int64_t layer = attention + ffn + norm * c.norms_per_layer;
  const std::int64_t embedding = vocab_rows * d;
  const std::int64_t head = c.tied_embeddings ? 0 : embedding;
  return embedding + head + c.learned_positions * d + c.layers * layer + (c.final_norm ? norm : 0);
}
}  // namespace

TEST_CASE("a rank's parameters and vocabulary rows equal its weights counted one by one", "[property][sharding]")
{
  const auto tp = GENERATE(1, 2, 3, 4, 8);
  const auto vocab = GENERATE(take(20, random(1000, 160000)));
  const auto gated = GENERATE(true, false);
  const auto tied = GENERATE(true, false);
  const auto bias = GENERATE(true, false);
  models::model_config c{
      .name = "generated",
      .vocab = vocab,
      .d_model = 64 * tp,
      .layers = 3,
      .attention = {.heads = 4 * tp, .kv_heads = 2 * tp, .head_dim = 16, .qkv_bias = bias, .o_bias = bias},
      .ffn = {.variant = gated ? "swiglu" : "gelu", .d_ff = 96 * tp, .bias = bias},
      .tied_embeddings = tied};
  const auto r = models::count_per_rank(c, {.tp = tp});
  CAPTURE(tp, vocab, gated, tied, bias);
  CHECK(r.vocab_rows * tp >= vocab);
  CHECK((r.vocab_rows - 1) * tp < vocab);
  CHECK(r.heads == 4);
  CHECK(r.kv_heads == 2);
  CHECK(r.d_ff == 96);
  CHECK(r.params.value() == rank_weights(c, tp, gated));
  CHECK(r.total == models::count(c).total);
  // one all-reduce after the embedding and after each attention block and FFN
  CHECK(r.allreduces_per_token == (tp > 1 ? 1 + 2 * 3 : 0));
  CHECK(r.allreduce_bytes_per_token(dtype_info_of<bf16>).value() == r.allreduces_per_token * c.d_model * 2);
}

TEST_CASE("GPT-2's 50,257 rows over two ranks: 25,129 each, the last one padded", "[sharding]")
{
  const auto r = models::count_per_rank(presets::gpt2_small::config, {.tp = 2});
  CHECK(r.vocab_rows == 25'129);
  CHECK(r.params.value() == rank_weights(presets::gpt2_small::config, 2, false));
}

TEST_CASE("a model that does not split is refused by the rule it breaks, with its numbers", "[sharding]")
{
  const auto& llama = presets::llama_7b::config;
  CHECK_THROWS_WITH(models::count_per_rank(llama, {.tp = 3}),
                    Catch::Contains("rule 11: tp must divide the attention heads") &&
                        Catch::Contains("num_attention_heads = 32, tp = 3"));
  CHECK_THROWS_WITH(models::count_per_rank(presets::llama2_70b::config, {.tp = 16}),
                    Catch::Contains("tp must divide the KV heads"));
  CHECK_THROWS_WITH(models::count_per_rank(llama, {.tp = 1, .ep = 2}), Catch::Contains("needs routed experts"));
  CHECK_THROWS_WITH(models::count_per_rank(presets::mixtral_8x7b::config, {.tp = 1, .ep = 3}),
                    Catch::Contains("ep must divide the routed experts"));
  CHECK_THROWS_WITH(models::count_per_rank(llama, {.tp = 0}), Catch::Contains("tp and ep must be 1 or more"));
}

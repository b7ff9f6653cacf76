// SPDX-License-Identifier: MIT
// One rank's share of a model split over tensor-parallel ranks, against an independent count of
// the weights each rank holds (Megatron-LM's split), on generated configs; and the refusals of
// count_per_rank, by rule.
#include <shapeproof/detail/splitmix.hpp>
#include <shapeproof/shapeproof.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
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

// What one of `tp · ep` ranks holds of a SwiGLU MoE decoder, and what it sends, written out layer
// by layer: which layers are MoE layers is decided per layer, as the config's fields say it.
struct moe_rank {
  std::int64_t params = 0, flops = 0, allreduces = 0, alltoall_rows = 0;
};
moe_rank moe_rank_by_layer(const models::model_config& c, std::int64_t tp, std::int64_t ep, bool replicated)
{
  const auto& f = c.ffn;
  const std::int64_t d = c.d_model, hd = c.attention.head_dim;
  const std::int64_t heads = c.attention.heads / tp;
  const std::int64_t kv = replicated ? 1 : c.attention.kv_heads / tp;  // replicated: one head each
  const std::int64_t swiglu_weights = 3 * d;                           // per hidden unit: gate, up, down
  const std::int64_t shared_d_ff = f.shared_d_ff > 0 ? f.shared_d_ff : f.d_ff;
  const std::int64_t dense_d_ff = f.dense_d_ff > 0 ? f.dense_d_ff : f.d_ff;
  moe_rank r;
  for (std::int64_t i = 0; i < c.layers; ++i) {
    r.params += d * heads * hd + 2 * d * kv * hd + heads * hd * d + 2 * d;  // attention, two RMSNorms
    const bool moe = i >= f.first_dense_layers && (i + f.moe_phase) % f.moe_every == 0;
    if (!moe) {
      r.params += swiglu_weights * (dense_d_ff / tp);
      continue;
    }
    // Every rank routes: the router (and a shared expert's gate) whole; its own experts' slices.
    r.params += d * f.experts + (f.router_bias ? f.experts : 0) + (f.shared_expert_gate ? d : 0);
    r.params += (f.experts / ep) * swiglu_weights * (f.d_ff / tp);
    r.params += f.shared_experts * swiglu_weights * (shared_d_ff / tp);
    r.alltoall_rows += ep > 1 ? 2 * f.top_k : 0;  // each routed row out to its expert and back
  }
  std::int64_t vocab_rows = 0;
  for (std::int64_t row = 0; row < c.vocab; row += tp) ++vocab_rows;
  r.params += vocab_rows * d * (c.tied_embeddings ? 1 : 2) + d;  // embedding, head, final norm
  // One MoE layer's matmuls on this rank: the router, top-k experts' slices, the shared slices.
  r.flops = 2 * d * f.experts + f.top_k * 2 * swiglu_weights * (f.d_ff / tp) +
            f.shared_experts * 2 * swiglu_weights * (shared_d_ff / tp);
  r.allreduces = tp > 1 ? 1 + 2 * c.layers : 0;  // the embedding; each attention block and FFN
  return r;
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

TEST_CASE("an MoE rank's share, heads, experts and traffic equal its layers counted one by one",
          "[property][sharding][moe]")
{
  const auto tp = GENERATE(1, 2, 4);
  const auto ep = GENERATE(1, 2, 4);
  const auto replicated = GENERATE(false, true);
  const std::int64_t kv_heads = replicated ? std::max<std::int64_t>(tp / 2, 1) : 2 * tp;
  if (replicated && kv_heads == tp) return;  // as many KV heads as ranks: nothing to replicate
  const auto first_dense = GENERATE(0, 1, 2);
  const auto every = GENERATE(1, 2);
  const auto shared = GENERATE(0, 2);
  const auto seed = GENERATE(take(3, random(0, 1'000'000)));
  auto pick = [&, n = 0](std::int64_t lo, std::int64_t hi) mutable {
    return lo + static_cast<std::int64_t>(detail::splitmix64(static_cast<std::uint64_t>(seed * 16 + n++)) %
                                          static_cast<std::uint64_t>(hi - lo + 1));
  };
  const std::int64_t experts = ep * pick(1, 4);
  models::model_config c{.name = "generated",
                         .vocab = pick(1000, 60000),
                         .d_model = 32 * pick(1, 4),
                         .layers = pick(3, 7),
                         .attention = {.heads = 4 * tp, .kv_heads = kv_heads, .head_dim = 8 * pick(1, 4)},
                         .ffn = {.variant = "swiglu",
                                 .d_ff = 16 * tp * pick(1, 5),
                                 .experts = experts,
                                 .top_k = pick(1, experts),
                                 .shared_experts = shared,
                                 .shared_d_ff = shared > 0 ? 16 * tp * pick(0, 3) : 0,
                                 .router_bias = pick(0, 1) == 1,
                                 .shared_expert_gate = shared > 0 && pick(0, 1) == 1,
                                 .first_dense_layers = first_dense,
                                 .moe_every = every,
                                 .moe_phase = every > 1 ? pick(0, 1) : 0,
                                 .dense_d_ff = 16 * tp * pick(0, 4)},
                         .tied_embeddings = pick(0, 1) == 1};
  const models::parallel_config p{tp, ep,
                                  replicated ? models::kv_heads_policy::replicated : models::kv_heads_policy::split};
  const auto r = models::count_per_rank(c, p);
  const auto expected = moe_rank_by_layer(c, tp, ep, replicated);
  CAPTURE(tp, ep, replicated, first_dense, every, shared, seed, c.layers, c.ffn.experts, c.ffn.top_k);
  CHECK(r.params.value() == expected.params);
  CHECK(r.total == models::count(c).total);
  CHECK(r.heads == 4);
  CHECK(r.kv_heads == (replicated ? 1 : 2));
  CHECK(r.kv_heads_shared_by == (replicated ? tp / kv_heads : 1));
  CHECK(r.experts * ep == experts);
  CHECK(r.d_ff * tp == c.ffn.d_ff);
  CHECK(r.ffn_matmul_flops_per_token.value() == expected.flops);
  CHECK(r.allreduces_per_token == expected.allreduces);
  CHECK(r.alltoall_rows_per_token == expected.alltoall_rows);
  CHECK(r.allreduce_bytes_per_token(dtype_info_of<f32>).value() == 4 * expected.allreduces * c.d_model);
  CHECK(r.alltoall_bytes_per_token(dtype_info_of<bf16>).value() == 2 * expected.alltoall_rows * c.d_model);
  // A rank's KV cache: its own heads' keys and values (or the one replicated head), every layer.
  const auto kv = models::kv_cache_per_rank(c, p, dtype_info_of<bf16>, 100, 3);
  CHECK(kv.bytes.value() == c.layers * 2 * (replicated ? 1 : 2) * c.attention.head_dim * 100 * 3 * 2);
}

TEST_CASE("an encoder-decoder's decoder layers all-reduce three times: self-attention, cross-attention, FFN",
          "[sharding]")
{
  const auto& t5 = presets::t5_v1_1_base::config;
  CHECK(models::count_per_rank(t5, {.tp = 2}).allreduces_per_token == 1 + 2 * t5.layers + 3 * t5.decoder_layers);
  CHECK(models::count_per_rank(t5, {.tp = 1}).allreduces_per_token == 0);
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
  // every FFN's d_ff: the layers', the shared experts' and the dense layers'
  auto odd = llama;
  odd.ffn.d_ff = 11'010;
  CHECK_THROWS_WITH(models::count_per_rank(odd, {.tp = 4}),
                    Catch::Contains("tp must divide every FFN's d_ff") && Catch::Contains("(d_ff = 11010, tp = 4)"));
  CHECK(models::count_per_rank(odd, {.tp = 2}).d_ff == 5'505);
  auto shared = presets::deepseek_v3::config;
  shared.ffn.shared_d_ff = 2'050;
  CHECK_THROWS_WITH(models::count_per_rank(shared, {.tp = 4}), Catch::Contains("shared experts' d_ff = 2050, "));
  auto dense = presets::deepseek_v3::config;
  dense.ffn.dense_d_ff = 18'434;
  CHECK_THROWS_WITH(models::count_per_rank(dense, {.tp = 4}), Catch::Contains("dense layers' d_ff = 18434, "));
}

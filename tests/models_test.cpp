// SPDX-License-Identifier: MIT
// Whole-model counts, MoE, dtypes and memory: the closed forms against a brute-force inventory of
// every weight tensor, counted element by element, over generated configurations.
#include "count_weights.hpp"
#include "random_widths.hpp"

#include <shapeproof/shapeproof.hpp>

#include <boost/hana/for_each.hpp>
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

using namespace shapeproof;
using namespace shapeproof::literals;
using Catch::Matchers::Contains;

namespace {

struct tensor {
  std::string name;
  dyn_shape shape;
  bool active = true;  // used by every token (false: an expert a token may not be routed to)
};

// Every weight of a decoder model, written out from the architecture, independently of
// models::count: the reference the closed forms are checked against.
std::vector<tensor> inventory(const models::model_config& c)
{
  const auto v = *find_variant(c.ffn.variant);
  const extent_t d = c.d_model;
  std::vector<tensor> out;
  auto add = [&](std::string name, dyn_shape s, bool active = true) {
    out.push_back({std::move(name), std::move(s), active});
  };
  auto add_norm = [&](const std::string& name) {
    add(name + ".weight", {{"d_model", d}});
    if (c.norm == models::norm_kind::layer_norm) add(name + ".bias", {{"d_model", d}});
  };
  auto add_linear = [&](const std::string& name, extent_t in, extent_t out_features, bool bias, bool active = true) {
    add(name + ".weight", {{"out", out_features}, {"in", in}}, active);
    if (bias) add(name + ".bias", {{"out", out_features}}, active);
  };
  auto add_ffn = [&](const std::string& name, extent_t d_ff, bool active) {
    if (v.gated) add_linear(name + ".gate_proj", d, d_ff, c.ffn.bias, active);
    add_linear(name + ".up_proj", d, d_ff, c.ffn.bias, active);
    add_linear(name + ".down_proj", d_ff, d, c.ffn.bias, active);
  };

  add("embed_tokens", {{"vocab", c.vocab}, {"d_model", d}});
  if (c.learned_positions > 0) add("embed_positions", {{"positions", c.learned_positions}, {"d_model", d}});
  if (c.token_type_rows > 0) add("token_type_embeddings", {{"types", c.token_type_rows}, {"d_model", d}});
  if (c.embedding_norm) add_norm("embeddings.norm");
  if (c.pooler) add_linear("pooler.dense", d, d, true);
  const auto& a = c.attention;
  auto add_attention = [&](const std::string& p) {
    if (a.kv_lora_rank > 0) {  // multi-head latent attention
      if (a.q_lora_rank > 0) {
        add_linear(p + ".q_a_proj", d, a.q_lora_rank, a.qkv_bias);
        add(p + ".q_a_layernorm.weight", {{"q_lora_rank", a.q_lora_rank}});
        add_linear(p + ".q_b_proj", a.q_lora_rank, a.heads * (a.qk_nope_head_dim + a.qk_rope_head_dim), false);
      } else {
        add_linear(p + ".q_proj", d, a.heads * (a.qk_nope_head_dim + a.qk_rope_head_dim), false);
      }
      add_linear(p + ".kv_a_proj_with_mqa", d, a.kv_lora_rank + a.qk_rope_head_dim, a.qkv_bias);
      add(p + ".kv_a_layernorm.weight", {{"kv_lora_rank", a.kv_lora_rank}});
      add_linear(p + ".kv_b_proj", a.kv_lora_rank, a.heads * (a.qk_nope_head_dim + a.v_head_dim), false);
      add_linear(p + ".o_proj", a.heads * a.v_head_dim, d, a.o_bias);
      return;
    }
    add_linear(p + ".q_proj", d, a.heads * a.head_dim, a.qkv_bias);
    add_linear(p + ".k_proj", d, a.kv_heads * a.head_dim, a.qkv_bias);
    add_linear(p + ".v_proj", d, a.kv_heads * a.head_dim, a.qkv_bias);
    add_linear(p + ".o_proj", a.heads * a.head_dim, d, a.o_bias);
    if (a.qk_norm == models::qk_norm_kind::per_head) {
      add(p + ".q_norm.weight", {{"head_dim", a.head_dim}});
      add(p + ".k_norm.weight", {{"head_dim", a.head_dim}});
    } else if (a.qk_norm == models::qk_norm_kind::whole) {
      add(p + ".q_norm.weight", {{"q", a.heads * a.head_dim}});
      add(p + ".k_norm.weight", {{"kv", a.kv_heads * a.head_dim}});
    }
  };
  // An MoE block: the router, the experts (the first top_k counted as a token's), the shared ones.
  auto add_moe = [&](const std::string& p) {
    add_linear(p + ".router", d, c.ffn.experts, c.ffn.router_bias);
    for (extent_t e = 0; e < c.ffn.experts; ++e)
      add_ffn(p + ".experts." + std::to_string(e), c.ffn.d_ff, e < c.ffn.top_k);
    const extent_t shared_d_ff = c.ffn.shared_d_ff > 0 ? c.ffn.shared_d_ff : c.ffn.d_ff;
    for (extent_t e = 0; e < c.ffn.shared_experts; ++e) add_ffn(p + ".shared." + std::to_string(e), shared_d_ff, true);
    if (c.ffn.shared_expert_gate) add_linear(p + ".shared_expert_gate", d, 1, false);
  };
  // Which layers are MoE layers, written as the families' code does it, one layer at a time.
  auto is_moe = [&](extent_t i) {
    if (c.ffn.experts == 0 || i < c.ffn.first_dense_layers) return false;
    return (i + c.ffn.moe_phase) % c.ffn.moe_every == 0;
  };
  const extent_t dense_d_ff = c.ffn.dense_d_ff > 0 ? c.ffn.dense_d_ff : c.ffn.d_ff;
  const extent_t stacks = c.decoder_layers > 0 ? 2 : 1;
  for (extent_t s = 0; s < stacks; ++s)
    if (c.relative_attention_buckets > 0)
      add("stack" + std::to_string(s) + ".relative_attention_bias",
          {{"buckets", c.relative_attention_buckets}, {"heads", a.heads}});
  for (extent_t l = 0; l < c.decoder_layers; ++l) {
    const std::string p = "decoder.layers." + std::to_string(l);
    for (extent_t n = 0; n < c.norms_per_layer + 1; ++n) add_norm(p + ".norm" + std::to_string(n));
    add_attention(p + ".self_attn");
    add_attention(p + ".cross_attn");
    if (c.ffn.experts == 0)
      add_ffn(p + ".mlp", c.ffn.d_ff, true);
    else
      add_moe(p + ".mlp");
  }
  if (c.final_norm && c.decoder_layers > 0) add_norm("decoder.norm");
  for (extent_t l = 0; l < c.layers; ++l) {
    const std::string p = "layers." + std::to_string(l);
    for (extent_t n = 0; n < c.norms_per_layer; ++n) add_norm(p + ".norm" + std::to_string(n));
    add_attention(p + ".self_attn");
    if (c.ffn.experts == 0)
      add_ffn(p + ".mlp", c.ffn.d_ff, true);
    else if (is_moe(l))
      add_moe(p + ".mlp");
    else
      add_ffn(p + ".mlp", dense_d_ff, true);
  }
  if (c.final_norm) add_norm("norm");
  if (!c.tied_embeddings && c.lm_head) add("lm_head", {{"vocab", c.vocab}, {"d_model", d}});
  return out;
}

models::model_config random_config(std::uint64_t seed)
{
  std::mt19937_64 rng(seed);
  auto pick = [&](extent_t lo, extent_t hi) { return std::uniform_int_distribution<extent_t>(lo, hi)(rng); };
  auto coin = [&] { return pick(0, 1) == 1; };
  models::model_config c;
  c.name = "generated";
  c.vocab = pick(1, 300);
  c.d_model = pick(1, 48);
  c.layers = pick(1, 7);
  c.attention.kv_heads = pick(1, 4);
  c.attention.heads = c.attention.kv_heads * pick(1, 4);
  c.attention.head_dim = pick(1, 24);
  c.attention.qk_norm = static_cast<models::qk_norm_kind>(pick(0, 2));
  if (pick(0, 3) == 0) {  // multi-head latent attention
    c.attention.q_lora_rank = pick(0, 12);
    c.attention.kv_lora_rank = pick(1, 12);
    c.attention.qk_rope_head_dim = pick(1, 8);
    c.attention.qk_nope_head_dim = pick(0, 8);
    c.attention.head_dim = c.attention.qk_nope_head_dim + c.attention.qk_rope_head_dim;
    c.attention.v_head_dim = pick(1, 8);
    c.attention.qk_norm = models::qk_norm_kind::none;
  }
  c.attention.qkv_bias = coin();
  c.attention.o_bias = coin();
  c.ffn.variant = all_variants[static_cast<std::size_t>(pick(0, all_variants.size() - 1))].name;
  c.ffn.d_ff = pick(1, 96);
  c.ffn.bias = coin();
  if (coin()) {
    c.ffn.experts = pick(1, 6);
    c.ffn.top_k = pick(1, c.ffn.experts);
    c.ffn.shared_experts = pick(0, 2);
    c.ffn.shared_d_ff = coin() ? 0 : pick(1, 64);
    c.ffn.router_bias = coin();
    c.ffn.shared_expert_gate = c.ffn.shared_experts > 0 && coin();
    c.ffn.first_dense_layers = pick(0, 4);
    c.ffn.moe_every = pick(1, 3);
    c.ffn.moe_phase = pick(0, 1);
    c.ffn.dense_d_ff = coin() ? 0 : pick(1, 64);
  }
  c.norm = coin() ? models::norm_kind::layer_norm : models::norm_kind::rms_norm;
  c.norms_per_layer = pick(0, 4);
  c.final_norm = coin();
  c.learned_positions = coin() ? pick(1, 64) : 0;
  c.tied_embeddings = coin();
  c.lm_head = pick(0, 3) > 0;
  if (coin()) {  // an encoder's extras
    c.token_type_rows = pick(1, 3);
    c.embedding_norm = coin();
    c.pooler = coin();
  }
  if (c.ffn.experts == 0 && coin()) {  // an encoder-decoder
    c.decoder_layers = pick(1, 3);
    c.relative_attention_buckets = pick(0, 8);
  }
  return c;
}

}  // namespace

TEST_CASE("a model's count equals its weight tensors counted element by element", "[property][models]")
{
  const auto seed = GENERATE(take(60, random(std::uint64_t{1}, std::uint64_t{1} << 40)));
  const auto c = random_config(seed);
  CAPTURE(seed, c.vocab, c.d_model, c.layers, c.attention.heads, c.attention.kv_heads, c.attention.head_dim,
          std::string(c.ffn.variant), c.ffn.d_ff, c.ffn.experts, c.ffn.top_k, c.ffn.shared_experts, c.tied_embeddings);

  std::int64_t total = 0, active = 0, ffn = 0;
  for (const auto& t : inventory(c)) {
    const std::int64_t n = test::count_elements(t.shape);
    total += n;
    if (t.active) active += n;
    if (t.name.find(".mlp.") != std::string::npos) ffn += n;  // every stack's FFNs, routers and shared experts
  }
  const auto m = models::count(c);
  CHECK(m.total.value() == total);
  CHECK(m.active.value() == active);
  CHECK(m.ffn_params().value() == ffn);
  CHECK(m.ffn_share() == static_cast<double>(ffn) / static_cast<double>(total));
  CHECK(m.total == m.embedding + m.positions + m.other + m.layer.total() * (c.layers - m.dense_layers) +
                       m.dense_layer.total() * m.dense_layers + m.decoder_layer.total() * c.decoder_layers +
                       m.final_norm + m.lm_head);
  CHECK(m.terms.sum() == m.total);
  CHECK(m.active_terms.sum() == m.active);
  // Only the routed experts differ between the total and a token's share.
  CHECK(m.total - m.active == m.terms.routed_experts - m.active_terms.routed_experts);
  extent_t moe_layers = 0;
  for (extent_t l = 0; l < c.layers; ++l) moe_layers += models::is_moe_layer(c, l) ? 1 : 0;
  CHECK(models::moe_layer_count(c) == moe_layers);
}

TEMPLATE_LIST_TEST_CASE("the spec types and the value-level counts agree on generated widths", "[property][models]",
                        test::random_configs)
{
  using D = typename TestType::d;
  using Dff = typename TestType::dff;
  boost::hana::for_each(boost::hana::tuple_t<relu_ffn<D, Dff, true>, gelu_tanh_ffn<D, Dff>, swiglu<D, Dff, true>,
                                             geglu<D, Dff>, bilinear<D, Dff>>,
                        [](auto t) {
                          using F = typename decltype(t)::type;
                          const auto v = *find_variant(F::name);
                          CAPTURE(F::name, D::extent, Dff::extent);
                          CHECK(F::params() == models::ffn_params(v, D::extent, Dff::extent, F::has_bias));
                          CHECK(F::elementwise_flops_per_token() ==
                                models::ffn_elementwise_flops(v, D::extent, Dff::extent, F::has_bias));
                        });

  // An MoE of this width, typed and as a config
  using layer = moe_ffn<swiglu<D, Dff>, 4, 2, 1>;
  const models::model_config c{
      .name = "moe",
      .vocab = 10,
      .d_model = D::extent,
      .layers = 1,
      .attention = {.heads = 1, .kv_heads = 1, .head_dim = 1},
      .ffn = {.variant = "swiglu", .d_ff = Dff::extent, .experts = 4, .top_k = 2, .shared_experts = 1}};
  const auto m = models::count(c);
  CHECK(m.layer.ffn == layer::params());
  CHECK(m.layer.ffn_active == layer::active_params());
  CHECK(m.ffn_matmul_flops_per_token == layer::matmul_flops_per_token());
  CHECK(m.ffn_elementwise_flops_per_token == layer::elementwise_flops_per_token());
}

TEST_CASE("dtype sizes: the bits of every value, rounded up to whole bytes", "[property][cost]")
{
  const auto n = GENERATE(take(50, random(std::int64_t{0}, std::int64_t{1} << 40)));
  for (const auto& dt : all_dtypes) {
    CAPTURE(dt.name, n);
    if (dt.block == 1) {
      // The bits of n values fill floor(bits·n / 8) bytes and part of one more
      const std::int64_t bits = n * dt.bits;
      CHECK(dt.bytes_of(cost::make_params(n)).value() == bits / 8 + (bits % 8 != 0 ? 1 : 0));
    } else {
      // A GGUF block is whole bytes; the last, partial block is stored whole
      REQUIRE(dt.bits % 8 == 0);
      const auto bytes = dt.bytes_of(cost::make_params(n)).value();
      CHECK(bytes % (dt.bits / 8) == 0);
      CHECK(bytes / (dt.bits / 8) * dt.block >= n);
      CHECK((bytes / (dt.bits / 8) - 1) * dt.block < std::max<std::int64_t>(n, 1));
    }
  }
  CHECK(training_bytes(cost::make_params(n)).value() == 16 * n);
}

TEST_CASE("a config that cannot describe a model is refused with the reason", "[models]")
{
  auto c = presets::mistral_7b::config;
  SECTION("num_key_value_heads must divide num_attention_heads, said in those names, with the values")
  {
    c.attention.kv_heads = 5;
    CHECK_THROWS_WITH(models::count(c), Contains("num_key_value_heads must divide num_attention_heads") &&
                                            Contains("num_key_value_heads = 5"));
  }
  SECTION("top_k must be between 1 and experts")
  {
    c.ffn.experts = 8;
    c.ffn.top_k = 9;
    CHECK_THROWS_WITH(models::count(c), Contains("top_k) must be between 1 and its number of experts") &&
                                            Contains("num_experts_per_tok = 9"));
    c.ffn.top_k = 0;
    CHECK_THROWS_AS(models::count(c), models::config_error);
  }
  SECTION("experts per token, or shared experts, without routed experts")
  {
    c.ffn.top_k = 2;
    CHECK_THROWS_WITH(models::count(c), Contains("need routed experts"));
    c.ffn.top_k = 0;
    c.ffn.shared_experts = 1;
    CHECK_THROWS_WITH(models::count(c), Contains("need routed experts"));
  }
  SECTION("an unknown variant is not guessed")
  {
    c.ffn.variant = "swish_glu";
    CHECK_THROWS_WITH(models::count(c), Contains("not one shapeproof knows"));
  }
  SECTION("zero or negative widths")
  {
    c.d_model = 0;
    CHECK_THROWS_AS(models::count(c), models::config_error);
  }
}

TEST_CASE("a count that would overflow 64 bits throws instead of wrapping", "[cost]")
{
  const auto huge = GENERATE(take(10, random(std::int64_t{1} << 33, std::int64_t{1} << 40)));
  CHECK_THROWS_AS(formula::gated_params(huge, huge, false), std::overflow_error);
  CHECK_THROWS_WITH(cost::make_params(std::numeric_limits<std::int64_t>::max()) + cost::make_params(huge),
                    Contains("must fit in 64 bits"));
  auto c = presets::llama_7b::config;
  c.vocab = huge;
  c.d_model = huge;
  CHECK_THROWS_AS(models::count(c), std::overflow_error);
}

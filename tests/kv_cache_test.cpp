// SPDX-License-Identifier: MIT
// The KV cache: models::kv_cache against a layer-by-layer count written here apart, over
// generated models; the typed attention's cache against the value-level one for every preset;
// per-rank caches as the split puts KV heads on ranks.
#include "random_widths.hpp"

#include <shapeproof/models/explain.hpp>
#include <shapeproof/models/kv_cache.hpp>
#include <shapeproof/shapeproof.hpp>

#include <catch2/catch.hpp>

#include <cstdint>

using namespace shapeproof;
__extension__ using wide = __int128;  // a GNU extension of both compilers

namespace {
// The cache the slow way: layer by layer, token count by token count, in 128-bit arithmetic.
wide cache_by_layer(const models::model_config& c, std::int64_t bytes_per_value, std::int64_t context,
                    std::int64_t batch, std::int64_t kv_heads)
{
  wide total = 0;
  for (std::int64_t layer = 0; layer < c.layers; ++layer) {
    const bool slides = layer < c.attention.sliding_layers;  // which ones slide changes no sum
    const std::int64_t held = slides && c.attention.sliding_window < context ? c.attention.sliding_window : context;
    const wide per_token = c.attention.latent() ? c.attention.kv_lora_rank + c.attention.qk_rope_head_dim
                                                : wide{2} * kv_heads * c.attention.head_dim;
    total += per_token * held * batch * bytes_per_value;
  }
  return total;
}
}  // namespace

TEST_CASE("the KV cache is every layer's keys and values for the tokens it holds", "[property][kv]")
{
  const auto kv_heads = GENERATE(take(4, random(1, 16)));
  const auto group = GENERATE(1, 4);
  const auto head_dim = GENERATE(take(3, random(1, 300)));
  const auto layers = GENERATE(take(3, random(1, 100)));
  const auto context = GENERATE(take(3, random(1, 200'000)));
  models::model_config c{.name = "generated",
                         .vocab = 1000,
                         .d_model = 512,
                         .layers = layers,
                         .attention = {.heads = kv_heads * group, .kv_heads = kv_heads, .head_dim = head_dim},
                         .ffn = {.variant = "swiglu", .d_ff = 1024}};
  const std::int64_t sliding = GENERATE(0, 1);
  if (sliding) {
    c.attention.sliding_layers = (layers + 1) / 2;
    c.attention.sliding_window = 4096;
  }
  const std::int64_t batch = GENERATE(1, 7);
  CAPTURE(kv_heads, group, head_dim, layers, context, sliding, batch);
  for (const auto* dt : {&dtype_info_of<f32>, &dtype_info_of<bf16>, &dtype_info_of<f8_e4m3>}) {
    const auto k = models::kv_cache(c, *dt, context, batch);
    CHECK(static_cast<wide>(k.bytes.value()) == cache_by_layer(c, dt->bits / 8, context, batch, kv_heads));
    CHECK(static_cast<wide>(k.bytes_per_token.value()) ==
          cache_by_layer(c, dt->bits / 8, 1, 1, kv_heads));  // one token: no window binds
    CHECK(k.layers == layers);
  }
}

TEST_CASE("a rank caches its own KV heads: split, replicated, or the whole latent", "[kv][sharding]")
{
  const auto bf16_info = dtype_info_of<bf16>;
  const auto& llama70 = presets::llama2_70b::config;  // 8 KV heads
  const auto whole = models::kv_cache(llama70, bf16_info, 4096);
  // tp 4: two KV heads each, a quarter of the cache
  const auto split = models::kv_cache_per_rank(llama70, {4, 1, models::kv_heads_policy::split}, bf16_info, 4096);
  CHECK(split.kv_heads == 2);
  CHECK(split.bytes * 4 == whole.bytes);
  // tp 16: one KV head each, replicated on two ranks: an eighth
  const auto replicated =
      models::kv_cache_per_rank(llama70, {16, 1, models::kv_heads_policy::replicated}, bf16_info, 4096);
  CHECK(replicated.kv_heads == 1);
  CHECK(replicated.bytes * 8 == whole.bytes);
  // Latent attention: every rank holds the whole latent and rope key
  const auto& deepseek = presets::deepseek_v3::config;
  CHECK(models::kv_cache_per_rank(deepseek, {8, 1, models::kv_heads_policy::split}, bf16_info, 1000).bytes ==
        models::kv_cache(deepseek, bf16_info, 1000).bytes);
  // ... which is no head's keys and values: it holds no KV heads
  CHECK(models::kv_cache(deepseek, bf16_info, 1000).kv_heads == 0);
  CHECK(models::kv_cache_per_rank(deepseek, {8, 1, models::kv_heads_policy::split}, bf16_info, 1000).kv_heads == 0);
}

TEST_CASE("each preset's typed attention has the value-level cache", "[kv][presets]")
{
  const auto bf16_info = dtype_info_of<bf16>;
  // One typed layer's cache times the layers, with the windows: the typed and the value-level
  // descriptions of the model, computed apart.
  auto check = [&](const models::model_config& c, auto layer, std::int64_t context) {
    using L = decltype(layer);
    CAPTURE(c.name, context);
    const auto k = models::kv_cache(c, bf16_info, context);
    CHECK(k.bytes_per_token == L::template kv_cache_bytes_per_token<bf16>() * c.layers);
    if (c.attention.sliding_layers == 0 || c.attention.sliding_layers == c.layers)
      CHECK(k.bytes == L::template kv_cache_bytes<bf16>(context) * c.layers);
  };
  for (const std::int64_t context : {1, 2047, 4096, 100'000}) {
    check(presets::llama_7b::config, presets::llama_7b::layer{}, context);
    check(presets::llama3_8b::config, presets::llama3_8b::layer{}, context);
    check(presets::mistral_7b::config, presets::mistral_7b::layer{}, context);
    check(presets::qwen3_8b::config, presets::qwen3_8b::layer{}, context);
    check(presets::phi3_mini_4k::config, presets::phi3_mini_4k::layer{}, context);
    check(presets::deepseek_v3::config, presets::deepseek_v3::layer{}, context);
    // Gemma 2: half its layers local
    const auto& g = presets::gemma2_9b::config;
    CHECK(models::kv_cache(g, bf16_info, context).bytes ==
          presets::gemma2_9b::layer::kv_cache_bytes<bf16>(context) * (g.layers - g.attention.sliding_layers) +
              presets::gemma2_9b::local_layer::kv_cache_bytes<bf16>(context) * g.attention.sliding_layers);
    // Gemma 3: a stack of five local layers to one global, at run time too
    for (const std::int64_t batch : {1, 3})
      CHECK(models::kv_cache(presets::gemma3_1b::config, bf16_info, context, batch).bytes ==
            presets::gemma3_1b::layers::kv_cache_bytes<bf16>(context) * batch);
  }
}

TEST_CASE("published KV cache sizes", "[kv][presets]")
{
  const auto bf16_info = dtype_info_of<bf16>;
  // Llama-3-8B: 128 KiB per token in 16 bits (32 layers, 8 KV heads of 128).
  CHECK(models::kv_cache(presets::llama3_8b::config, bf16_info, 1).bytes_per_token.value() == 128 * 1024);
  // DeepSeek-V3: 70,272 bytes per token (61 layers of a 512 latent and a 64 rope key), where
  // 128 heads of keys (192) and values (128) would be 160 KiB per layer.
  CHECK(models::kv_cache(presets::deepseek_v3::config, bf16_info, 1).bytes_per_token.value() == 61 * 576 * 2);
  // Mistral-7B-v0.1 at 32K holds 4096 tokens a layer: 512 MiB, not 4 GiB.
  CHECK(models::kv_cache(presets::mistral_7b::config, bf16_info, 32768).bytes.value() == 512LL << 20);
  // BERT keeps none; T5 caches self- and cross-attention in each of its 12 decoder layers.
  CHECK(models::kv_cache(presets::bert_base_uncased::config, bf16_info, 512).bytes.value() == 0);
  CHECK(models::kv_cache(presets::t5_v1_1_base::config, bf16_info, 1).layers == 24);
}

TEST_CASE("a context or batch below 1, and sliding layers without a window, are refused", "[kv]")
{
  const auto bf16_info = dtype_info_of<bf16>;
  CHECK_THROWS_AS(models::kv_cache(presets::llama3_8b::config, bf16_info, 0), models::config_error);
  CHECK_THROWS_AS(models::kv_cache(presets::llama3_8b::config, bf16_info, 10, 0), models::config_error);
  auto c = presets::llama3_8b::config;
  c.attention.sliding_layers = 4;
  CHECK_THROWS_AS(models::validate(c), models::config_error);
  c.attention.sliding_window = 512;
  CHECK_NOTHROW(models::validate(c));
  c.attention.sliding_layers = 33;
  CHECK_THROWS_AS(models::validate(c), models::config_error);
  CHECK_FALSE(models::kv_cache_dtype(dtype_info_of<int4>));
  CHECK_FALSE(models::kv_cache_dtype(dtype_info_of<q8_0>));
  // the caches engines keep: 32-bit, both 16-bit and both 8-bit floats
  for (const auto& d :
       {dtype_info_of<f32>, dtype_info_of<f16>, dtype_info_of<bf16>, dtype_info_of<f8_e4m3>, dtype_info_of<f8_e5m2>})
    CHECK(models::kv_cache_dtype(d));
}

TEST_CASE("explain attention's terms are the typed attention's counts", "[kv][explain]")
{
  const auto e = explain::explain_attention(4096, 32, 8, 128);
  CHECK(e.total_params == presets::llama3_8b::attention::params());
  CHECK(e.matmul_flops_per_token == presets::llama3_8b::attention::matmul_flops_per_token());
  const auto g = explain::explain_attention(3072, 16, 16, 256);  // Gemma-7B: heads·head_dim is not D
  CHECK(g.total_params == presets::gemma_7b::attention::params());
}

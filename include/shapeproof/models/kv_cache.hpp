// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief The KV cache of a whole model, exact: per token, and for a batch of sequences of a
 * context, with sliding windows applied, whole or per tensor-parallel rank.
 *
 * A layer of grouped-query attention caches a key and a value per KV head per token: `2 ·
 * kv_heads · head_dim` values, whatever `d_model / heads` is. A sliding-window layer holds at most
 * its window's tokens. A multi-head latent attention layer caches one latent of `kv_lora_rank`
 * and one rope key of `qk_rope_head_dim` per token, shared by every head, and every
 * tensor-parallel rank holds all of it. An encoder (BERT) keeps no cache; an encoder-decoder
 * (T5) caches its decoder's self-attention and, over the encoder's output, its cross-attention.
 *
 * The accounting is a serving engine's, vLLM's (a sliding layer's cache is its window; a latent
 * layer's is the latent and the rope key, replicated over the ranks), without its paging: the
 * bytes of the tokens held, not of the blocks that hold them.
 *
 * @code
 * constexpr auto kv = models::kv_cache(presets::llama3_8b::config, dtype_info_of<bf16>, 8192);
 * static_assert(kv.bytes_per_token == 131'072_bytes && kv.bytes == cost::make_bytes(1LL << 30));
 * @endcode
 */

#include <shapeproof/cost/dtype.hpp>
#include <shapeproof/cost/quantity.hpp>
#include <shapeproof/models/model.hpp>
#include <shapeproof/models/sharding.hpp>

#include <string_view>

namespace shapeproof::models {

/// A model's KV cache in one dtype, for `batch` sequences of `context` tokens.
struct kv_cache_counts {
  std::string_view dtype;
  extent_t context = 0;
  extent_t batch = 0;
  extent_t layers = 0;          ///< layers that keep a cache (a T5 decoder layer: two, self and cross)
  extent_t sliding_layers = 0;  ///< of them, those that hold at most `sliding_window` tokens
  extent_t sliding_window = 0;
  extent_t values_per_token_per_layer = 0;  ///< keys and values, or the latent and the rope key
  extent_t kv_heads = 0;                    ///< per layer (per rank when split); 0 for latent attention
  cost::bytes bytes_per_token_per_layer;
  cost::bytes bytes_per_token;  ///< summed over the layers, for a context no longer than any window
  cost::bytes bytes;            ///< for `batch` sequences of `context` tokens, the windows applied
};

namespace detail {
/// The cache given the KV heads a rank holds (`kv_heads` of the whole model when not split).
constexpr kv_cache_counts kv_cache_with(const model_config& config, const dtype_info& dtype, extent_t context,
                                        extent_t batch, extent_t kv_heads)
{
  const model_config& c = validate(config);
  const auto& a = c.attention;
  if (context < 1 || batch < 1) invalid_model_config("a KV cache's context and batch must be 1 or more");
  kv_cache_counts k;
  k.dtype = dtype.name;
  k.context = context;
  k.batch = batch;
  if (!c.causal) return k;  // an encoder keeps none
  k.kv_heads = a.latent() ? 0 : kv_heads;
  k.values_per_token_per_layer = a.latent() ? cost::checked_add(a.kv_lora_rank, a.qk_rope_head_dim)
                                            : cost::checked_product(2, kv_heads, a.head_dim);
  // A T5 decoder layer caches its self-attention and its cross-attention (over an encoder input
  // of `context` tokens too); its encoder keeps none.
  k.layers = c.decoder_layers > 0 ? 2 * c.decoder_layers : c.layers;
  k.sliding_layers = a.sliding_layers;
  k.sliding_window = a.sliding_window;
  k.bytes_per_token_per_layer = dtype.bytes_of(cost::make_params(k.values_per_token_per_layer));
  k.bytes_per_token = k.bytes_per_token_per_layer * k.layers;
  const extent_t held_by_sliding = a.sliding_window < context ? a.sliding_window : context;
  const extent_t tokens = cost::checked_add(cost::checked_mul(k.layers - k.sliding_layers, context),
                                            cost::checked_mul(k.sliding_layers, held_by_sliding));
  k.bytes = dtype.bytes_of(cost::make_params(cost::checked_product(k.values_per_token_per_layer, tokens, batch)));
  return k;
}
}  // namespace detail

/// The whole model's KV cache in `dtype`, for `batch` sequences of `context` tokens.
constexpr kv_cache_counts kv_cache(const model_config& c, const dtype_info& dtype, extent_t context, extent_t batch = 1)
{
  return detail::kv_cache_with(c, dtype, context, batch, c.attention.kv_heads);
}

/// What one tensor-parallel rank of `p` caches: its KV heads' keys and values (split, or one
/// replicated head), or the whole latent of latent attention.
constexpr kv_cache_counts kv_cache_per_rank(const model_config& c, const parallel_config& p, const dtype_info& dtype,
                                            extent_t context, extent_t batch = 1)
{
  return detail::kv_cache_with(c, dtype, context, batch, count_per_rank(c, p).kv_heads);
}

/// The dtypes a KV cache is stored in: the floating-point ones (an 8-bit float is one byte).
constexpr bool kv_cache_dtype(const dtype_info& d)
{
  return d.name == "f32" || d.name == "f16" || d.name == "bf16" || d.name == "f8_e4m3" || d.name == "f8_e5m2";
}

}  // namespace shapeproof::models

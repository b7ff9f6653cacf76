// SPDX-License-Identifier: MIT
// Proofs of typed attention and the typed decoder layer: their counts against the whole-model
// count of every preset, their KV caches against figures derived by hand, and the forms rule 12
// accepts (grouped-query, multi-query, heads·head_dim unlike D, partial rotary, q/k norms, windows,
// latent attention). Their refusals are the negative proofs proofs/fail/attention_*.cpp and layer_*.cpp.
#include <shapeproof/models/kv_cache.hpp>
#include <shapeproof/models/model.hpp>
#include <shapeproof/models/presets.hpp>
#include <shapeproof/variants/decoder_layer.hpp>

#include <concepts>

namespace proofs_attention {
using namespace shapeproof;
using namespace shapeproof::literals;
using models::count;

// --- Every preset's typed layer has the whole-model count's parameters per layer ---------------
// Two computations that share nothing: the typed layer sums its linears' and norms' own counts;
// models::count uses the closed forms of attention_params over a model_config.
template<typename Preset>
constexpr bool layer_is_the_counted_one()
{
  return Preset::layer::params() == count(Preset::config).layer.total();
}
static_assert(layer_is_the_counted_one<presets::gpt2_small>());
static_assert(layer_is_the_counted_one<presets::llama_7b>());
static_assert(layer_is_the_counted_one<presets::llama2_70b>());
static_assert(layer_is_the_counted_one<presets::llama3_8b>());
static_assert(layer_is_the_counted_one<presets::mistral_7b>());
static_assert(layer_is_the_counted_one<presets::mixtral_8x7b>());
static_assert(layer_is_the_counted_one<presets::mixtral_8x22b>());
static_assert(layer_is_the_counted_one<presets::qwen2_0_5b>());
static_assert(layer_is_the_counted_one<presets::gemma_7b>());
static_assert(layer_is_the_counted_one<presets::bert_base_uncased>());
static_assert(layer_is_the_counted_one<presets::t5_v1_1_base>());  // an encoder layer
static_assert(layer_is_the_counted_one<presets::gemma2_2b>());
static_assert(layer_is_the_counted_one<presets::gemma2_9b>());
static_assert(layer_is_the_counted_one<presets::phi3_mini_4k>());
static_assert(layer_is_the_counted_one<presets::qwen3_8b>());
static_assert(layer_is_the_counted_one<presets::qwen3_30b_a3b>());
static_assert(layer_is_the_counted_one<presets::olmo2_7b>());
static_assert(layer_is_the_counted_one<presets::deepseek_v3>());  // an MoE layer
static_assert(layer_is_the_counted_one<presets::gemma3_1b>());
static_assert(presets::deepseek_v3::dense_layer::params() == count(presets::deepseek_v3::config).dense_layer.total());
// Qwen1.5-MoE's shared expert has a gate of its own, d -> 1, outside the typed MoE.
static_assert(presets::qwen1_5_moe_a2_7b::layer::params() + presets::qwen1_5_moe_a2_7b::shared_expert_gate::params() ==
              count(presets::qwen1_5_moe_a2_7b::config).layer.total());
// An MoE layer's active parameters are its top_k experts'.
static_assert(presets::mixtral_8x7b::layer::active_params() ==
              count(presets::mixtral_8x7b::config).layer.attention +
                  count(presets::mixtral_8x7b::config).layer.ffn_active +
                  count(presets::mixtral_8x7b::config).layer.norms);
// A local layer has a global one's parameters: a window changes the cache, not the weights.
static_assert(presets::gemma2_9b::local_layer::params() == presets::gemma2_9b::layer::params());
// And the whole model is its layers and the rest.
static_assert(count(presets::llama3_8b::config).total ==
              presets::llama3_8b::layer::params() * 32 + count(presets::llama3_8b::config).embedding * 2 +
                  cost::make_params(4096));

// --- The attention by hand ---------------------------------------------------------------------
// Llama-3-8B: q 4096·4096, k and v 4096·1024 each (8 KV heads of 128), o 4096·4096.
using llama3 = presets::llama3_8b::attention;
static_assert(llama3::params() == cost::make_params(2 * 4096 * 4096 + 2 * 4096 * 1024));
static_assert(llama3::heads == 32 && llama3::kv_heads == 8 && llama3::head_dim::extent == 128);
static_assert(llama3::matmul_flops_per_token() == cost::make_flops(2 * (2 * 4096 * 4096 + 2 * 4096 * 1024)));
// Gemma-7B: 16 heads of 256 are 4096 wide, not D = 3072; o reads 4096 and returns to 3072.
using gemma = presets::gemma_7b::attention;
static_assert(gemma::q::out::extent == 4096 && gemma::o::in::extent == 4096 && gemma::o::out::extent == 3072);
static_assert(std::same_as<typename gemma::o::out, presets::gemma_7b::d_model>);
// Multi-query: one KV head.
struct d_model final : model_width<2048> {};
struct head_dim final : dim<64> {};
using mqa = gqa_attention<d_model, 32, 1, head_dim>;
static_assert(mqa::k::out::extent == 64 && mqa::kv_values_per_token() == 2 * 64);
// Partial rotary (Phi-2 rotates 32 of each head's 80 values) and an explicit declaration.
struct phi_head final : dim<80> {};
struct phi_q final : dim<2560> {};
using phi2_like = attention_of<32, 32, phi_head, linear<d_model, phi_q, true>, linear<d_model, phi_q, true>,
                               linear<d_model, phi_q, true>, linear<phi_q, d_model, true>, rotary<32>>;
static_assert(phi2_like::rotary_dim == 32 && phi2_like::qkv_bias && phi2_like::o_bias);
// q/k norms: per head (2·head_dim weights) or over the whole outputs (q's and k's widths).
static_assert(presets::qwen3_8b::attention::params() ==
              cost::make_params(2 * 4096 * 4096 + 2 * 4096 * 1024 + 2 * 128));
static_assert(presets::olmo2_7b::attention::params() == cost::make_params(4 * 4096 * 4096 + 2 * 4096));
// Attention keeps [T, D] as it is.
struct tokens final : dim<dynamic> {};
static_assert(std::same_as<llama3::output_chain_t<shape<tokens, presets::llama3_8b::d_model>>,
                           shape<tokens, presets::llama3_8b::d_model>>);
static_assert(std::same_as<presets::llama3_8b::layer::output_chain_t<shape<tokens, presets::llama3_8b::d_model>>,
                           shape<tokens, presets::llama3_8b::d_model>>);

// --- The KV cache ------------------------------------------------------------------------------
// Llama-3-8B in bf16: k and v, 8 KV heads of 128, 2 bytes each: 4 KiB per token per layer, 128 KiB
// per token over its 32 layers; 16 GiB for a 128K context.
static_assert(llama3::kv_cache_bytes_per_token<bf16>() == 4'096_bytes);
static_assert(llama3::kv_cache_bytes_per_token<bf16>() * 32 == 131'072_bytes);
static_assert(llama3::kv_cache_bytes<bf16>(131'072) * 32 == cost::make_bytes(16LL << 30));
// In f8 (one byte) half that; in f32 twice.
static_assert(llama3::kv_cache_bytes_per_token<f8_e4m3>() == 2'048_bytes);
static_assert(llama3::kv_cache_bytes_per_token<f32>() == 8'192_bytes);
// Mistral-7B-v0.1 slides a 4096-token window: past it the cache stops growing.
using mistral = presets::mistral_7b::attention;
static_assert(mistral::window == 4096);
static_assert(mistral::kv_cache_bytes<bf16>(1'000) == mistral::kv_cache_bytes_per_token<bf16>() * 1'000);
static_assert(mistral::kv_cache_bytes<bf16>(32'768) == mistral::kv_cache_bytes<bf16>(4'096));
static_assert(mistral::kv_cache_bytes<bf16>(32'768) == cost::make_bytes(2 * 8 * 128 * 2 * 4096));
// Gemma-2-9B at 8192 tokens: a global layer holds them all, a local one its 4096.
static_assert(presets::gemma2_9b::layer::kv_cache_bytes<bf16>(8'192) ==
              presets::gemma2_9b::local_layer::kv_cache_bytes<bf16>(8'192) * 2);
// DeepSeek-V3's latent attention caches one latent of 512 and one rope key of 64 per token per
// layer, whatever its 128 heads: 1152 bytes in bf16, 70,272 over its 61 layers, where 128 heads'
// keys and values of 192 and 128 would be 160 KiB per layer.
using deepseek = presets::deepseek_v3::attention;
static_assert(deepseek::kv_values_per_token() == 512 + 64);
static_assert(deepseek::kv_cache_bytes_per_token<bf16>() == 1'152_bytes);
static_assert(deepseek::kv_cache_bytes_per_token<bf16>() * 61 == 70'272_bytes);
static_assert(deepseek::head_dim_extent == 192 && deepseek::q_lora_rank == 1536 && deepseek::kv_lora_rank == 512);

// --- Local and global layers as one type: the stack is the config's ----------------------------
// A stack's layers, its sliding layers and their window are the config's; its parameters are
// every layer's; its KV cache at any context is models::kv_cache's, which counts the layers from
// the config's numbers alone.
template<typename Preset>
constexpr bool stack_is_the_config()
{
  using stack = typename Preset::layers;
  const auto& c = Preset::config;
  const auto kv = [](extent_t context) { return models::kv_cache(c, dtype_info_of<bf16>, context).bytes; };
  return stack::num_layers == c.layers && stack::windowed_layers() == c.attention.sliding_layers &&
         stack::window == c.attention.sliding_window && stack::params() == count(c).layer.total() * c.layers &&
         stack::template kv_cache_bytes<bf16>(1) == kv(1) && stack::template kv_cache_bytes<bf16>(512) == kv(512) &&
         stack::template kv_cache_bytes<bf16>(4'097) == kv(4'097) &&
         stack::template kv_cache_bytes<bf16>(131'072) == kv(131'072) &&
         stack::template kv_cache_bytes_per_token<bf16>() == models::kv_cache(c, dtype_info_of<bf16>, 1).bytes_per_token;
}
static_assert(stack_is_the_config<presets::gemma2_2b>());
static_assert(stack_is_the_config<presets::gemma2_9b>());
static_assert(stack_is_the_config<presets::gemma3_1b>());
// Gemma-3-1B: layers 5, 11, 17 and 23 are global, the other 22 local.
using gemma3_layers = presets::gemma3_1b::layers;
static_assert(gemma3_layers::period == 6 && gemma3_layers::count_of(5) == 4 && gemma3_layers::count_of(0) == 5 &&
              gemma3_layers::count_of(1) == 5 && gemma3_layers::count_of(2) == 4);
// At 32K: a layer caches 2 · 1 · 256 values (1 KiB) per token; 4 global layers hold 32768 tokens,
// 22 local ones 512.
static_assert(gemma3_layers::kv_cache_bytes<bf16>(32'768) == cost::make_bytes(1024 * (4 * 32'768 + 22 * 512)));
static_assert(gemma3_layers::kv_cache_bytes_per_token<bf16>() == 26'624_bytes);
// The stack and the rest are the model.
static_assert(count(presets::gemma3_1b::config).total ==
              gemma3_layers::params() + count(presets::gemma3_1b::config).embedding + cost::make_params(1152));
// A model of one kind is a stack of one.
static_assert(layer_stack<32, presets::llama3_8b::layer>::params() == presets::llama3_8b::layer::params() * 32);

// --- Concepts ----------------------------------------------------------------------------------
static_assert(Attention<llama3> && Attention<deepseek> && !Attention<presets::llama3_8b::ffn>);
static_assert(DecoderLayer<presets::deepseek_v3::layer> && !DecoderLayer<llama3>);

// --- gpt-oss: sinks in the type, and the tie to a config with them ---------------------------
// One learned logit per query head: 64 weights a layer, nothing in the cache. Its attention has
// biases on q, k, v and o; even layers slide over 128 tokens. 26,550,144 per layer, worked out by
// hand: q 2880·4096 + 4096, k and v 2880·512 + 512, o 4096·2880 + 2880, and 64 sinks.
namespace gpt_oss_20b {
struct d_model final : model_width<2880> {};
struct head_dim final : dim<64> {};
inline constexpr models::model_config config{.name = "gpt-oss-20b", .vocab = 201088, .d_model = 2880, .layers = 24,
    .attention = {.heads = 64, .kv_heads = 8, .head_dim = 64, .qkv_bias = true, .o_bias = true, .sinks = true,
                  .sliding_window = 128, .sliding_layers = 12},
    .ffn = {.variant = "swiglu", .d_ff = 2880, .bias = true, .experts = 32, .top_k = 4, .router_bias = true}};
using global = gqa_attention_with_bias<d_model, 64, 8, head_dim, true, rotary<64>, attention_sinks>;
using local = gqa_attention_with_bias<d_model, 64, 8, head_dim, true, rotary<64>, sliding_window<128>, attention_sinks>;
using no_sinks = gqa_attention_with_bias<d_model, 64, 8, head_dim, true, rotary<64>>;
static_assert(global::sinks && !no_sinks::sinks);
static_assert(global::params() == 26'550'144_params);
static_assert(global::params() == count(config).layer.attention);
static_assert(no_sinks::params() + 64_params == global::params());
static_assert(models::checked<config, void, global>::valid && models::checked<config, void, local>::valid);
static_assert(models::checked<config>::counts.total == 20'914'757'184_params);
// Sinks are weights, not cache: 2 · 8 · 64 values a token, a sliding layer at most 128 tokens
static_assert(local::kv_cache_bytes_per_token<bf16>() == no_sinks::kv_cache_bytes_per_token<bf16>());
static_assert(local::kv_cache_bytes<bf16>(131'072) == 2'048_bytes * 128);
static_assert(global::kv_cache_bytes<bf16>(131'072) == 2'048_bytes * 131'072);
}  // namespace gpt_oss_20b

}  // namespace proofs_attention

// SPDX-License-Identifier: MIT
// Proofs of real models' totals against their published numbers. Each preset's FFN spec type
// agrees with its whole-model description, and its widths follow the model's sizing rule.
#include <shapeproof/models/model.hpp>
#include <shapeproof/models/presets.hpp>
#include <shapeproof/models/sizing.hpp>

namespace proofs_presets {
using namespace shapeproof;
using namespace shapeproof::literals;
using models::count;

// Rounds n to `digits` significant figures of `unit` (1e6, 1e9): how a model card quotes a count.
constexpr std::int64_t rounded(cost::params n, std::int64_t unit, std::int64_t tenths)
{
  const std::int64_t step = unit / tenths;
  return (n.value() + step / 2) / step;  // in units of `step`
}

// --- GPT-2 small: 124,439,808 with the LM head tied to the token embedding ---------------------
// Source: Hugging Face transformers, GPT2LMHeadModel.from_pretrained("gpt2").num_parameters()
// (the model card's "124M"; Radford et al., 2019, quoted 117M for the same model).
constexpr auto gpt2 = count(presets::gpt2_small::config);
static_assert(gpt2.total == 124'439'808_params);
static_assert(gpt2.lm_head == 0_params && gpt2.embedding == 38'597'376_params);  // 50257 · 768
static_assert(gpt2.positions == 786'432_params);                                  // 1024 · 768
static_assert(gpt2.layer.norms == 3'072_params);                                  // two LayerNorms: 2 · (768 + 768)
static_assert(gpt2.layer.ffn == presets::gpt2_small::ffn::params());
static_assert(rounded(gpt2.total, 1'000'000, 1) == 124);  // "124M"

// --- LLaMA-7B: 6,738,415,616 ------------------------------------------------------------------
// Source: the Hugging Face conversion (huggyllama/llama-7b), num_parameters(); Touvron et al.,
// 2023, Table 2, quote it as 6.7B.
constexpr auto llama = count(presets::llama_7b::config);
static_assert(llama.total == 6'738'415'616_params);
static_assert(llama.layer.ffn == 135'266'304_params && llama.layer.ffn == presets::llama_7b::ffn::params());
static_assert(llama.layer.attention == cost::make_params(4 * 4096 * 4096));
static_assert(rounded(llama.total, 1'000'000'000, 10) == 67);  // "6.7B"
static_assert(presets::llama_7b::d_ff::extent == sizing::llama_hidden(4096, 256));

// --- Llama-2-70B: 68,976,648,192 (grouped-query attention, 8 KV heads) --------------------------
// Source: the Hugging Face checkpoint meta-llama/Llama-2-70b-hf, num_parameters(); Touvron et
// al., 2023b, call it 70B, a nominal size: the exact count rounds to 69.0B.
constexpr auto llama2 = count(presets::llama2_70b::config);
static_assert(llama2.total == 68'976'648'192_params);
static_assert(llama2.layer.attention == cost::make_params(2 * 8192 * 8192 + 2 * 8192 * 1024));  // q, o; k, v
static_assert(llama2.layer.ffn == presets::llama2_70b::ffn::params());
static_assert(rounded(llama2.total, 1'000'000'000, 10) == 690);
static_assert(presets::llama2_70b::d_ff::extent == sizing::llama_hidden(8192, 4096, {13, 10}));

// --- Llama-3-8B: 8,030,261,248 ---------------------------------------------------------------
// Source: meta-llama/Meta-Llama-3-8B's model card, "8B" (8.03B on its Hugging Face page).
constexpr auto llama3 = count(presets::llama3_8b::config);
static_assert(llama3.total == 8'030'261'248_params);
static_assert(rounded(llama3.total, 1'000'000'000, 100) == 803);  // "8.03B"
static_assert(presets::llama3_8b::d_ff::extent == sizing::llama_hidden(4096, 1024, {13, 10}));

// --- Mistral-7B-v0.1: 7,241,732,096 ------------------------------------------------------------
// Source: mistralai/Mistral-7B-v0.1's model.safetensors.index.json, "total_size": 14483464192
// bytes of bf16 weights, two bytes each; the Hugging Face page quotes 7.24B.
constexpr auto mistral = count(presets::mistral_7b::config);
static_assert(mistral.total == 7'241'732'096_params);
static_assert(weight_bytes(mistral, dtype_info_of<bf16>) == 14'483'464'192_bytes);
static_assert(rounded(mistral.total, 1'000'000'000, 100) == 724);  // "7.24B"
static_assert(mistral.layer.ffn == presets::mistral_7b::ffn::params());

// --- Mixtral-8x7B: 46,702,792,704 in all, 12,879,925,248 active ---------------------------------
// Source: mistralai/Mixtral-8x7B-v0.1's model.safetensors.index.json, "total_size": 93405585408
// bytes of bf16; Jiang et al., 2024 ("Mixtral of Experts"), §2: 47B parameters, 13B active.
constexpr auto mixtral = count(presets::mixtral_8x7b::config);
static_assert(mixtral.total == 46'702'792'704_params);
static_assert(mixtral.active == 12'879'925'248_params);
static_assert(weight_bytes(mixtral, dtype_info_of<bf16>) == 93'405'585'408_bytes);
static_assert(rounded(mixtral.total, 1'000'000'000, 1) == 47 && rounded(mixtral.active, 1'000'000'000, 1) == 13);
static_assert(mixtral.layer.ffn == presets::mixtral_8x7b::ffn::params());
static_assert(mixtral.layer.ffn_active == presets::mixtral_8x7b::ffn::active_params());
static_assert(mixtral.ffn_matmul_flops_per_token == presets::mixtral_8x7b::ffn::matmul_flops_per_token());
static_assert(mixtral.ffn_elementwise_flops_per_token == presets::mixtral_8x7b::ffn::elementwise_flops_per_token());
// Mixtral is Mistral-7B with each FFN replaced by 8 experts and a router
static_assert(mixtral.total - mistral.total == (presets::mistral_7b::ffn::params() * 7 + 4096 * 8 * 1_params) * 32);

// --- Mixtral-8x7B's active count, term by term --------------------------------------------------
// The 12.9B counts the embedding and the LM head: every term but the six experts a token skips.
static_assert(mixtral.active_terms.sum() == mixtral.active && mixtral.terms.sum() == mixtral.total);
static_assert(mixtral.active_terms.embedding == 131'072'000_params && mixtral.active_terms.lm_head == 131'072'000_params);
static_assert(mixtral.total - mixtral.active == presets::mixtral_8x7b::ffn::expert::params() * 6 * 32);
static_assert(mixtral.active_terms.routed_experts == presets::mixtral_8x7b::ffn::expert::params() * 2 * 32);
static_assert(mixtral.active_terms.router == 4096 * 8 * 32 * 1_params && mixtral.terms.dense_ffn == 0_params);

// --- Gemma-2: 2,614,341,888 and 9,241,705,984 (four norms per layer, tied head) -----------------
// Source: google/gemma-2-2b and google/gemma-2-9b, model.num_parameters() of Gemma2ForCausalLM
// (the model cards' "2.6B" and "9B" classes; Gemma Team, 2024, "Gemma 2", Table 2).
constexpr auto gemma2_2b = count(presets::gemma2_2b::config);
static_assert(gemma2_2b.total == 2'614'341'888_params);
static_assert(gemma2_2b.layer.norms == 4 * 2304 * 1_params && gemma2_2b.layer.ffn == presets::gemma2_2b::ffn::params());
constexpr auto gemma2_9b = count(presets::gemma2_9b::config);
static_assert(gemma2_9b.total == 9'241'705'984_params);
static_assert(gemma2_9b.layer.ffn == presets::gemma2_9b::ffn::params());

// --- Gemma-3-1B: 999,885,952 (q/k norms per head, one KV head, tied head) ----------------------
// Source: google/gemma-3-1b-pt's checkpoint, 999,885,952 parameters (KerasHub's gemma3_1b preset
// says the same); Gemma Team, 2025, "Gemma 3 Technical Report", Table 1: 302M embedding
// parameters and 698M others.
constexpr auto gemma3_1b = count(presets::gemma3_1b::config);
static_assert(gemma3_1b.total == 999'885'952_params);
static_assert(rounded(gemma3_1b.embedding, 1'000'000, 1) == 302);
static_assert(rounded(gemma3_1b.total - gemma3_1b.embedding, 1'000'000, 1) == 698);
// Per layer: q 1152·1024, k and v 1152·256 each, o 1024·1152 and q/k norms of 256; four norms.
static_assert(gemma3_1b.layer.attention == (2 * 1152 * 1024 + 2 * 1152 * 256 + 2 * 256) * 1_params);
static_assert(gemma3_1b.layer.norms == 4 * 1152 * 1_params);

// --- Phi-3-mini-4k-instruct: 3,821,079,552 ------------------------------------------------------
// Source: microsoft/Phi-3-mini-4k-instruct, model.num_parameters() (the model card's "3.8B").
// The fused gate_up_proj is [2·8192, 3072]: the same parameters as gate and up apart.
constexpr auto phi3 = count(presets::phi3_mini_4k::config);
static_assert(phi3.total == 3'821'079'552_params);
static_assert(phi3.layer.ffn == presets::phi3_mini_4k::ffn::params());
static_assert(rounded(phi3.total, 1'000'000'000, 10) == 38);

// --- Qwen1.5-MoE-A2.7B: 14,315,784,192 ----------------------------------------------------------
// Source: Qwen/Qwen1.5-MoE-A2.7B, model.num_parameters(); the blog post "Qwen1.5-MoE: Matching
// 7B Model Performance with 1/3 Activated Parameters": 14.3B in all, 2.7B activated.
constexpr auto qwen_moe = count(presets::qwen1_5_moe_a2_7b::config);
static_assert(qwen_moe.total == 14'315'784'192_params);
static_assert(qwen_moe.layer.ffn == presets::qwen1_5_moe_a2_7b::ffn::params() + 2048 * 1_params);  // + shared_expert_gate
static_assert(rounded(qwen_moe.active, 1'000'000'000, 10) == 27);  // with the embedding and the head, as Mixtral's

// --- Qwen3-8B: 8,190,735,360; Qwen3-30B-A3B: 30,532,122,624 ------------------------------------
// Source: Qwen/Qwen3-8B and Qwen/Qwen3-30B-A3B, model.num_parameters() (the model cards: "8.2B",
// "30.5B in total and 3.3B activated").
constexpr auto qwen3 = count(presets::qwen3_8b::config);
static_assert(qwen3.total == 8'190'735'360_params);
static_assert(qwen3.layer.attention == (2 * 4096 * 4096 + 2 * 4096 * 1024 + 2 * 128) * 1_params);  // q, o; k, v; q_norm, k_norm
constexpr auto qwen3_moe = count(presets::qwen3_30b_a3b::config);
static_assert(qwen3_moe.total == 30'532'122'624_params);
static_assert(qwen3_moe.layer.ffn == presets::qwen3_30b_a3b::ffn::params());
static_assert(qwen3_moe.active.value() / 100'000'000 == 33);  // 3.35B; the card's "3.3B" truncates

// --- OLMo-2-1124-7B: 7,298,617,344 --------------------------------------------------------------
// Source: allenai/OLMo-2-1124-7B, model.num_parameters() (the model card's "7B" class).
constexpr auto olmo2 = count(presets::olmo2_7b::config);
static_assert(olmo2.total == 7'298'617'344_params);
static_assert(olmo2.layer.attention == (4 * 4096 * 4096 + 2 * 4096) * 1_params);  // q_norm, k_norm over 4096 each

// --- DeepSeek-V3: 671,026,419,200 without the MTP layer -----------------------------------------
// Source: DeepSeek-AI, 2024, "DeepSeek-V3 Technical Report": 671B in all, 37B activated; the
// repository's weights notes: the main model 671B, 36.6B activated (with 0.9B of output head,
// without the input embedding), the MTP module 11.5B unique parameters.
constexpr auto dsv3 = count(presets::deepseek_v3::config);
static_assert(dsv3.total == 671'026'419'200_params);
static_assert(dsv3.dense_layers == 3 && dsv3.dense_layer.ffn == presets::deepseek_v3::dense_ffn::params());
static_assert(dsv3.layer.ffn == presets::deepseek_v3::ffn::params());
static_assert(rounded(dsv3.active - dsv3.active_terms.embedding, 1'000'000'000, 10) == 366);
static_assert(rounded(dsv3.active_terms.lm_head, 1'000'000'000, 10) == 9);
static_assert(rounded(dsv3.layer.total(), 1'000'000'000, 10) == 115);  // the MTP module's layer: "11.5B unique"
static_assert(dsv3.mtp == dsv3.layer.total() + 2 * 7168 * 7168 * 1_params + 3 * 7168 * 1_params);

// --- Qwen2-0.5B: 494,032,768 (q, k, v biases; tied head) -------------------------------------
// Source: Qwen/Qwen2-0.5B's Hugging Face page, "0.49B" (494,032,768 from num_parameters()).
constexpr auto qwen2 = count(presets::qwen2_0_5b::config);
static_assert(qwen2.total == 494'032'768_params);
static_assert(rounded(qwen2.total, 1'000'000'000, 100) == 49);  // "0.49B"

// --- Gemma-7B: 8,537,680,896 (head_dim 256 × 16 heads = 4096 on d_model 3072) -------------------
// Source: google/gemma-7b's model card, "8.54B" (Gemma Team, 2024, Table 2: 7,751,248,896
// non-embedding + 786,432,000 embedding parameters).
constexpr auto gemma = count(presets::gemma_7b::config);
static_assert(gemma.total == 8'537'680'896_params);
static_assert(gemma.embedding == 786'432'000_params && gemma.total - gemma.embedding == 7'751'248'896_params);
static_assert(rounded(gemma.total, 1'000'000'000, 100) == 854);

// --- BERT base, uncased: 109,482,240 (BertModel: encoder and pooler) ---------------------------
// Source: BertModel.from_pretrained("bert-base-uncased").num_parameters(); Devlin et al., 2019: 110M.
constexpr auto bert = count(presets::bert_base_uncased::config);
static_assert(bert.total == 109'482'240_params);
static_assert(rounded(bert.total, 1'000'000, 1) == 109 && bert.layer.ffn == presets::bert_base_uncased::ffn::params());

// --- T5 v1.1 base: 247,577,856 (an encoder-decoder) --------------------------------------------
// Source: T5ForConditionalGeneration.from_pretrained("google/t5-v1_1-base").num_parameters();
// the model card's "250M" class.
constexpr auto t5 = count(presets::t5_v1_1_base::config);
static_assert(t5.total == 247'577'856_params);
static_assert(t5.layer.ffn == presets::t5_v1_1_base::ffn::params() && t5.decoder_layer.ffn == t5.layer.ffn);

// --- FFNs only ---------------------------------------------------------------------------------
// T5 v1.1 base (google/t5-v1_1-base config.json: d_model 768, d_ff 2048, "gated-gelu"): 3·768·2048
static_assert(presets::t5_v1_1_base_ffn::ffn::params() == 4'718'592_params);
static_assert(presets::t5_v1_1_base_ffn::d_ff::extent == gated_hidden_dim<presets::t5_v1_1_base_ffn::d_model>::extent);
// MiniMind (MiniMind's "FeedForward Teaching Notes"): hidden 512, intermediate round_up(int(8·512/3), 64) = 1408
static_assert(presets::minimind_ffn::ffn::params() == 2'162'688_params);
static_assert(presets::minimind_ffn::d_ff::extent == sizing::llama_hidden(512, 64));

// Every preset's config is one `validate` accepts, and is found by its name
static_assert(presets::find_model("mixtral-8x7b-v0.1") == &presets::mixtral_8x7b::config);
static_assert(presets::find_model("gpt-5") == nullptr);
}  // namespace proofs_presets

// SPDX-License-Identifier: MIT
// Hugging Face config.json files read as models: each shipped config (tests/data, written from
// the published files) agrees field by field with its compile-time preset; what cannot be read is
// an error naming the field.
#include <shapeproof/io/hf_config.hpp>
#include <shapeproof/io/model_tensors.hpp>
#include <shapeproof/models/presets.hpp>
#include <shapeproof/models/sharding.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <utility>

using namespace shapeproof;
using Catch::Matchers::Contains;

#ifndef SHAPEPROOF_TEST_DATA
#error "SHAPEPROOF_TEST_DATA must name tests/data"
#endif

namespace {
void check_same(const models::model_config& read, const models::model_config& preset)
{
  CHECK(read.vocab == preset.vocab);
  CHECK(read.d_model == preset.d_model);
  CHECK(read.layers == preset.layers);
  CHECK(read.attention.heads == preset.attention.heads);
  CHECK(read.attention.kv_heads == preset.attention.kv_heads);
  CHECK(read.attention.head_dim == preset.attention.head_dim);
  CHECK(read.attention.qkv_bias == preset.attention.qkv_bias);
  CHECK(read.attention.o_bias == preset.attention.o_bias);
  CHECK(read.attention.sliding_window == preset.attention.sliding_window);
  CHECK(read.attention.sliding_layers == preset.attention.sliding_layers);
  CHECK(read.causal == preset.causal);
  CHECK(read.ffn.variant == preset.ffn.variant);
  CHECK(read.ffn.d_ff == preset.ffn.d_ff);
  CHECK(read.ffn.bias == preset.ffn.bias);
  CHECK(read.ffn.experts == preset.ffn.experts);
  CHECK(read.ffn.top_k == preset.ffn.top_k);
  CHECK(read.norm == preset.norm);
  CHECK(read.norms_per_layer == preset.norms_per_layer);
  CHECK(read.final_norm == preset.final_norm);
  CHECK(read.learned_positions == preset.learned_positions);
  CHECK(read.tied_embeddings == preset.tied_embeddings);
  CHECK(read.lm_head == preset.lm_head);
  CHECK(read.token_type_rows == preset.token_type_rows);
  CHECK(read.embedding_norm == preset.embedding_norm);
  CHECK(read.pooler == preset.pooler);
  CHECK(read.decoder_layers == preset.decoder_layers);
  CHECK(read.relative_attention_buckets == preset.relative_attention_buckets);
  CHECK(read.attention.qk_norm == preset.attention.qk_norm);
  CHECK(read.attention.q_lora_rank == preset.attention.q_lora_rank);
  CHECK(read.attention.kv_lora_rank == preset.attention.kv_lora_rank);
  CHECK(read.attention.qk_nope_head_dim == preset.attention.qk_nope_head_dim);
  CHECK(read.attention.qk_rope_head_dim == preset.attention.qk_rope_head_dim);
  CHECK(read.attention.v_head_dim == preset.attention.v_head_dim);
  CHECK(read.ffn.shared_experts == preset.ffn.shared_experts);
  CHECK(read.ffn.shared_d_ff == preset.ffn.shared_d_ff);
  CHECK(read.ffn.router_bias == preset.ffn.router_bias);
  CHECK(read.ffn.shared_expert_gate == preset.ffn.shared_expert_gate);
  CHECK(read.ffn.first_dense_layers == preset.ffn.first_dense_layers);
  CHECK(read.ffn.moe_every == preset.ffn.moe_every);
  CHECK(models::moe_layer_count(read) == models::moe_layer_count(preset));
  CHECK(read.mtp_layers == preset.mtp_layers);
  // ... and so every number
  const auto a = models::count(read), b = models::count(preset);
  CHECK(a.total == b.total);
  CHECK(a.active == b.active);
  CHECK(a.layer.attention == b.layer.attention);
  CHECK(a.layer.ffn == b.layer.ffn);
  CHECK(a.ffn_matmul_flops_per_token == b.ffn_matmul_flops_per_token);
  CHECK(a.ffn_elementwise_flops_per_token == b.ffn_elementwise_flops_per_token);
  CHECK(a.mtp == b.mtp);
}
}  // namespace

TEST_CASE("each shipped config.json reads as its compile-time preset", "[config]")
{
  const auto [file, preset] = GENERATE(table<std::string, const models::model_config*>({
      {"gpt2.json", &presets::gpt2_small::config},
      {"llama-7b.json", &presets::llama_7b::config},
      {"llama-2-70b.json", &presets::llama2_70b::config},
      {"llama-3-8b.json", &presets::llama3_8b::config},
      {"mistral-7b-v0.1.json", &presets::mistral_7b::config},
      {"mixtral-8x7b-v0.1.json", &presets::mixtral_8x7b::config},
      {"qwen2-0.5b.json", &presets::qwen2_0_5b::config},
      {"gemma-7b.json", &presets::gemma_7b::config},
      {"bert-base-uncased.json", &presets::bert_base_uncased::config},
      {"t5-v1_1-base.json", &presets::t5_v1_1_base::config},
      {"gemma-2-2b.json", &presets::gemma2_2b::config},
      {"gemma-2-9b.json", &presets::gemma2_9b::config},
      {"gemma-3-1b.json", &presets::gemma3_1b::config},
      {"phi-3-mini-4k-instruct.json", &presets::phi3_mini_4k::config},
      {"qwen1.5-moe-a2.7b.json", &presets::qwen1_5_moe_a2_7b::config},
      {"qwen3-8b.json", &presets::qwen3_8b::config},
      {"qwen3-30b-a3b.json", &presets::qwen3_30b_a3b::config},
      {"olmo-2-1124-7b.json", &presets::olmo2_7b::config},
      {"deepseek-v3.json", &presets::deepseek_v3::config},
  }));
  CAPTURE(file);
  check_same(io::read_hf_config(std::string(SHAPEPROOF_TEST_DATA) + "/" + file).config, *preset);
}

TEST_CASE("families' defaults apply where a field is absent, and are reported", "[config]")
{
  const auto r = io::parse_hf_config(
      R"({"model_type": "llama", "hidden_size": 64, "intermediate_size": 172, "num_hidden_layers": 2,
          "num_attention_heads": 4, "vocab_size": 100})",
      "tiny.json");
  CHECK(r.config.attention.kv_heads == 4);   // num_key_value_heads: num_attention_heads
  CHECK(r.config.attention.head_dim == 16);  // hidden_size / num_attention_heads
  CHECK(r.config.ffn.variant == "swiglu");   // hidden_act: silu
  CHECK_FALSE(r.config.tied_embeddings);
  CHECK(r.defaults_used.size() >= 4);
  const auto g = io::parse_hf_config(R"({"model_type": "gpt2", "n_embd": 64, "n_layer": 2, "n_head": 4})", "g.json");
  CHECK(g.config.ffn.d_ff == 256);  // n_inner: 4 · n_embd
  CHECK(g.config.tied_embeddings);
  CHECK(g.config.ffn.variant == "gelu_tanh");  // activation_function: gelu_new
}

TEST_CASE("what cannot be read is an error naming the field", "[config]")
{
  auto read = [](const std::string& text) { return io::parse_hf_config(text, "c.json"); };
  const std::string base = R"("hidden_size": 64, "intermediate_size": 172, "num_hidden_layers": 2,
                              "num_attention_heads": 4, "vocab_size": 100)";
  CHECK_THROWS_WITH(read("{" + base + "}"), Contains("'model_type' is required"));
  CHECK_THROWS_WITH(read(R"({"model_type": "falcon", )" + base + "}"), Contains("\"falcon\""));
  CHECK_THROWS_WITH(read(R"({"model_type": "llama", "num_experts": 8, )" + base + "}"),
                    Contains("'num_experts'") && Contains("refusing to guess"));
  CHECK_THROWS_WITH(read(R"({"model_type": "llama", "q_lora_rank": 8, )" + base + "}"), Contains("'q_lora_rank'"));
  CHECK_THROWS_WITH(read(R"({"model_type": "llama", "hidden_act": "mish", )" + base + "}"),
                    Contains("'hidden_act'") && Contains("\"mish\""));
  CHECK_THROWS_WITH(read(R"({"model_type": "llama", "hidden_size": -64, "intermediate_size": 1,
                             "num_hidden_layers": 1, "num_attention_heads": 1, "vocab_size": 1})"),
                    Contains("'hidden_size'") && Contains("positive integer"));
  CHECK_THROWS_WITH(read(R"({"model_type": "llama", "hidden_size": 1e300, "intermediate_size": 1,
                             "num_hidden_layers": 1, "num_attention_heads": 1, "vocab_size": 1})"),
                    Contains("'hidden_size'"));
  // Whole floats too large for 64 bits, or fractional ones: refused before any conversion (found by fuzzing)
  for (const char* value : {"7.77778e+107", "-7.77778e+107", "1e19", "9.3e18", "4096.5", "-0.0"})
    CHECK_THROWS_WITH(
        read(std::string(R"({"model_type": "llama", "hidden_size": )") + value + R"(, "intermediate_size": 1,
                             "num_hidden_layers": 1, "num_attention_heads": 1, "vocab_size": 1})"),
        Contains("'hidden_size'"));
  CHECK(read(R"({"model_type": "llama", "hidden_size": 64.0, "intermediate_size": 128, "num_hidden_layers": 1,
                 "num_attention_heads": 1, "vocab_size": 10})")
            .config.d_model == 64);
  CHECK_THROWS_WITH(read(R"({"model_type": "llama", "num_key_value_heads": 3, )" + base + "}"),
                    Contains("num_key_value_heads must divide num_attention_heads") && !Contains("shapeproof:"));
  CHECK_THROWS_WITH(read(R"({"model_type": "llama", "tie_word_embeddings": "yes", )" + base + "}"),
                    Contains("'tie_word_embeddings' must be true or false"));
  CHECK_THROWS_WITH(read(R"({"model_type": "llama", )"), Contains("not valid JSON"));
  CHECK_THROWS_WITH(read("[]"), Contains("JSON object"));
  CHECK_THROWS_WITH(
      read(R"({"model_type": "mixtral", "num_experts_per_tok": 9, "num_local_experts": 8, )" + base + "}"),
      Contains("top_k"));
  // A harmless unknown field is not an error
  CHECK_NOTHROW(read(R"({"model_type": "llama", "my_favourite_colour": "blue", )" + base + "}"));
}

TEST_CASE("the published totals of today's families, from their config.json files", "[config]")
{
  // The totals each model's publisher gives (the sources are in proofs/presets.cpp).
  const auto [file, total] = GENERATE(table<std::string, std::int64_t>({
      {"gemma-2-2b.json", 2'614'341'888},
      {"gemma-2-9b.json", 9'241'705'984},
      {"phi-3-mini-4k-instruct.json", 3'821'079'552},
      {"qwen1.5-moe-a2.7b.json", 14'315'784'192},
      {"qwen3-8b.json", 8'190'735'360},
      {"qwen3-30b-a3b.json", 30'532'122'624},
      {"olmo-2-1124-7b.json", 7'298'617'344},
      {"deepseek-v3.json", 671'026'419'200},
      {"mixtral-8x7b-v0.1.json", 46'702'792'704},
      // Gemma 3: 1B as published; 27B's language model, the text_config of google/gemma-3-27b-it
      {"gemma-3-1b.json", 999'885'952},
      {"gemma-3-27b-text.json", 27'009'346'304},
  }));
  CAPTURE(file);
  const auto r = io::read_hf_config(std::string(SHAPEPROOF_TEST_DATA) + "/" + file);
  CHECK(models::count(r.config).total.value() == total);
  CHECK(r.notes.empty());
}

TEST_CASE("activations as the models ran them: Gemma's gelu, T5's gated-gelu", "[config]")
{
  const std::string gemma = R"("model_type": "gemma", "hidden_size": 64, "intermediate_size": 128,
                               "num_hidden_layers": 1, "num_attention_heads": 2, "vocab_size": 10)";
  // Gemma 1's configs say "gelu"; the model runs the tanh approximation: read so, and said
  const auto g = io::parse_hf_config("{" + gemma + R"(, "hidden_act": "gelu"})", "gemma.json");
  CHECK(g.config.ffn.variant == "geglu_tanh");
  REQUIRE(g.notes.size() == 1);
  CHECK_THAT(g.notes[0], Contains("\"gelu\"") && Contains("geglu_tanh"));
  // hidden_activation, when given, is what Gemma runs; then nothing is noted
  const auto exact = io::parse_hf_config("{" + gemma + R"(, "hidden_act": "gelu", "hidden_activation": "gelu"})", "g");
  CHECK(exact.config.ffn.variant == "geglu");
  CHECK(exact.notes.empty());
  // T5's gated-gelu is transformers' gelu_new, the tanh formula
  const auto t5 =
      io::parse_hf_config(R"({"model_type": "t5", "d_model": 64, "feed_forward_proj": "gated-gelu"})", "t5");
  CHECK(t5.config.ffn.variant == "geglu_tanh");
  const auto t5_relu = io::parse_hf_config(R"({"model_type": "t5", "d_model": 64})", "t5");
  CHECK(t5_relu.config.ffn.variant == "relu");
}

TEST_CASE("today's families: their defaults and their refusals", "[config]")
{
  auto read = [](const std::string& text) { return io::parse_hf_config(text, "c.json"); };
  const std::string base = R"("hidden_size": 64, "intermediate_size": 96, "num_hidden_layers": 6,
                              "num_attention_heads": 4, "vocab_size": 100)";
  // Qwen-MoE: every step-th layer (counting from 1) is an MoE layer; the rest are dense
  const auto q = read(R"({"model_type": "qwen3_moe", "decoder_sparse_step": 2, "num_experts": 4,
                          "num_experts_per_tok": 2, "moe_intermediate_size": 32, )" +
                      base + "}");
  CHECK(models::moe_layer_count(q.config) == 3);
  CHECK_FALSE(models::is_moe_layer(q.config, 0));
  CHECK(models::is_moe_layer(q.config, 1));
  CHECK(q.config.ffn.d_ff == 32);
  CHECK(q.config.ffn.dense_d_ff == 96);
  CHECK(q.config.attention.head_dim == 128);  // Qwen3Config's default head_dim
  CHECK_THROWS_WITH(read(R"({"model_type": "qwen3_moe", "mlp_only_layers": [0, 3], )" + base + "}"),
                    Contains("'mlp_only_layers'"));
  // DeepSeek: the first k layers dense; a null q_lora_rank is a plain q_proj; greedy routing has no bias
  const auto d = read(R"({"model_type": "deepseek_v3", "first_k_dense_replace": 2, "q_lora_rank": null,
                          "n_routed_experts": 8, "num_experts_per_tok": 2, "kv_lora_rank": 16,
                          "qk_nope_head_dim": 8, "qk_rope_head_dim": 4, "v_head_dim": 8, "moe_intermediate_size": 16,
                          "topk_method": "greedy", )" +
                      base + "}");
  CHECK(models::moe_layer_count(d.config) == 4);
  CHECK(d.config.attention.q_lora_rank == 0);
  CHECK(d.config.attention.head_dim == 12);
  CHECK_FALSE(d.config.ffn.router_bias);
  CHECK(d.config.mtp_layers == 0);
  // DeepSeek-V2: V3's layout, without router biases or shared experts unless given
  const auto v2 =
      read(R"({"model_type": "deepseek_v2", "n_routed_experts": 8, "num_experts_per_tok": 2, )" + base + "}");
  CHECK_FALSE(v2.config.ffn.router_bias);
  CHECK(v2.config.ffn.shared_experts == 0);
  CHECK(models::moe_layer_count(v2.config) == 6);
  CHECK_THROWS_WITH(read(R"({"model_type": "deepseek_v3", "qk_rope_head_dim": 0, )" + base + "}"),
                    Contains("'qk_rope_head_dim'"));
  CHECK_THROWS_WITH(read(R"({"model_type": "phi3", "attention_bias": true, )" + base + "}"),
                    Contains("'attention_bias'"));
  // Gemma 2: four norms a layer, tied by default
  const auto g2 = read(R"({"model_type": "gemma2", )" + base + "}");
  CHECK(g2.config.norms_per_layer == 4);
  CHECK(g2.config.tied_embeddings);
  // Gemma 3: Gemma 2's four norms, q/k norms per head, tied; its image-and-text model is refused
  const auto g3 = read(R"({"model_type": "gemma3_text", )" + base + "}");
  CHECK(g3.config.norms_per_layer == 4);
  CHECK(g3.config.attention.qk_norm == models::qk_norm_kind::per_head);
  CHECK(g3.config.attention.head_dim == 256);
  CHECK(g3.config.tied_embeddings);
  CHECK(g3.config.ffn.variant == "geglu_tanh");
  // Gemma-3-4B's text_config leaves the heads, head_dim and vocabulary to Gemma3TextConfig's
  // defaults (8, 4, 256, 262208): 3,880,263,168 parameters, KerasHub's 3,880,099,328 for its
  // vocabulary of 262,144 plus 64 rows of 2560
  const auto g4 = read(R"({"model_type": "gemma3_text", "hidden_size": 2560, "intermediate_size": 10240,
                          "num_hidden_layers": 34, "sliding_window": 1024})");
  CHECK(g4.config.attention.heads == 8);
  CHECK(g4.config.attention.kv_heads == 4);
  CHECK(models::count(g4.config).total.value() == 3'880'099'328 + 64 * 2560);
  CHECK(g4.config.attention.sliding_layers == 34 - 5);
  CHECK_THROWS_WITH(read(R"({"model_type": "gemma3", "text_config": {}, )" + base + "}"),
                    Contains("'text_config'") && Contains("vision tower"));
  // GPT-2 and BERT split d_model into heads: a width the heads do not divide is refused (found by fuzzing)
  CHECK_THROWS_WITH(read(R"({"model_type": "gpt2", "n_embd": 768, "n_layer": 1, "n_head": 11})"),
                    Contains("'n_head' must divide the model width (768)"));
  CHECK_THROWS_WITH(read(R"({"model_type": "bert", "num_attention_heads": 5, "hidden_size": 64, "intermediate_size": 96,
                             "num_hidden_layers": 1, "vocab_size": 100})"),
                    Contains("'num_attention_heads' must divide"));
  // Bias switches a family's modules do not have: false is accepted, true refused by name
  CHECK_NOTHROW(read(R"({"model_type": "mistral", "mlp_bias": false, "lm_head_bias": false, )" + base + "}"));
  CHECK_THROWS_WITH(read(R"({"model_type": "mistral", "mlp_bias": true, )" + base + "}"),
                    Contains("'mlp_bias' is true") && Contains("mistral"));
  CHECK_THROWS_WITH(read(R"({"model_type": "phi3", "lm_head_bias": true, )" + base + "}"), Contains("'lm_head_bias'"));
  CHECK(read(R"({"model_type": "llama", "mlp_bias": true, )" + base + "}").config.ffn.bias);
  CHECK_THROWS_WITH(read(R"({"model_type": "deepseek_v3", "qk_head_dim": 128, )" + base + "}"),
                    Contains("'qk_head_dim' must be qk_nope_head_dim + qk_rope_head_dim (192)"));
  CHECK_NOTHROW(read(R"({"model_type": "deepseek_v3", "qk_head_dim": 192, )" + base + "}"));
  // An unknown family names every family read
  CHECK_THROWS_WITH(read(R"({"model_type": "falcon", )" + base + "}"), Contains("deepseek_v3") && Contains("olmo2"));
}

TEST_CASE("which layers slide is read as each family decides it, or refused", "[config][kv]")
{
  auto read = [](const std::string& family, const std::string& more) {
    return io::parse_hf_config(R"({"model_type": ")" + family + R"(", "hidden_size": 64, "intermediate_size": 172,
        "num_hidden_layers": 6, "num_attention_heads": 4, "vocab_size": 100)" +
                                   more + "}",
                               "c.json")
        .config.attention;
  };
  // Every layer: Mistral (its default window 4096), Mixtral and Phi-3 when a window is set.
  CHECK(read("mistral", "").sliding_layers == 6);
  CHECK(read("mistral", "").sliding_window == 4096);
  CHECK(read("mistral", R"(, "sliding_window": null)").sliding_layers == 0);  // null: none (Mistral-7B-v0.2 on)
  CHECK(read("mixtral", R"(, "sliding_window": null)").sliding_layers == 0);
  CHECK(read("phi3", R"(, "sliding_window": 2047)").sliding_window == 2047);
  // Gemma 2: layers 0, 2, 4
  CHECK(read("gemma2", "").sliding_layers == 3);
  // gpt-oss: the same, over 128 tokens unless it says
  const std::string oss_heads = R"(, "num_key_value_heads": 2)";
  CHECK(read("gpt_oss", oss_heads).sliding_layers == 3);
  CHECK(read("gpt_oss", oss_heads).sliding_window == 128);
  CHECK(read("gpt_oss", oss_heads + R"(, "sliding_window": 256, "layer_types": ["sliding_attention", "full_attention",
      "full_attention", "full_attention", "full_attention", "sliding_attention"])")
            .sliding_layers == 2);
  // An explicit list wins
  const auto listed = read("gemma2", R"(, "sliding_window": 512, "layer_types": ["full_attention", "sliding_attention",
      "sliding_attention", "sliding_attention", "sliding_attention", "full_attention"])");
  CHECK(listed.sliding_layers == 4);
  CHECK(listed.sliding_window == 512);
  // Gemma 3: five local layers to one global (0-4 and 6-10 slide; 5 and 11 do not)
  CHECK(read("gemma3_text", "").sliding_layers == 5);
  CHECK(read("gemma3_text", "").sliding_window == 4096);
  CHECK(read("gemma3_text", R"(, "sliding_window": 512, "sliding_window_pattern": 2)").sliding_layers == 3);
  CHECK(read("gemma3_text", R"(, "sliding_window_pattern": 1)").sliding_layers == 0);
  CHECK(read("gemma3_text", R"(, "sliding_window_pattern": 7)").sliding_layers == 6);
  CHECK(read("gemma3_text", R"(, "sliding_window_pattern": 6, "layer_types": ["full_attention", "sliding_attention",
      "full_attention", "sliding_attention", "full_attention", "sliding_attention"])")
            .sliding_layers == 3);
  CHECK_THROWS_WITH(read("gemma3_text", R"(, "sliding_window_pattern": 0)"), Contains("'sliding_window_pattern'"));
  CHECK_THROWS_WITH(read("llama", R"(, "sliding_window_pattern": 6)"), Contains("'sliding_window_pattern'"));
  // Qwen: only with use_sliding_window, and then every layer (max_window_layers 0)
  CHECK(read("qwen2", R"(, "sliding_window": 4096)").sliding_layers == 0);
  CHECK(read("qwen3", R"(, "use_sliding_window": true, "max_window_layers": 0)").sliding_layers == 6);
  CHECK_THROWS_WITH(read("qwen2", R"(, "use_sliding_window": true, "max_window_layers": 3)"),
                    Contains("'max_window_layers'") && Contains("refusing to guess"));
  CHECK_THROWS_WITH(read("llama", R"(, "sliding_window": 4096)"), Contains("'sliding_window'"));
  CHECK_NOTHROW(read("llama", R"(, "sliding_window": null, "use_sliding_window": false)"));
  CHECK_THROWS_WITH(read("gemma2", R"(, "layer_types": ["full_attention"])"), Contains("'layer_types'"));
  CHECK_THROWS_WITH(read("gemma2", R"(, "layer_types": ["full_attention", "local", "full_attention",
      "full_attention", "full_attention", "full_attention"])"),
                    Contains("\"local\""));
  CHECK_THROWS_WITH(read("mistral", R"(, "sliding_window": 0)"), Contains("'sliding_window'"));
  // EmbeddingGemma attends both ways: no cache
  const auto gemma3_config = [](const std::string& more) {
    return io::parse_hf_config(R"({"model_type": "gemma3_text", "hidden_size": 64, "intermediate_size": 172,
        "num_hidden_layers": 6, "num_attention_heads": 4, "vocab_size": 100)" +
                                   more + "}",
                               "g.json")
        .config;
  };
  CHECK(gemma3_config("").causal);
  CHECK_FALSE(gemma3_config(R"(, "use_bidirectional_attention": true)").causal);
  CHECK(gemma3_config(R"(, "use_bidirectional_attention": false)").causal);
  CHECK_FALSE(io::parse_hf_config(R"({"model_type": "bert", "hidden_size": 64, "intermediate_size": 172,
      "num_hidden_layers": 2, "num_attention_heads": 4, "vocab_size": 100})",
                                  "b.json")
                  .config.causal);
}

TEST_CASE("gpt-oss: sinks, experts with biases, MXFP4 as published, and what is not guessed", "[config]")
{
  const auto read_file = [](const std::string& file) {
    return io::read_hf_config(std::string(SHAPEPROOF_TEST_DATA) + "/" + file);
  };
  // Per layer: q 2880·4096 + 4096, k and v 2880·512 + 512, o 4096·2880 + 2880, 64 sinks
  // (26,550,144); a router 2880·E + E; per expert 3·2880·2880 + 2·2880 + 2880 (24,891,840);
  // two norms. The model cards say 20.9B and 116.8B, 3.6B and 5.1B active (embedding aside).
  const auto small = read_file("gpt-oss-20b.json");
  const auto big = read_file("gpt-oss-120b.json");
  const auto m20 = models::count(small.config);
  const auto m120 = models::count(big.config);
  CHECK(m20.layer.attention.value() == 2880 * 4096 + 4096 + 2 * (2880 * 512 + 512) + 4096 * 2880 + 2880 + 64);
  CHECK(m20.layer.router.value() == 2880 * 32 + 32);
  CHECK(m20.layer.routed_experts.value() == 32LL * (3 * 2880 * 2880 + 3 * 2880));
  CHECK(m20.total.value() == 20'914'757'184);
  CHECK(m120.total.value() == 116'829'156'672);
  CHECK((m20.active - m20.embedding).value() == 3'608'307'264);
  CHECK((m120.active - m120.embedding).value() == 5'132'849'472);
  // Everything but the experts' weights is what the Hub lists as BF16 (1,804,459,584 and 2,167,371,072)
  CHECK(m20.total.value() - 24LL * 32 * 3 * 2880 * 2880 == 1'804'459'584);
  CHECK(m120.total.value() - 36LL * 128 * 3 * 2880 * 2880 == 2'167'371'072);
  CHECK(small.config.attention.sliding_layers == 12);
  CHECK(small.config.attention.sliding_window == 128);
  CHECK(small.config.attention.sinks);
  CHECK(small.quant_method == "mxfp4");
  REQUIRE(small.notes.size() == 1);
  CHECK_THAT(small.notes[0], Contains("clamped SwiGLU") && Contains("counted as swiglu"));
  // Over tp 8, each rank holds 8 query heads and their 8 sinks: 8 per layer more than without them
  auto no_sinks = small.config;
  no_sinks.attention.sinks = false;
  const auto rank = models::count_per_rank(small.config, {.tp = 8});
  CHECK(rank.heads == 8);
  CHECK(rank.params.value() - models::count_per_rank(no_sinks, {.tp = 8}).params.value() == 24 * 8);
  CHECK(m20.total.value() - models::count(no_sinks).total.value() == 24 * 64);
  // The aliases transformers and OpenAI write: equal, or refused
  const std::string base = R"("model_type": "gpt_oss", "intermediate_size": 64, "num_hidden_layers": 2,
      "num_attention_heads": 4, "num_key_value_heads": 2, "vocab_size": 100)";
  const auto read = [&](const std::string& more) {
    return io::parse_hf_config("{" + base + R"(, "hidden_size": 64)" + more + "}", "oss.json");
  };
  CHECK(read(R"(, "num_experts": 16)").config.ffn.experts == 16);
  CHECK(read("").config.ffn.experts == 128);
  CHECK(read("").config.ffn.top_k == 4);
  CHECK_NOTHROW(read(R"(, "num_local_experts": 8, "num_experts": 8, "experts_per_token": 4)"));
  CHECK_THROWS_WITH(read(R"(, "num_local_experts": 8, "num_experts": 16)"),
                    Contains("'num_experts' is 16, but num_local_experts") && Contains("is 8"));
  CHECK_THROWS_WITH(read(R"(, "num_experts_per_tok": 4, "experts_per_token": 2)"),
                    Contains("'experts_per_token' is 2, but num_experts_per_tok"));
  CHECK_FALSE(read(R"(, "attention_bias": false)").config.attention.qkv_bias);
  // MXFP4 packs 32 values a block: a width that is not a multiple of 32 cannot be stored so
  const auto odd = io::parse_hf_config("{" + base + R"(, "hidden_size": 48, "quantization_config":
      {"quant_method": "mxfp4"}})",
                                       "oss.json");
  CHECK_THROWS_WITH(io::expected_tensors(odd), Contains("oss.json: quantization_config's quant_method is \"mxfp4\"") &&
                                                   Contains("hidden_size is 48, not a multiple of 32"));
  // An explicit null is GptOssConfig's: KV heads as many as the heads, head_dim hidden_size / heads;
  // where it has no rule for one, refused
  CHECK(io::parse_hf_config(R"({"model_type": "gpt_oss", "hidden_size": 64, "intermediate_size": 64,
      "num_hidden_layers": 2, "num_attention_heads": 4, "vocab_size": 100, "num_key_value_heads": null})",
                            "oss.json")
            .config.attention.kv_heads == 4);
  CHECK(read(R"(, "head_dim": null)").config.attention.head_dim == 16);
  CHECK(read("").config.attention.head_dim == 64);
  for (const char* field : {"sliding_window", "num_experts_per_tok", "attention_bias", "num_local_experts"})
    CHECK_THROWS_WITH(read(std::string(R"(, ")") + field + R"(": null)"),
                      Contains(std::string("'") + field + "' is null"));
  CHECK_THROWS_WITH(read(R"(, "experts_per_token": 2)"), Contains("num_experts_per_tok, which transformers reads, "
                                                                  "is absent: its default is 4"));
  // A quantization shapeproof does not know for gpt-oss is said, not passed over
  const auto fp8 = read(R"(, "quantization_config": {"quant_method": "fp8"})");
  REQUIRE(fp8.notes.size() == 2);
  CHECK_THAT(fp8.notes[1], Contains("quant_method is \"fp8\""));
}

TEST_CASE("each family's config class supplies the defaults a config.json leaves out", "[config][hf_config]")
{
  auto read = [](const std::string& text) { return io::parse_hf_config(text, "c.json").config; };
  // Hugging Face's GPT2Config defaults vocab_size to 50257: GPT-2's 50,000 merges, 256 bytes and <|endoftext|>
  CHECK(read(R"({"model_type": "gpt2", "n_embd": 64, "n_layer": 2, "n_head": 4})").vocab == 50257);
  // T5Config: num_decoder_layers, when unset, is num_layers ("default = symmetry"), not 6
  CHECK(read(R"({"model_type": "t5", "d_model": 64, "num_layers": 3})").decoder_layers == 3);
  // Qwen2MoeConfig defaults num_experts to 60 (Qwen1.5-MoE-A2.7B's), Qwen3MoeConfig to 128
  const std::string base = R"("hidden_size": 64, "intermediate_size": 96, "num_hidden_layers": 2,
                              "num_attention_heads": 4, "vocab_size": 100)";
  CHECK(read(R"({"model_type": "qwen2_moe", )" + base + "}").ffn.experts == 60);
  CHECK(read(R"({"model_type": "qwen3_moe", )" + base + "}").ffn.experts == 128);
  // DeepSeek-V3's config class (its configuration_deepseek.py): 256 routed experts of 2048, 8 per
  // token, one shared; the first three layers dense; noaux_tc routing, whose router has a bias per
  // expert; latent attention of rank 512 over a query of rank 1536, heads of 128 + 64, values of 128
  const auto v3 = read(R"({"model_type": "deepseek_v3", )" + base + "}");
  CHECK(v3.ffn.experts == 256);
  CHECK(v3.ffn.d_ff == 2048);
  CHECK(v3.ffn.top_k == 8);
  CHECK(v3.ffn.shared_experts == 1);
  CHECK(v3.ffn.first_dense_layers == 3);
  CHECK(v3.ffn.router_bias);
  CHECK(v3.attention.kv_lora_rank == 512);
  CHECK(v3.attention.q_lora_rank == 1536);
  CHECK(v3.attention.head_dim == 128 + 64);
  CHECK(v3.attention.v_head_dim == 128);
  // GptOssConfig: 8 KV heads of 64, 128 experts, 4 per token
  const auto oss = read(R"({"model_type": "gpt_oss", "hidden_size": 64, "intermediate_size": 64, "num_hidden_layers": 2,
                            "num_attention_heads": 16, "vocab_size": 100})");
  CHECK(oss.attention.kv_heads == 8);
  CHECK(oss.attention.head_dim == 64);
  CHECK(oss.ffn.experts == 128);
  CHECK(oss.ffn.top_k == 4);
  // BertConfig: two token types, 512 positions
  const auto bert = read(R"({"model_type": "bert", "hidden_size": 64, "intermediate_size": 96,
                             "num_hidden_layers": 2, "num_attention_heads": 4, "vocab_size": 100})");
  CHECK(bert.token_type_rows == 2);
  CHECK(bert.learned_positions == 512);
  // T5Config: 32 relative-position buckets, 8 heads of 64, d_ff 2048, a vocabulary of 32,128
  const auto t5 = read(R"({"model_type": "t5", "d_model": 64})");
  CHECK(t5.relative_attention_buckets == 32);
  CHECK(t5.attention.heads == 8);
  CHECK(t5.attention.head_dim == 64);
  CHECK(t5.ffn.d_ff == 2048);
  CHECK(t5.vocab == 32128);
  CHECK(t5.layers == 6);
  // Qwen2Config's max_window_layers is 28: with use_sliding_window and no max_window_layers, which
  // layers slide is not known
  CHECK_THROWS_WITH(
      io::parse_hf_config(R"({"model_type": "qwen2", "use_sliding_window": true, "sliding_window": 16, )" + base + "}",
                          "c.json"),
      Contains("'max_window_layers'"));
}

TEST_CASE("Gemma 2 slides layers 0, 2 and 4 of five: an odd count's last layer slides too", "[config][kv]")
{
  // Gemma2Config's layer_types: layer i is "sliding_attention" when (i + 1) % 2 is 1, i.e. i even
  const auto a = io::parse_hf_config(R"({"model_type": "gemma2", "hidden_size": 64, "intermediate_size": 96,
      "num_hidden_layers": 5, "num_attention_heads": 4, "vocab_size": 100})",
                                     "g.json")
                     .config.attention;
  CHECK(a.sliding_layers == 3);
}

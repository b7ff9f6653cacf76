// SPDX-License-Identifier: MIT
// Hugging Face config.json files read as models: each shipped config (tests/data, written from
// the published files) agrees field by field with its compile-time preset; what cannot be read is
// an error naming the field.
#include <shapeproof/io/hf_config.hpp>
#include <shapeproof/models/presets.hpp>

#include <catch2/catch.hpp>

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
  // ... and so every number
  const auto a = models::count(read), b = models::count(preset);
  CHECK(a.total == b.total);
  CHECK(a.active == b.active);
  CHECK(a.layer.attention == b.layer.attention);
  CHECK(a.layer.ffn == b.layer.ffn);
  CHECK(a.ffn_matmul_flops_per_token == b.ffn_matmul_flops_per_token);
  CHECK(a.ffn_elementwise_flops_per_token == b.ffn_elementwise_flops_per_token);
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

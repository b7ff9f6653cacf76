// SPDX-License-Identifier: MIT
// `write_synthetic_checkpoint`: for a small config of every family, the files it writes pass
// `check` whole, hold the seeded values where the formats say they are (read back independently of
// the writers), and break exactly where they were asked to; what it cannot write is refused before
// anything is written.
#include "gguf_writer.hpp"
#include <nlohmann/json.hpp>

#include <shapeproof/io/checkpoint.hpp>
#include <shapeproof/io/npy.hpp>
#include <shapeproof/io/synthetic.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace shapeproof;
namespace fs = std::filesystem;
using Catch::Matchers::Contains;

#ifndef SHAPEPROOF_TEST_DATA
#error "SHAPEPROOF_TEST_DATA must name tests/data"
#endif

namespace {

const char* const family_files[] = {"bert-base-uncased.json",
                                    "deepseek-v3.json",
                                    "gemma-2-2b.json",
                                    "gemma-7b.json",
                                    "gpt2.json",
                                    "gpt-oss-20b.json",
                                    "llama-2-70b.json",
                                    "mistral-7b-v0.1.json",
                                    "mixtral-8x7b-v0.1.json",
                                    "olmo-2-1124-7b.json",
                                    "phi-3-mini-4k-instruct.json",
                                    "qwen1.5-moe-a2.7b.json",
                                    "qwen2-0.5b.json",
                                    "qwen3-30b-a3b.json",
                                    "qwen3-8b.json",
                                    "t5-v1_1-base.json"};

// A published config made small: every width, count and length it has set to a small value that
// keeps the family's rules (heads divide, experts >= top-k, rope + nope = head dim, ...).
std::string small_config(const std::string& file, const fs::path& dir)
{
  std::ifstream in(std::string(SHAPEPROOF_TEST_DATA) + "/" + file);
  nlohmann::json c = nlohmann::json::parse(in);
  const std::pair<const char*, int> small[] = {{"hidden_size", 64},
                                               {"n_embd", 64},
                                               {"d_model", 64},
                                               {"intermediate_size", 96},
                                               {"n_inner", 96},
                                               {"d_ff", 96},
                                               {"moe_intermediate_size", 32},
                                               {"shared_expert_intermediate_size", 64},
                                               {"num_hidden_layers", 2},
                                               {"n_layer", 2},
                                               {"num_layers", 2},
                                               {"num_decoder_layers", 2},
                                               {"vocab_size", 128},
                                               {"num_attention_heads", 4},
                                               {"n_head", 4},
                                               {"num_heads", 4},
                                               {"num_key_value_heads", 2},
                                               {"head_dim", 16},
                                               {"d_kv", 16},
                                               {"n_positions", 64},
                                               {"n_ctx", 64},
                                               {"max_position_embeddings", 64},
                                               {"num_local_experts", 4},
                                               {"n_routed_experts", 4},
                                               {"num_experts", 4},
                                               {"num_experts_per_tok", 2},
                                               {"experts_per_token", 2},
                                               {"q_lora_rank", 32},
                                               {"kv_lora_rank", 16},
                                               {"qk_rope_head_dim", 8},
                                               {"qk_nope_head_dim", 8},
                                               {"v_head_dim", 16},
                                               {"first_k_dense_replace", 1},
                                               {"n_group", 1},
                                               {"topk_group", 1},
                                               {"n_shared_experts", 1},
                                               {"num_nextn_predict_layers", 1}};
  for (const auto& [key, value] : small)
    if (c.contains(key) && c[key].is_number_integer()) c[key] = value;
  if (c.contains("layer_types")) {  // one per layer, as the layers are now
    auto types = c["layer_types"];
    types.erase(types.begin() + c["num_hidden_layers"].get<int>(), types.end());
    c["layer_types"] = types;
  }
  // (the synthetic weights are floats: gpt-oss's experts as GptOssExperts holds them, not in MXFP4)
  if (c["model_type"] == "gpt_oss") c.erase("quantization_config");
  fs::create_directories(dir);
  const fs::path out = dir / ("small-" + file);
  std::ofstream(out) << c.dump(2);
  return out.string();
}

fs::path fresh_dir(const std::string& name)
{
  const fs::path d = fs::temp_directory_path() / ("shapeproof-synthetic-test-" + name);
  fs::remove_all(d);
  return d;
}

std::string bytes_of(const fs::path& p)
{
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string f32_bytes(const std::vector<float>& v)
{
  std::string out(v.size() * 4, '\0');
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto u = std::bit_cast<std::uint32_t>(v[i]);
    for (int b = 0; b < 4; ++b) out[i * 4 + static_cast<std::size_t>(b)] = static_cast<char>((u >> (8 * b)) & 0xFFu);
  }
  return out;
}

}  // namespace

TEST_CASE("a synthetic checkpoint of every family passes check whole, in both formats")
{
  const fs::path dir = fresh_dir("families");
  for (const char* file : family_files) {
    CAPTURE(file);
    const std::string config = small_config(file, dir);
    const fs::path out = dir / file;
    const auto made = io::write_synthetic_checkpoint(config, out.string(), {});
    const auto r = io::read_hf_config((out / "config.json").string());
    CHECK(bytes_of(out / "config.json") == bytes_of(config));
    const bool has_gguf = !io::gguf_architecture(r.family).empty();
    CHECK(made.gguf_skipped.empty() == has_gguf);
    CHECK(fs::exists(out / "model.gguf") == has_gguf);
    for (const char* name : {"model.safetensors", "model.gguf"}) {
      if (!fs::exists(out / name)) continue;
      CAPTURE(name);
      const auto report = io::check_model(r, io::checkpoint::open((out / name).string()));
      CHECK(report.problems.empty());
      CHECK(report.checkpoint_params == report.config_params);
      CHECK(report.checkpoint_params > 0);
    }
    const auto x = io::read_npy_f32((out / "x.npy").string());
    CHECK(x.shape == std::vector<std::uint64_t>{4, static_cast<std::uint64_t>(r.config.d_model)});
  }
}

TEST_CASE("a synthetic safetensors file holds each tensor's seeded values, in range")
{
  const fs::path dir = fresh_dir("values");
  const std::string config = small_config("llama-2-70b.json", dir);
  io::synthetic_options o;
  o.seed = 7;
  io::write_synthetic_checkpoint(config, (dir / "a").string(), o);
  const auto f = io::safetensors_file::open((dir / "a" / "model.safetensors").string());
  for (const auto& t : f.tensors()) {
    CAPTURE(t.name);
    std::vector<float> expected;
    io::synthetic_values(t.name, t.shape, 7, expected);
    const auto got = f.read_f32(t);
    REQUIRE(got == expected);
    const bool norm = t.name.find("norm") != std::string::npos;
    const float centre = norm ? 1.0f : 0.0f;
    const float bound = t.shape.size() == 2 ? 1.0f / std::sqrt(static_cast<float>(t.shape[1])) : 0.1f;
    float lo = 1e9f, hi = -1e9f;
    for (const float v : got) {
      lo = std::min(lo, v - centre);
      hi = std::max(hi, v - centre);
    }
    CHECK(lo >= -bound);
    CHECK(hi <= bound);
    CHECK(hi - lo > bound);  // spread over the range, not a constant
  }
  // The same seed gives the same files; another seed, other values
  io::write_synthetic_checkpoint(config, (dir / "b").string(), o);
  CHECK(bytes_of(dir / "a" / "model.safetensors") == bytes_of(dir / "b" / "model.safetensors"));
  CHECK(bytes_of(dir / "a" / "model.gguf") == bytes_of(dir / "b" / "model.gguf"));
  CHECK(bytes_of(dir / "a" / "x.npy") == bytes_of(dir / "b" / "x.npy"));
  o.seed = 8;
  io::write_synthetic_checkpoint(config, (dir / "c").string(), o);
  CHECK(bytes_of(dir / "a" / "model.safetensors") != bytes_of(dir / "c" / "model.safetensors"));
}

TEST_CASE("a synthetic GGUF file is, byte for byte, the format's layout of its tensors")
{
  const fs::path dir = fresh_dir("gguf");
  const std::string config = small_config("mixtral-8x7b-v0.1.json", dir);
  io::write_synthetic_checkpoint(config, (dir / "m").string(), {});
  const auto r = io::read_hf_config(config);
  // The header, as the tests' own writer lays it out (every integer key-value fits in 32 bits)
  std::vector<test::gguf_kv> kvs;
  for (const auto& kv : io::synthetic_gguf_metadata(r)) {
    if (const auto* n = std::get_if<std::uint64_t>(&kv.value))
      kvs.push_back({kv.key, static_cast<std::uint32_t>(*n)});
    else
      kvs.push_back({kv.key, std::get<std::string>(kv.value)});
  }
  const auto tensors = test::gguf_tensors_of(r);
  const std::string zeroed = test::gguf_file_bytes(kvs, tensors);
  std::string data;
  for (const auto& t : tensors) {
    std::vector<float> v;
    std::vector<std::int64_t> shape(t.shape.begin(), t.shape.end());
    io::synthetic_values(t.name, shape, 1, v);
    data += f32_bytes(v);
    data.append((32 - data.size() % 32) % 32, '\0');
  }
  REQUIRE(zeroed.size() > data.size());
  const std::string expected = zeroed.substr(0, zeroed.size() - data.size()) + data;
  const std::string got = bytes_of(dir / "m" / "model.gguf");
  CHECK(got.size() == expected.size());
  CHECK((got == expected));  // (not captured: the whole file)
}

TEST_CASE("a tensor written transposed on purpose is the one problem check reports, in either format")
{
  const fs::path dir = fresh_dir("transposed");
  const std::string config = small_config("llama-2-70b.json", dir);
  io::synthetic_options o;
  o.transpose = {"model.layers.1.mlp.down_proj.weight", "blk.0.ffn_up.weight"};
  io::write_synthetic_checkpoint(config, (dir / "t").string(), o);
  const auto r = io::read_hf_config(config);
  const auto st = io::check_model(r, io::checkpoint::open((dir / "t" / "model.safetensors").string()));
  REQUIRE(st.problems.size() == 1);
  CHECK_THAT(st.problems[0], Contains("model.layers.1.mlp.down_proj.weight") && Contains("transposed"));
  const auto gg = io::check_model(r, io::checkpoint::open((dir / "t" / "model.gguf").string()));
  REQUIRE(gg.problems.size() == 1);
  CHECK_THAT(gg.problems[0], Contains("blk.0.ffn_up.weight") && Contains("transposed"));
  // Its values are the right tensor's, transposed
  const auto f = io::safetensors_file::open((dir / "t" / "model.safetensors").string());
  const auto* down = f.find("model.layers.1.mlp.down_proj.weight");
  REQUIRE(down != nullptr);
  REQUIRE(down->shape == std::vector<std::int64_t>{96, 64});
  std::vector<float> right;
  io::synthetic_values(down->name, {64, 96}, 1, right);
  const auto got = f.read_f32(*down);
  for (std::size_t i = 0; i < 64; ++i)
    for (std::size_t j = 0; j < 96; ++j) REQUIRE(got[j * 64 + i] == right[i * 96 + j]);
}

TEST_CASE("16-bit synthetic checkpoints hold the f32 values rounded")
{
  const fs::path dir = fresh_dir("bf16");
  const std::string config = small_config("qwen3-8b.json", dir);
  io::synthetic_options o;
  o.dtype = "BF16";
  io::write_synthetic_checkpoint(config, (dir / "b").string(), o);
  const auto r = io::read_hf_config(config);
  const auto report = io::check_model(r, io::checkpoint::open((dir / "b" / "model.gguf").string()));
  CHECK(report.problems.empty());
  REQUIRE(report.dtypes.size() == 1);
  CHECK(report.dtypes.begin()->first == "BF16");
  const auto f = io::safetensors_file::open((dir / "b" / "model.safetensors").string());
  const auto& t = f.tensors().front();
  std::vector<float> exact;
  io::synthetic_values(t.name, t.shape, 1, exact);
  const auto got = f.read_u16(t);
  REQUIRE(got.size() == exact.size());
  for (std::size_t i = 0; i < got.size(); ++i) REQUIRE(got[i] == io::float_to_bf16(exact[i]));
}

TEST_CASE("what a synthetic checkpoint cannot be is refused before anything is written")
{
  const fs::path dir = fresh_dir("refused");
  const std::string config = small_config("llama-2-70b.json", dir);
  auto refused = [&](const io::synthetic_options& o, const std::string& phrase, const std::string& out = "x") {
    CAPTURE(phrase);
    CHECK_THROWS_WITH(io::write_synthetic_checkpoint(config, (dir / out).string(), o), Contains(phrase));
    CHECK(!fs::exists(dir / out / "model.safetensors"));
  };
  io::synthetic_options o;
  o.transpose = {"model.norm.weight"};
  refused(o, "one dimension");
  o.transpose = {"model.layers.0.self_attn.q_proj.weight"};  // [64, 64]
  refused(o, "square");
  o.transpose = {"model.layers.0.mlp.up_proj"};
  refused(o, "no tensor of that name");
  o.transpose = {"blk.0.ffn_up.weight", "blk.0.ffn_up.weight"};
  refused(o, "given twice");
  o.transpose = {};
  o.tokens = 0;
  refused(o, "--tokens 0");
  // x.npy is at most 2^28 values: 4,194,304 tokens of this config's d_model, 64
  o.tokens = (std::int64_t{1} << 28) / 64 + 1;
  refused(o, "--tokens 4194305: the input x.npy holds 1 to 4194304 tokens of d_model 64");
  o.tokens = 4;
  o.dtype = "F8_E4M3";
  refused(o, "cannot write dtype F8_E4M3");
  // A full-size model: billions of parameters
  CHECK_THROWS_WITH(io::write_synthetic_checkpoint(std::string(SHAPEPROOF_TEST_DATA) + "/llama-2-70b.json",
                                                   (dir / "big").string(), {}),
                    Contains("at most 1073741824"));
  CHECK(!fs::exists(dir / "big"));
  // Files already there are kept, unless overwriting was asked for
  io::write_synthetic_checkpoint(config, (dir / "kept").string(), {});
  std::ofstream(dir / "kept" / "x.npy") << "mine";
  CHECK_THROWS_WITH(io::write_synthetic_checkpoint(config, (dir / "kept").string(), {}),
                    Contains("already there") && Contains("--force"));
  CHECK(bytes_of(dir / "kept" / "x.npy") == "mine");
  io::synthetic_options force;
  force.overwrite = true;
  io::write_synthetic_checkpoint(config, (dir / "kept").string(), force);
  CHECK(bytes_of(dir / "kept" / "x.npy") != "mine");
  // A config inside the output directory is not copied onto itself
  io::write_synthetic_checkpoint((dir / "kept" / "config.json").string(), (dir / "kept").string(), force);
  CHECK(bytes_of(dir / "kept" / "config.json") == bytes_of(config));
  // No temporary file is left behind
  for (const auto& e : fs::directory_iterator(dir / "kept")) CHECK(e.path().filename().string()[0] != '.');
}

TEST_CASE("a synthetic norm's weight is near 1 and its bias near 0, whatever the family calls it", "[synthetic]")
{
  // A LayerNorm starts as weight 1 and bias 0, and a synthetic vector stays within 0.1 of its
  // centre. The names: GGUF's (GPT-2's blk.N.attn_norm has a bias too), GPT-2's safetensors ln_1
  // and ln_f, BERT's LayerNorm, T5's layer_norm, LLaMA's input_layernorm.
  auto farthest = [](const std::string& name, float centre) {
    std::vector<float> values;
    io::synthetic_values(name, {64}, 1, values);
    float off = 0;
    for (const float v : values) off = std::max(off, std::fabs(v - centre));
    return off;
  };
  for (const char* norm :
       {"blk.0.attn_norm", "h.0.ln_1", "transformer.ln_f", "ln_f", "bert.encoder.layer.0.attention.output.LayerNorm",
        "encoder.block.0.layer.0.layer_norm", "model.layers.0.input_layernorm"}) {
    CAPTURE(norm);
    CHECK(farthest(std::string(norm) + ".weight", 1.0f) <= 0.1f);
    CHECK(farthest(std::string(norm) + ".bias", 0.0f) <= 0.1f);
  }
  // Not norms: a bias, and a vector whose name only contains "ln" elsewhere
  CHECK(farthest("h.0.mlp.c_fc.bias", 0.0f) <= 0.1f);
  CHECK(farthest("model.kiln_1.weight", 0.0f) <= 0.1f);
}

// SPDX-License-Identifier: MIT
// Every tensor a config implies: the lists against the closed-form counts and against names and
// shapes in the published checkpoints; the GGUF header reader on good files and on every kind of
// malformed one.
#include "gguf_writer.hpp"
#include <nlohmann/json.hpp>

#include <shapeproof/io/checkpoint.hpp>
#include <shapeproof/io/gguf.hpp>
#include <shapeproof/io/model_tensors.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <tuple>
#include <vector>

using namespace shapeproof;
using Catch::Matchers::Contains;

#ifndef SHAPEPROOF_TEST_DATA
#error "SHAPEPROOF_TEST_DATA must name tests/data"
#endif

namespace {

io::read_config data(const std::string& file)
{
  return io::read_hf_config(std::string(SHAPEPROOF_TEST_DATA) + "/" + file);
}

// Elements of a shape, by multiplication (counting them one by one would take days for DeepSeek-V3)
std::int64_t elements(const dyn_shape& shape)
{
  std::int64_t e = 1;
  for (const auto& d : shape) e *= d.extent;
  return e;
}

std::int64_t required_elements(const std::vector<io::expected_tensor>& list)
{
  std::int64_t n = 0;
  for (const auto& t : list)
    if (!t.optional && !t.scale) n += elements(t.shape) * t.values_per_element;  // MXFP4 blocks: two a byte
  return n;
}

std::map<std::string, io::expected_tensor> by_name(const std::vector<io::expected_tensor>& list)
{
  std::map<std::string, io::expected_tensor> m;
  for (const auto& t : list) {
    CHECK(m.count(t.name) == 0);  // no name twice
    m.emplace(t.name, t);
  }
  return m;
}

std::vector<std::int64_t> extents(const dyn_shape& s)
{
  std::vector<std::int64_t> out;
  for (const auto& d : s) out.push_back(d.extent);
  return out;
}

}  // namespace

TEST_CASE("the tensors a config implies add up to its count, for every family", "[checkpoint]")
{
  const auto file = GENERATE(as<std::string>{}, "gpt2.json", "llama-7b.json", "llama-2-70b.json", "llama-3-8b.json",
                             "mistral-7b-v0.1.json", "mixtral-8x7b-v0.1.json", "qwen2-0.5b.json", "gemma-7b.json",
                             "bert-base-uncased.json", "t5-v1_1-base.json", "gemma-2-2b.json", "gemma-2-9b.json",
                             "phi-3-mini-4k-instruct.json", "qwen1.5-moe-a2.7b.json", "qwen3-8b.json",
                             "qwen3-30b-a3b.json", "olmo-2-1124-7b.json", "deepseek-v3.json", "gemma-3-1b.json",
                             "gemma-3-27b-text.json", "gpt-oss-20b.json", "gpt-oss-120b.json");
  CAPTURE(file);
  const auto r = data(file);
  const auto m = models::count(r.config);
  // Two writings of one model: tensor by tensor, and the closed forms
  const auto hf = io::expected_tensors(r);
  by_name(hf);
  CHECK(required_elements(hf) == m.total.value());
  const auto gguf = io::expected_gguf_tensors(r);
  if (!io::gguf_architecture(r.family).empty()) {
    by_name(gguf);
    CHECK(required_elements(gguf) == m.total.value());
  }
  // The optional tensors: a tied head, T5's embedding copies, DeepSeek's MTP layer as stored
  std::int64_t optional = 0;
  for (const auto& t : hf)
    if (t.optional) optional += elements(t.shape);
  if (r.family == "deepseek_v3") CHECK(optional == m.mtp_checkpoint.value());
}

TEST_CASE("names and shapes as the published checkpoints hold them", "[checkpoint]")
{
  using shape = std::vector<std::int64_t>;
  const auto [file, name, expected] = GENERATE(table<std::string, std::string, shape>({
      {"deepseek-v3.json", "layers.3.mlp.gate.e_score_correction_bias", {256}},
      {"deepseek-v3.json", "layers.0.mlp.gate_proj.weight", {18432, 7168}},
      {"deepseek-v3.json", "layers.3.mlp.experts.255.down_proj.weight", {7168, 2048}},
      {"deepseek-v3.json", "layers.3.mlp.shared_experts.up_proj.weight", {2048, 7168}},
      {"deepseek-v3.json", "layers.0.self_attn.q_a_proj.weight", {1536, 7168}},
      {"deepseek-v3.json", "layers.0.self_attn.q_a_layernorm.weight", {1536}},
      {"deepseek-v3.json", "layers.0.self_attn.q_b_proj.weight", {24576, 1536}},
      {"deepseek-v3.json", "layers.0.self_attn.kv_a_proj_with_mqa.weight", {576, 7168}},
      {"deepseek-v3.json", "layers.0.self_attn.kv_b_proj.weight", {32768, 512}},
      {"deepseek-v3.json", "layers.0.self_attn.o_proj.weight", {7168, 16384}},
      {"deepseek-v3.json", "layers.61.eh_proj.weight", {7168, 14336}},
      {"deepseek-v3.json", "layers.61.shared_head.head.weight", {129280, 7168}},
      {"phi-3-mini-4k-instruct.json", "layers.0.self_attn.qkv_proj.weight", {9216, 3072}},
      {"phi-3-mini-4k-instruct.json", "layers.31.mlp.gate_up_proj.weight", {16384, 3072}},
      {"qwen1.5-moe-a2.7b.json", "layers.0.mlp.shared_expert_gate.weight", {1, 2048}},
      {"qwen1.5-moe-a2.7b.json", "layers.0.mlp.shared_expert.gate_proj.weight", {5632, 2048}},
      {"qwen1.5-moe-a2.7b.json", "layers.23.mlp.experts.59.up_proj.weight", {1408, 2048}},
      {"qwen1.5-moe-a2.7b.json", "layers.0.mlp.gate.weight", {60, 2048}},
      {"qwen1.5-moe-a2.7b.json", "layers.0.self_attn.k_proj.bias", {2048}},
      {"qwen3-8b.json", "layers.0.self_attn.q_norm.weight", {128}},
      {"qwen3-8b.json", "layers.35.self_attn.k_proj.weight", {1024, 4096}},
      {"qwen3-30b-a3b.json", "layers.47.mlp.experts.127.gate_proj.weight", {768, 2048}},
      {"qwen3-30b-a3b.json", "layers.0.self_attn.q_proj.weight", {4096, 2048}},
      {"olmo-2-1124-7b.json", "layers.0.self_attn.k_norm.weight", {4096}},
      {"olmo-2-1124-7b.json", "layers.0.post_feedforward_layernorm.weight", {4096}},
      {"gemma-2-2b.json", "layers.0.pre_feedforward_layernorm.weight", {2304}},
      {"gemma-2-2b.json", "layers.25.self_attn.q_proj.weight", {2048, 2304}},
      {"gpt2.json", "h.11.attn.c_attn.weight", {768, 2304}},
      // GPT-2's Conv1D stores [in, out]: c_fc [768, 3072], c_proj back [3072, 768]
      {"gpt2.json", "h.0.mlp.c_fc.weight", {768, 3072}},
      {"gpt2.json", "h.0.mlp.c_proj.weight", {3072, 768}},
      {"bert-base-uncased.json", "encoder.layer.0.intermediate.dense.weight", {3072, 768}},
      {"bert-base-uncased.json", "encoder.layer.0.output.dense.weight", {768, 3072}},
      // Gemma 2 2B's 8 heads of 256 are 2048 wide, its d_model 2304
      {"gemma-2-2b.json", "layers.0.self_attn.o_proj.weight", {2304, 2048}},
      {"gemma-2-2b.json", "layers.0.self_attn.k_proj.weight", {1024, 2304}},
      {"bert-base-uncased.json", "encoder.layer.0.attention.self.query.weight", {768, 768}},
      {"t5-v1_1-base.json", "decoder.block.0.layer.1.EncDecAttention.k.weight", {768, 768}},
      // T5's wo maps d_ff (2048) back to d_model (768): nn.Linear(d_ff, d_model) stores [768, 2048]
      {"t5-v1_1-base.json", "encoder.block.0.layer.1.DenseReluDense.wo.weight", {768, 2048}},
      {"t5-v1_1-base.json", "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight", {32, 12}},
      // gpt-oss as published: experts in MXFP4, [experts, out, in/32, 16] bytes and a scale per block
      {"gpt-oss-20b.json", "layers.0.mlp.experts.gate_up_proj_blocks", {32, 5760, 90, 16}},
      {"gpt-oss-20b.json", "layers.0.mlp.experts.gate_up_proj_scales", {32, 5760, 90}},
      {"gpt-oss-20b.json", "layers.0.mlp.experts.gate_up_proj_bias", {32, 5760}},
      {"gpt-oss-120b.json", "layers.35.mlp.experts.down_proj_blocks", {128, 2880, 90, 16}},
      {"gpt-oss-120b.json", "layers.35.mlp.experts.down_proj_bias", {128, 2880}},
      {"gpt-oss-20b.json", "layers.0.mlp.router.weight", {32, 2880}},
      {"gpt-oss-20b.json", "layers.0.mlp.router.bias", {32}},
      {"gpt-oss-20b.json", "layers.0.self_attn.sinks", {64}},
      {"gpt-oss-20b.json", "layers.23.self_attn.o_proj.bias", {2880}},
      {"gpt-oss-120b.json", "layers.0.self_attn.k_proj.weight", {512, 2880}},
  }));
  CAPTURE(file, name);
  const auto list = by_name(io::expected_tensors(data(file)));
  const auto it = list.find(name);
  REQUIRE(it != list.end());
  CHECK(extents(it->second.shape) == expected);
  // OLMo 2 has no norm before attention
  if (file == "olmo-2-1124-7b.json") CHECK(list.count("layers.0.input_layernorm.weight") == 0);
}

TEST_CASE("GGUF names: llama.cpp's, experts stacked", "[checkpoint][gguf]")
{
  using shape = std::vector<std::int64_t>;
  const auto [file, name, expected] = GENERATE(table<std::string, std::string, shape>({
      {"deepseek-v3.json", "blk.3.ffn_gate_exps.weight", {256, 2048, 7168}},
      {"deepseek-v3.json", "blk.3.ffn_down_exps.weight", {256, 7168, 2048}},
      {"deepseek-v3.json", "blk.3.exp_probs_b.bias", {256}},
      {"deepseek-v3.json", "blk.0.attn_kv_a_mqa.weight", {576, 7168}},
      // latent attention: 128 heads of 128 + 64 for q, 128 + 128 for k and v, values of 128 back to 7168
      {"deepseek-v3.json", "blk.0.attn_q_a.weight", {1536, 7168}},
      {"deepseek-v3.json", "blk.0.attn_q_b.weight", {24576, 1536}},
      {"deepseek-v3.json", "blk.0.attn_kv_b.weight", {32768, 512}},
      {"deepseek-v3.json", "blk.0.attn_output.weight", {7168, 16384}},
      {"gemma-2-2b.json", "blk.0.attn_q.weight", {2048, 2304}},
      {"gemma-2-2b.json", "blk.0.attn_output.weight", {2304, 2048}},
      {"gpt2.json", "blk.0.ffn_down.weight", {768, 3072}},
      {"phi-3-mini-4k-instruct.json", "blk.0.ffn_down.weight", {3072, 8192}},
      {"deepseek-v3.json", "blk.0.ffn_up.weight", {18432, 7168}},
      {"mixtral-8x7b-v0.1.json", "blk.0.ffn_gate_inp.weight", {8, 4096}},
      {"llama-3-8b.json", "blk.0.attn_k.weight", {1024, 4096}},
      {"llama-3-8b.json", "output.weight", {128256, 4096}},
      {"qwen1.5-moe-a2.7b.json", "blk.0.ffn_up_shexp.weight", {5632, 2048}},
      {"qwen1.5-moe-a2.7b.json", "blk.0.ffn_down_shexp.weight", {2048, 5632}},  // back from 5632 to 2048
      {"phi-3-mini-4k-instruct.json", "blk.0.ffn_up.weight", {16384, 3072}},
      {"gemma-2-2b.json", "blk.0.post_ffw_norm.weight", {2304}},
      {"qwen3-8b.json", "blk.0.attn_q_norm.weight", {128}},
      {"gpt2.json", "blk.0.attn_qkv.weight", {2304, 768}},
      {"gpt-oss-20b.json", "blk.0.attn_sinks.weight", {64}},
      {"gpt-oss-20b.json", "blk.0.post_attention_norm.weight", {2880}},
      {"gpt-oss-20b.json", "blk.0.ffn_gate_inp.bias", {32}},
      {"gpt-oss-20b.json", "blk.0.ffn_gate_exps.weight", {32, 2880, 2880}},
      {"gpt-oss-20b.json", "blk.0.ffn_up_exps.bias", {32, 2880}},
      {"gpt-oss-120b.json", "blk.35.ffn_down_exps.bias", {128, 2880}},
  }));
  CAPTURE(file, name);
  const auto list = by_name(io::expected_gguf_tensors(data(file)));
  const auto it = list.find(name);
  REQUIRE(it != list.end());
  CHECK(extents(it->second.shape) == expected);
}

TEST_CASE("a GGUF header is read, its shapes in PyTorch's order", "[gguf]")
{
  const auto bytes = test::gguf_file_bytes({{"general.architecture", std::string("llama")},
                                            {"llama.block_count", std::uint32_t{2}},
                                            {"tokenizer.ggml.tokens", std::vector<std::string>{"a", "bb", "ccc"}}},
                                           {{"token_embd.weight", {50, 16}}, {"blk.0.ffn_down.weight", {16, 40}, 1}});
  const auto g = io::gguf_file::from_bytes("t.gguf", bytes);
  CHECK(g.version() == 3);
  CHECK(g.string("general.architecture") == "llama");
  CHECK(g.integer("llama.block_count") == 2);
  REQUIRE(g.tensors().size() == 2);
  CHECK(g.tensors()[0].shape == std::vector<std::int64_t>{50, 16});
  CHECK(g.tensors()[1].shape == std::vector<std::int64_t>{16, 40});
  CHECK(g.tensors()[1].dtype == "F16");
  CHECK(g.tensors()[1].end - g.tensors()[1].begin == 16 * 40 * 2);
}

TEST_CASE("a malformed GGUF header is a gguf_error naming the problem, never a crash", "[gguf]")
{
  const auto good = test::gguf_file_bytes({{"general.architecture", std::string("llama")}},
                                          {{"a.weight", {4, 32}}, {"b.weight", {32}}});
  auto fails_with = [](const std::string& bytes, const std::string& what) {
    CAPTURE(what);
    CHECK_THROWS_WITH(io::gguf_file::from_bytes("bad.gguf", bytes), Contains("bad.gguf") && Contains(what));
  };
  // Every truncation of a good file
  for (std::size_t n = 0; n < good.size(); ++n) {
    CAPTURE(n);
    CHECK_THROWS_AS(io::gguf_file::from_bytes("bad.gguf", good.substr(0, n)), io::gguf_error);
  }
  auto patched = [&](std::size_t at, const std::string& bytes) {
    std::string s = good;
    s.replace(at, bytes.size(), bytes);
    return s;
  };
  auto u64 = [](std::uint64_t v) {
    test::gguf_bytes b;
    b.u64(v);
    return b.out;
  };
  auto u32 = [](std::uint32_t v) {
    test::gguf_bytes b;
    b.u32(v);
    return b.out;
  };
  fails_with(patched(0, "GGUX"), "not a GGUF file");
  fails_with(patched(4, u32(1)), "version 1");
  fails_with(patched(4, u32(4)), "version 4");
  // version 2 has version 3's layout (3 only added big-endian files, which say so by their version)
  CHECK(io::gguf_file::from_bytes("v2.gguf", patched(4, u32(2))).version() == 2);
  fails_with(patched(8, u64(1ull << 40)), "tensors, more than the file can hold");
  fails_with(patched(16, u64(~0ull)), "key-values, more than the file can hold");
  fails_with(patched(24, u64(1ull << 50)), "a string of");  // the first key's length
  // Tensor infos: the first starts after the key-value (8 + 20 + 4 + 8 + 5 bytes)
  const std::size_t info = 24 + 8 + 20 + 4 + 8 + 5;
  const std::size_t dims = info + 8 + 8, ne0 = dims + 4, type = ne0 + 16, offset = type + 4;
  fails_with(patched(dims, u32(5)), "5 dimensions");
  fails_with(patched(dims, u32(0)), "0 dimensions; GGUF tensors have 1 to 4");
  // Extents each within 2^40 whose product would wrap: 2^32 · 2^32 elements, and 2^40 · 2^22 F32
  // elements of 4 bytes (2^64 bytes)
  fails_with(patched(ne0, u64(1ull << 32) + u64(1ull << 32)), "a.weight: more elements than 2^62");
  fails_with(patched(ne0, u64(1ull << 40) + u64(1ull << 22)), "a.weight: more bytes than 2^62");
  fails_with(patched(ne0, u64(0)), "an extent of 0");
  fails_with(patched(type, u32(4)), "unknown ggml type 4");
  fails_with(patched(type, u32(10)), "not a multiple of Q2_K's block of 256");
  fails_with(patched(offset, u64(16)), "not a multiple of the alignment");
  fails_with(patched(offset, u64(1ull << 40)), "past the end of the data");
  // The second tensor placed on the first
  const std::size_t offset2 = offset + 8 + 8 + 8 + 4 + 8 + 4;
  fails_with(patched(offset2, u64(0)), "overlaps");
  fails_with(patched(offset2 - 8 - 4 - 8 - 4 - 8 + 8, "a.weight"), "appears twice");
  // A value of an unknown type, and a bad alignment
  fails_with(patched(24 + 8 + 20, u32(13)), "unknown value type 13");
  const auto aligned = test::gguf_file_bytes({{"general.alignment", std::uint32_t{48}}}, {});
  fails_with(aligned, "general.alignment");
  fails_with(test::gguf_file_bytes({{"general.alignment", std::uint32_t{0}}}, {}), "general.alignment must be");
  // An array of arrays four deep is read; five deep is refused before its header
  auto nested = [](int depth) {
    test::gguf_bytes b;
    b.out = "GGUF";
    b.u32(3);
    b.u64(0);  // tensors
    b.u64(1);  // key-values
    b.str("x");
    b.u32(9);                                                        // an array ...
    for (int level = 1; level < depth; ++level) b.u32(9), b.u64(1);  // ... of one array, ...
    b.u32(0), b.u64(0);                                              // ... of no u8
    return b.out;
  };
  CHECK_NOTHROW(io::gguf_file::from_bytes("deep.gguf", nested(4)));
  fails_with(nested(5), "arrays nested more than 4 deep");
}

TEST_CASE("check_model on GGUF: wrong shapes, the architecture, the metadata", "[gguf][checkpoint]")
{
  const auto r = io::parse_hf_config(R"({"model_type": "llama", "hidden_size": 16, "intermediate_size": 40,
      "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "vocab_size": 50})",
                                     "tiny.json");
  std::vector<test::gguf_tensor> tensors = test::gguf_tensors_of(r);
  for (auto& t : tensors)
    if (t.name == "blk.1.attn_k.weight") t.shape = {16, 16};  // as many k heads as q heads
  const std::string dir = SHAPEPROOF_TEST_DATA;
  (void)dir;
  const auto bytes = test::gguf_file_bytes(
      {{"general.architecture", std::string("llama")}, {"llama.block_count", std::uint32_t{3}}}, tensors);
  const auto path = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/shapeproof-check-test.gguf";
  {
    std::ofstream(path, std::ios::binary) << bytes;
  }
  const auto report = io::check_model(r, io::checkpoint::open(path));
  REQUIRE(report.problems.size() == 2);
  CHECK_THAT(report.problems[0], Contains("llama.block_count: 3, but the config says 2"));
  CHECK_THAT(report.problems[1],
             Contains("blk.1.attn_k.weight: expected [num_key_value_heads·head_dim (8), d_model (16)], got [16, 16]") &&
                 Contains("grouped-query"));
  CHECK(report.format == "gguf");
  std::remove(path.c_str());
}

namespace {
// A safetensors file of zeros holding `tensors` (name, dtype, shape), for a check of its header.
void write_header_only(const std::string& path,
                       const std::vector<std::tuple<std::string, std::string, std::vector<std::int64_t>>>& tensors)
{
  nlohmann::json header = nlohmann::json::object();
  std::int64_t offset = 0;
  for (const auto& [name, dtype, shape] : tensors) {
    std::int64_t bytes = dtype == "U8" ? 1 : 4;
    for (const auto e : shape) bytes *= e;
    header[name] = {{"dtype", dtype}, {"shape", shape}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  const std::string text = header.dump();
  std::string bytes(8, '\0');
  for (int b = 0; b < 8; ++b) bytes[static_cast<std::size_t>(b)] = static_cast<char>((text.size() >> (8 * b)) & 0xFF);
  std::ofstream(path, std::ios::binary) << bytes << text << std::string(static_cast<std::size_t>(offset), '\0');
}

// Every tensor the config `r` implies, named as a Hugging Face file names it, in the dtype
// `dtype_of(name, shape)` returns (which may also change the shape); an empty dtype leaves it out.
template<class Config, class F>
std::vector<std::tuple<std::string, std::string, std::vector<std::int64_t>>> implied_tensors(const Config& r,
                                                                                             F dtype_of)
{
  std::vector<std::tuple<std::string, std::string, std::vector<std::int64_t>>> tensors;
  for (const auto& e : io::expected_tensors(r)) {
    const std::string name = e.top_level ? e.name : "model." + e.name;
    auto shape = extents(e.shape);
    const std::string dtype = dtype_of(name, shape);
    if (!dtype.empty()) tensors.emplace_back(name, dtype, shape);
  }
  return tensors;
}
}  // namespace

TEST_CASE("an MXFP4 checkpoint (gpt-oss): blocks of bytes, two weights each, and their scales", "[checkpoint]")
{
  const auto r = io::parse_hf_config(R"({"model_type": "gpt_oss", "hidden_size": 32, "intermediate_size": 64,
      "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 8, "vocab_size": 50,
      "num_local_experts": 4, "num_experts_per_tok": 2, "quantization_config": {"quant_method": "mxfp4"}})",
                                     "tiny-oss.json");
  const auto path =
      std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/shapeproof-mxfp4.safetensors";
  auto write = [&](const std::string& wrong_dtype, const std::string& wrong_shape) {
    const auto tensors = implied_tensors(r, [&](const std::string& name, std::vector<std::int64_t>& shape) {
      if (name == wrong_shape) shape.back() += 1;
      const bool bytes = name.ends_with("_blocks") || name.ends_with("_scales");
      return bytes && name != wrong_dtype ? "U8" : "F32";
    });
    write_header_only(path, tensors);
    return io::check_model(r, io::checkpoint::open(path));
  };
  const auto good = write("", "");
  CHECK(good.problems.empty());
  CHECK(good.checkpoint_params == good.config_params);
  // 2 layers: the blocks hold 4 experts of 2·64·32 and 32·64 weights, 16 bytes per 32
  CHECK(good.config_params == models::count(r.config).total.value());
  CHECK(good.dtypes.at("U8") == 8);
  const auto wrong_dtype = write("model.layers.1.mlp.experts.down_proj_blocks", "");
  REQUIRE(wrong_dtype.problems.size() == 1);
  CHECK_THAT(wrong_dtype.problems[0], Contains("down_proj_blocks: dtype F32, but MXFP4 blocks are bytes (U8)"));
  const auto wrong_scales = write("", "model.layers.0.mlp.experts.gate_up_proj_scales");
  REQUIRE(wrong_scales.problems.size() == 1);
  CHECK_THAT(wrong_scales.problems[0],
             Contains("gate_up_proj_scales: expected [experts (4), 2·d_ff (128), d_model/32 (1)], got [4, 128, 2]"));
  // The same file under a config that does not say MXFP4: its blocks and scales are tensors the
  // config does not imply, each named; a scale is not waved through for its name alone
  write("", "");
  const auto unquantized = io::parse_hf_config(R"({"model_type": "gpt_oss", "hidden_size": 32, "intermediate_size": 64,
      "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 8, "vocab_size": 50,
      "num_local_experts": 4, "num_experts_per_tok": 2})",
                                               "tiny-oss-unquantized.json");
  const auto as_dense = io::check_model(unquantized, io::checkpoint::open(path));
  std::string problems;
  for (const auto& p : as_dense.problems) problems += p + "\n";
  CHECK_THAT(problems, Contains("model.layers.0.mlp.experts.gate_up_proj_scales: unexpected [4, 128, 1]"));
  CHECK_THAT(problems, Contains("model.layers.1.mlp.experts.down_proj_blocks: unexpected [4, 32, 2, 16]"));
  CHECK_THAT(problems, Contains("model.layers.0.mlp.experts.gate_up_proj: missing"));
  std::remove(path.c_str());
}

TEST_CASE("GGUF tensors that share a single byte overlap", "[gguf]")
{
  // a.weight is 33 I8 values: bytes [0, 33); b.weight placed at 32 shares its last byte
  const auto good = test::gguf_file_bytes({}, {{"a.weight", {33}, 24}, {"b.weight", {32}}});
  auto with_b_at = [&](std::uint64_t offset) {
    std::string s = good;
    test::gguf_bytes b;
    b.u64(offset);
    s.replace(good.find("b.weight") + 8 + 4 + 8 + 4, 8, b.out);  // past its name, dimension count, extent, type
    return s;
  };
  CHECK_THROWS_WITH(io::gguf_file::from_bytes("bad.gguf", with_b_at(32)), Contains("b.weight overlaps a.weight"));
  CHECK_NOTHROW(io::gguf_file::from_bytes("good.gguf", with_b_at(64)));
}

TEST_CASE("check_model on GGUF: blocks from num_hidden_layers on are DeepSeek's MTP layers, not checked",
          "[gguf][checkpoint]")
{
  const auto r = io::parse_hf_config(R"({"model_type": "deepseek_v3", "hidden_size": 32, "intermediate_size": 48,
      "num_hidden_layers": 2, "num_attention_heads": 2, "vocab_size": 50, "q_lora_rank": 16, "kv_lora_rank": 16,
      "qk_nope_head_dim": 8, "qk_rope_head_dim": 4, "v_head_dim": 8, "n_routed_experts": 4, "num_experts_per_tok": 2,
      "moe_intermediate_size": 16, "first_k_dense_replace": 1, "num_nextn_predict_layers": 1})",
                                     "tiny-v3.json");
  auto tensors = test::gguf_tensors_of(r);
  // The model's blocks are 0 and 1; its MTP layer follows as block 2, the first past the last
  tensors.push_back({"blk.2.nextn.eh_proj.weight", {32, 64}});
  const auto path = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/shapeproof-mtp.gguf";
  std::ofstream(path, std::ios::binary) << test::gguf_file_bytes({{"general.architecture", std::string("deepseek2")}},
                                                                 tensors);
  const auto report = io::check_model(r, io::checkpoint::open(path));
  CHECK(report.problems.empty());
  std::string notes;
  for (const auto& n : report.notes) notes += n + "\n";
  CHECK_THAT(notes, Contains("1 tensors of multi-token-prediction blocks not checked"));
  std::remove(path.c_str());
}

TEST_CASE("an FP8 checkpoint's weight_scale_inv tensors are quantization scales, not unexpected weights",
          "[checkpoint]")
{
  // DeepSeek-V3's FP8 checkpoints keep, beside each block-quantized weight, the inverses of its
  // block scales as `<module>.weight_scale_inv`: not parameters, and not tensors the config lacks
  const auto r = io::parse_hf_config(R"({"model_type": "llama", "hidden_size": 16, "intermediate_size": 40,
      "num_hidden_layers": 1, "num_attention_heads": 4, "vocab_size": 50,
      "quantization_config": {"quant_method": "fp8"}})",
                                     "tiny-fp8.json");
  auto tensors = implied_tensors(r, [](const std::string&, const auto&) { return "F32"; });
  tensors.emplace_back("model.layers.0.mlp.down_proj.weight_scale_inv", "F32", std::vector<std::int64_t>{1, 1});
  const auto path = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/shapeproof-fp8.safetensors";
  write_header_only(path, tensors);
  const auto report = io::check_model(r, io::checkpoint::open(path));
  CHECK(report.problems.empty());
  CHECK(report.checkpoint_params == report.config_params);
  std::remove(path.c_str());
}

TEST_CASE("a tied head may be stored or not; an integer weight is refused unless the config quantizes", "[checkpoint]")
{
  const auto r = io::parse_hf_config(R"({"model_type": "llama", "hidden_size": 16, "intermediate_size": 40,
      "num_hidden_layers": 1, "num_attention_heads": 4, "vocab_size": 50, "tie_word_embeddings": true})",
                                     "tiny-tied.json");
  const auto path =
      std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/shapeproof-tied.safetensors";
  // The file holds every tensor the config implies, with or without lm_head, one of them maybe in `down`
  auto check = [&](bool with_head, const std::string& down) {
    const auto tensors = implied_tensors(r, [&](const std::string& name, const auto&) -> std::string {
      if (name == "lm_head.weight" && !with_head) return "";
      return name == "model.layers.0.mlp.down_proj.weight" ? down : "F32";
    });
    write_header_only(path, tensors);
    auto report = io::check_model(r, io::checkpoint::open(path));
    CHECK(report.checked == tensors.size());  // every tensor of the file, and no absent one
    return report;
  };
  const auto without_head = check(false, "F32");
  CHECK(without_head.problems.empty());
  CHECK(without_head.optional_params == 0);
  const auto with_head = check(true, "F32");
  CHECK(with_head.problems.empty());
  CHECK(with_head.optional_params == 50 * 16);  // the head's copy of the embedding
  CHECK(with_head.checkpoint_params == with_head.config_params + 50 * 16);
  const auto integer = check(false, "I32");
  REQUIRE(integer.problems.size() == 1);
  CHECK_THAT(integer.problems[0], Contains("model.layers.0.mlp.down_proj.weight: dtype I32, an integer weight in a "
                                           "checkpoint that is not quantized"));
  std::remove(path.c_str());
}

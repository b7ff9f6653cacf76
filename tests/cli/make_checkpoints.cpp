// SPDX-License-Identifier: MIT
// Writes the small configs, checkpoints and inputs the command's end-to-end test runs on, right
// ones and wrong ones, and computes expected outputs with the typed runtime:
//   shapeproof_make_checkpoints WORK_DIR
//   shapeproof_make_checkpoints --compare a.npy b.npy [TOL]  (exit 0 when they agree to TOL of b's scale, 1e-5)
#include "../gguf_writer.hpp"
#include "../npy_writer.hpp"

#include <shapeproof/io/hf_config.hpp>
#include <shapeproof/io/model_tensors.hpp>
#include <shapeproof/io/npy.hpp>
#include <shapeproof/io/safetensors.hpp>
#include <shapeproof/runtime/runtime.hpp>

#include <xtensor/xnpy.hpp>

#include <bit>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

using namespace shapeproof;
namespace fs = std::filesystem;

namespace {

struct tokens final : dim<dynamic> {};
struct d16 final : dim<16> {};
struct d40 final : dim<40> {};

std::vector<float> values(std::int64_t n, float scale)
{
  std::vector<float> v(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = scale * std::sin(static_cast<float>(i) * 0.37f);
  return v;
}

io::f32_tensor t(const std::string& name, std::vector<std::int64_t> shape)
{
  std::int64_t n = 1;
  for (auto e : shape) n *= e;
  return {name, std::move(shape), values(n, 0.1f)};
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

// A whole LLaMA checkpoint, written out by hand from LlamaForCausalLM's modules (not from the
// lists `check` uses): d = 16, 4 heads of 4, 2 KV heads, d_ff = 40, vocab 50, untied. `wrong`
// changes one tensor.
std::vector<io::f32_tensor> llama_model(int layers, const std::string& wrong = "")
{
  const std::int64_t d = 16, dff = 40, kv = 8, vocab = 50;
  std::vector<io::f32_tensor> out;
  out.push_back(t("model.embed_tokens.weight", {vocab, d}));
  for (int i = 0; i < layers; ++i) {
    const std::string l = "model.layers." + std::to_string(i) + ".";
    out.push_back(t(l + "input_layernorm.weight", {d}));
    out.push_back(t(l + "self_attn.q_proj.weight", {d, d}));
    out.push_back(t(l + "self_attn.k_proj.weight", {wrong == "k_heads" && i == 1 ? d : kv, d}));
    out.push_back(t(l + "self_attn.v_proj.weight", {kv, d}));
    out.push_back(t(l + "self_attn.o_proj.weight", {d, d}));
    out.push_back(t(l + "post_attention_layernorm.weight", {d}));
    const std::string p = l + "mlp.";
    if (!(wrong == "missing" && i == 1)) out.push_back(t(p + "gate_proj.weight", {dff, d}));
    out.push_back(t(p + "up_proj.weight", {wrong == "up_dff" && i == 1 ? dff + 1 : dff, d}));
    out.push_back(t(p + "down_proj.weight", wrong == "down_transposed" && i == 0 ? std::vector<std::int64_t>{dff, d}
                                                                                 : std::vector<std::int64_t>{d, dff}));
  }
  out.push_back(t("model.norm.weight", {d}));
  out.push_back(t("lm_head.weight", {vocab, d}));
  if (wrong == "unexpected") {
    out.push_back(t("model.layers.0.self_attn.rotary_emb.inv_freq", {2}));  // a buffer: ignored
    out.push_back(t("model.layers.0.mlp.extra_proj.weight", {4, 16}));
  }
  return out;
}

// Every tensor a config implies, under its family's first prefix, from the lists `check` uses
// (those lists are proved against the closed-form counts and the published names in
// tests/checkpoint_test.cpp); `edit` may change them.
std::vector<io::f32_tensor> generated_model(const fs::path& config,
                                            const std::function<void(io::f32_tensor&)>& edit = {})
{
  const auto r = io::read_hf_config(config.string());
  const std::string prefix = io::checkpoint_prefixes(r.family).front();
  std::vector<io::f32_tensor> out;
  for (const auto& e : io::expected_tensors(r)) {
    if (e.optional) continue;
    std::vector<std::int64_t> shape;
    for (const auto& dim : e.shape) shape.push_back(dim.extent);
    out.push_back(t(e.top_level ? e.name : prefix + e.name, shape));
    if (edit) edit(out.back());
  }
  return out;
}

// The same as a GGUF file, under llama.cpp's names, with its architecture's key-values.
void generated_gguf(const fs::path& config, const fs::path& out,
                    const std::function<void(test::gguf_tensor&)>& edit = {})
{
  const auto r = io::read_hf_config(config.string());
  const std::string arch = io::gguf_architecture(r.family);
  std::vector<test::gguf_tensor> tensors = test::gguf_tensors_of(r);
  if (edit)
    for (auto& g : tensors) edit(g);
  std::ofstream(out, std::ios::binary) << test::gguf_file_bytes(
      {{"general.architecture", arch},
       {arch + ".block_count", static_cast<std::uint32_t>(r.config.layers)},
       {arch + ".embedding_length", static_cast<std::uint32_t>(r.config.d_model)},
       {"tokenizer.ggml.tokens", std::vector<std::string>{"<s>", "</s>", "a"}}},
      tensors);
}

void write_bytes(const fs::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary) << bytes; }

std::string read_bytes(const fs::path& p)
{
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A .safetensors file whose header is `header` verbatim, with `data_bytes` zero bytes of data.
std::string safetensors_bytes(const std::string& header, std::size_t data_bytes)
{
  std::string out;
  for (int b = 0; b < 8; ++b) out += static_cast<char>((header.size() >> (8 * b)) & 0xFFu);
  return out + header + std::string(data_bytes, '\0');
}

// Inputs that lie, are cut short, nest without end, repeat a name or have the wrong type: each the
// command must refuse, naming the file and the problem. (Written from the formats' descriptions.)
void malformed(const fs::path& dir)
{
  fs::create_directories(dir);
  const fs::path top = dir.parent_path();
  // .npy inputs for `run` on swiglu.safetensors (d_model 16)
  const std::string x = read_bytes(top / "x.npy");
  write_bytes(dir / "x-truncated.npy", x.substr(0, x.size() - 7));
  const std::string f4 = "{'descr': '<f4', 'fortran_order': False, 'shape': ";
  write_bytes(dir / "x-lying-shape.npy", test::npy_file_bytes(f4 + "(30000000, 16), }", std::string(100, '\0')));
  write_bytes(dir / "x-overflow.npy", test::npy_file_bytes(f4 + "(1152921504606846976, 16), }", ""));
  write_bytes(dir / "x-negative.npy", test::npy_file_bytes(f4 + "(-5, 16), }", ""));
  write_bytes(dir / "x-rank3.npy", test::npy_file_bytes(f4 + "(5, 16, 1), }", std::string(320, '\0')));
  write_bytes(dir / "x-no-tokens.npy", test::npy_file_bytes(f4 + "(0, 16), }", ""));
  write_bytes(dir / "x-f64.npy", test::npy_file_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (5, 16), }",
                                                      std::string(640, '\0')));
  write_bytes(dir / "x-long-header.npy", std::string("\x93NUMPY\x02\x00\x00\x2F\x68\x59{}", 14));
  {  // x.npy's values in Fortran order: the same input
    const auto a = io::read_npy_f32((top / "x.npy").string());
    std::vector<float> columns;
    for (std::size_t c = 0; c < 16; ++c)
      for (std::size_t r = 0; r < 5; ++r) columns.push_back(a.values[r * 16 + c]);
    write_bytes(
        dir / "x-fortran.npy",
        test::npy_file_bytes("{'descr': '<f4', 'fortran_order': True, 'shape': (5, 16), }", test::f32_bytes(columns)));
  }
  // Weights: a header of 40 MB of brackets, a name twice, the wrong kinds of file
  write_bytes(dir / "nested.safetensors", safetensors_bytes("{\"a\": " + std::string(40u << 20, '['), 0));
  const std::string entry = R"({"dtype":"F32","shape":[40,16],"data_offsets":[0,2560]})";
  write_bytes(dir / "duplicate.safetensors",
              safetensors_bytes(R"({"mlp.up_proj.weight":)" + entry + R"(,"mlp.up_proj.weight":)" + entry + "}", 2560));
  write_bytes(dir / "short.safetensors", "GGUF\x03");
  // MoEs of 4 SwiGLU experts that are not one declaration: expert 3 of another d_ff; a bias on
  // expert 2's up projection only
  for (const bool other_dff : {true, false}) {
    std::vector<io::f32_tensor> m{t("moe.router.weight", {4, 16})};
    for (int e = 0; e < 4; ++e) {
      const std::string p = "moe.experts." + std::to_string(e) + ".";
      const std::int64_t dff = other_dff && e == 3 ? 48 : 40;
      m.push_back(t(p + "gate_proj.weight", {dff, 16}));
      m.push_back(t(p + "up_proj.weight", {dff, 16}));
      if (!other_dff && e == 2) m.push_back(t(p + "up_proj.bias", {dff}));
      m.push_back(t(p + "down_proj.weight", {16, dff}));
    }
    io::save_safetensors((dir / (other_dff ? "moe-expert-dff.safetensors" : "moe-one-bias.safetensors")).string(), m);
  }
  // Configs: nested 100 deep, a key twice, 9 MB
  const std::string llama = read_bytes(top / "llama.json");
  const std::string open = llama.substr(0, llama.rfind('}'));
  write(dir / "config-nested.json", open + ", \"x\": " + std::string(100, '[') + std::string(100, ']') + "}");
  write(dir / "config-twice.json", open + ", \"hidden_size\": 32}");
  write(dir / "config-huge.json", open + ", \"pad\": \"" + std::string(9u << 20, 'x') + "\"}");
  // Indexes: 4 MB of brackets, a name twice
  write(dir / "nested.safetensors.index.json", "{\"metadata\": " + std::string(4u << 20, '['));
  write(dir / "twice.safetensors.index.json",
        R"({"weight_map": {"model.norm.weight": "shard-1.safetensors", "model.norm.weight": "shard-1.safetensors"}})");
  // GGUF metadata of the wrong type; a tensor count one more than the infos
  const auto r = io::read_hf_config((top / "llama.json").string());
  const std::vector<test::gguf_tensor> tensors = test::gguf_tensors_of(r);
  const test::gguf_kv arch{"general.architecture", std::string("llama")};
  write_bytes(dir / "block-count-string.gguf",
              test::gguf_file_bytes({arch, {"llama.block_count", std::string("2")}}, tensors));
  write_bytes(dir / "block-count-huge.gguf",
              test::gguf_file_bytes({arch, {"llama.block_count", ~std::uint64_t{0}}}, tensors));
  write_bytes(dir / "architecture-u32.gguf",
              test::gguf_file_bytes({{"general.architecture", std::uint32_t{7}}}, tensors));
  std::string extra = test::gguf_file_bytes({arch}, tensors);
  extra[8] = static_cast<char>(tensors.size() + 1);
  write_bytes(dir / "extra-count.gguf", extra);
  write_bytes(dir / "short.gguf", "GGUF\x03");
}

int make(const fs::path& dir)
{
  fs::create_directories(dir);
  // LLaMA: 2 layers, d = 16, 4 heads, 2 KV heads, d_ff = 40; whole checkpoints, right and wrong
  write(dir / "llama.json", R"({"model_type": "llama", "hidden_size": 16, "intermediate_size": 40,
    "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "vocab_size": 50})");
  for (const char* wrong : {"", "down_transposed", "missing", "up_dff", "k_heads", "unexpected"})
    io::save_safetensors((dir / ("llama-" + std::string(*wrong ? wrong : "good") + ".safetensors")).string(),
                         llama_model(2, wrong));
  // The same, sharded: the first layer's tensors in one file, the rest in another, with an index
  {
    auto all = llama_model(2);
    std::vector<io::f32_tensor> a(all.begin(), all.begin() + 10), b(all.begin() + 10, all.end());
    io::save_safetensors((dir / "shard-1.safetensors").string(), a);
    io::save_safetensors((dir / "shard-2.safetensors").string(), b);
    std::string map;
    for (const auto& x : a) map += (map.empty() ? "" : ",") + ("\"" + x.name + "\": \"shard-1.safetensors\"");
    for (const auto& x : b) map += ",\"" + x.name + "\": \"shard-2.safetensors\"";
    write(dir / "model.safetensors.index.json", "{\"metadata\": {}, \"weight_map\": {" + map + "}}");
  }
  // Mixtral: 1 layer, 4 experts, the last expert's down wrong
  write(dir / "mixtral.json", R"({"model_type": "mixtral", "hidden_size": 16, "intermediate_size": 40,
    "num_hidden_layers": 1, "num_attention_heads": 4, "vocab_size": 50, "num_local_experts": 4, "num_experts_per_tok": 2})");
  io::save_safetensors((dir / "mixtral-bad-expert.safetensors").string(),
                       generated_model(dir / "mixtral.json", [](io::f32_tensor& x) {
                         if (x.name == "model.layers.0.block_sparse_moe.experts.3.w2.weight") x = t(x.name, {16, 41});
                       }));
  // GPT-2: Conv1D layout [in, out]; and its FFN in PyTorch's [out, in] by mistake
  write(dir / "gpt2.json", R"({"model_type": "gpt2", "n_embd": 16, "n_layer": 1, "n_head": 4, "n_positions": 32,
    "vocab_size": 50})");
  io::save_safetensors((dir / "gpt2-good.safetensors").string(), generated_model(dir / "gpt2.json"));
  io::save_safetensors((dir / "gpt2-pytorch-layout.safetensors").string(),
                       generated_model(dir / "gpt2.json", [](io::f32_tensor& x) {
                         if (x.name == "h.0.mlp.c_fc.weight") x = t(x.name, {64, 16});
                       }));
  // Today's families, tiny: each right, and each with one attention tensor wrong
  const std::vector<std::pair<std::string, std::string>> families{
      {"gemma2", R"("model_type": "gemma2", "hidden_size": 16, "intermediate_size": 40, "num_hidden_layers": 2,
         "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 8, "vocab_size": 50)"},
      {"gemma3_text", R"("model_type": "gemma3_text", "hidden_size": 16, "intermediate_size": 40,
         "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 1, "head_dim": 8, "vocab_size": 50,
         "sliding_window": 4, "sliding_window_pattern": 2)"},
      {"phi3", R"("model_type": "phi3", "hidden_size": 16, "intermediate_size": 40, "num_hidden_layers": 2,
         "num_attention_heads": 4, "vocab_size": 50)"},
      {"qwen2_moe", R"("model_type": "qwen2_moe", "hidden_size": 16, "intermediate_size": 40, "num_hidden_layers": 2,
         "num_attention_heads": 4, "vocab_size": 50, "num_experts": 4, "num_experts_per_tok": 2,
         "moe_intermediate_size": 8, "shared_expert_intermediate_size": 24)"},
      {"qwen3", R"("model_type": "qwen3", "hidden_size": 16, "intermediate_size": 40, "num_hidden_layers": 2,
         "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 4, "vocab_size": 50)"},
      {"qwen3_moe", R"("model_type": "qwen3_moe", "hidden_size": 16, "intermediate_size": 40, "num_hidden_layers": 2,
         "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 4, "vocab_size": 50, "num_experts": 4,
         "num_experts_per_tok": 2, "moe_intermediate_size": 8, "decoder_sparse_step": 2)"},
      {"olmo2", R"("model_type": "olmo2", "hidden_size": 16, "intermediate_size": 40, "num_hidden_layers": 2,
         "num_attention_heads": 4, "vocab_size": 50)"},
      {"gpt_oss", R"("model_type": "gpt_oss", "hidden_size": 16, "intermediate_size": 8, "num_hidden_layers": 2,
         "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 4, "vocab_size": 50, "num_local_experts": 4,
         "num_experts_per_tok": 2, "sliding_window": 4)"},
      {"deepseek_v3", R"("model_type": "deepseek_v3", "hidden_size": 16, "intermediate_size": 40,
         "num_hidden_layers": 3, "num_attention_heads": 4, "vocab_size": 50, "first_k_dense_replace": 1,
         "n_routed_experts": 4, "num_experts_per_tok": 2, "n_shared_experts": 1, "moe_intermediate_size": 8,
         "q_lora_rank": 12, "kv_lora_rank": 8, "qk_nope_head_dim": 4, "qk_rope_head_dim": 2, "v_head_dim": 4,
         "num_nextn_predict_layers": 1)"}};
  for (const auto& [family, fields] : families) {
    const fs::path config = dir / (family + ".json");
    write(config, "{" + fields + "}");
    io::save_safetensors((dir / (family + "-good.safetensors")).string(), generated_model(config));
    io::save_safetensors(
        (dir / (family + "-bad-attention.safetensors")).string(), generated_model(config, [](io::f32_tensor& x) {
          // The last layer's key (or latent key-value) projection one row too wide
          for (const char* name :
               {"self_attn.k_proj.weight", "self_attn.qkv_proj.weight", "self_attn.kv_a_proj_with_mqa.weight"})
            if (x.name.find(name) != std::string::npos && x.name.find("layers.1.") != std::string::npos)
              x = t(x.name, {x.shape[0] + 1, x.shape[1]});
        }));
    generated_gguf(config, dir / (family + "-good.gguf"));
  }
  generated_gguf(dir / "llama.json", dir / "llama-good.gguf");
  generated_gguf(dir / "llama.json", dir / "llama-bad-attention.gguf", [](test::gguf_tensor& g) {
    if (g.name == "blk.1.attn_k.weight") g.shape = {16, 16};
  });
  {  // A GGUF file cut short in its tensor infos, and one whose tensor count is a lie
    std::ifstream in(dir / "llama-good.gguf", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream(dir / "truncated.gguf", std::ios::binary) << bytes.substr(0, 300);
    test::gguf_bytes count;
    count.u64(1ull << 60);
    bytes.replace(8, 8, count.out);
    std::ofstream(dir / "lying-count.gguf", std::ios::binary) << bytes;
  }

  // `run`: SwiGLU weights under a prefix, an input, and the typed runtime's output on them
  using spec = swiglu<d16, d40>;
  const auto w = runtime::weights<spec>::init(5);
  auto as_tensor = [](const std::string& name, const auto& x) {
    std::vector<std::int64_t> shape(x.data().shape().begin(), x.data().shape().end());
    return io::f32_tensor{name, shape, {x.data().begin(), x.data().end()}};
  };
  io::save_safetensors((dir / "swiglu.safetensors").string(),
                       {as_tensor("mlp.gate_proj.weight", w.gate.weight), as_tensor("mlp.up_proj.weight", w.up.weight),
                        as_tensor("mlp.down_proj.weight", w.down.weight)});
  {  // The same weights kept in bf16: the expected output is the typed runtime's on the rounded values
    std::vector<io::f32_tensor> tensors{as_tensor("mlp.gate_proj.weight", w.gate.weight),
                                        as_tensor("mlp.up_proj.weight", w.up.weight),
                                        as_tensor("mlp.down_proj.weight", w.down.weight)};
    io::save_safetensors((dir / "swiglu-bf16.safetensors").string(), tensors, "BF16");
    auto rounded = w;
    auto round = [](auto& t) {
      for (auto& v : t.data()) v = std::bit_cast<float>(static_cast<std::uint32_t>(io::float_to_bf16(v)) << 16);
    };
    round(rounded.gate.weight);
    round(rounded.up.weight);
    round(rounded.down.weight);
    auto x5 = runtime::tensor<shape<tokens, d16>>::zeros("x", {5, 16});
    std::uint64_t j = 0;
    for (auto& v : x5.data()) v = runtime::detail::uniform(3, 3, j++, 1.0f);
    runtime::save_npy((dir / "y-bf16-expected.npy").string(), runtime::forward(rounded, x5));
  }
  io::save_safetensors((dir / "swiglu-no-down.safetensors").string(), {as_tensor("mlp.gate_proj.weight", w.gate.weight),
                                                                       as_tensor("mlp.up_proj.weight", w.up.weight)});
  auto x = runtime::tensor<shape<tokens, d16>>::zeros("x", {5, 16});
  std::uint64_t i = 0;
  for (auto& v : x.data()) v = runtime::detail::uniform(3, 3, i++, 1.0f);
  runtime::save_npy((dir / "x.npy").string(), x);
  runtime::save_npy((dir / "y-expected.npy").string(), runtime::forward(w, x));
  xt::dump_npy((dir / "x-wide.npy").string(), xt::xtensor<float, 2>(xt::zeros<float>({5, 17})));
  // An input with two non-finite values, and an MoE whose file has an expert more than its router
  xt::xtensor<float, 2> x_nan = x.data();
  x_nan(0, 0) = std::numeric_limits<float>::quiet_NaN();
  x_nan(4, 15) = std::numeric_limits<float>::infinity();
  xt::dump_npy((dir / "x-nan.npy").string(), x_nan);
  {
    std::vector<io::f32_tensor> m{t("moe.router.weight", {2, 16})};
    for (int e = 0; e < 3; ++e) {
      const std::string p = "moe.experts." + std::to_string(e) + ".";
      for (const char* proj : {"gate_proj", "up_proj"}) m.push_back(t(p + proj + ".weight", {40, 16}));
      m.push_back(t(p + "down_proj.weight", {16, 40}));
    }
    io::save_safetensors((dir / "moe-extra-expert.safetensors").string(), m);
  }

  // Sharded runs: a dense FFN with biases, and an MoE of 4 SwiGLU experts with biases, and an
  // input of 33 rows (more than the streaming kernel's, and not a multiple of 2 or 4 ranks)
  {
    std::vector<io::f32_tensor> dense;
    const auto g = runtime::weights<gelu_ffn<d16, d40, true>>::init(6);
    dense.push_back(as_tensor("mlp.up_proj.weight", g.up.weight));
    dense.push_back(as_tensor("mlp.up_proj.bias", g.up.bias));
    dense.push_back(as_tensor("mlp.down_proj.weight", g.down.weight));
    dense.push_back(as_tensor("mlp.down_proj.bias", g.down.bias));
    io::save_safetensors((dir / "gelu-bias.safetensors").string(), dense);
    const auto m = runtime::weights<moe_ffn<swiglu<d16, d40, true>, 4, 2>>::init(7);
    std::vector<io::f32_tensor> moe{as_tensor("moe.router.weight", m.router.weight)};
    for (std::size_t e = 0; e < m.experts.size(); ++e) {
      const std::string p = "moe.experts." + std::to_string(e) + ".";
      const auto& x_ = m.experts[e];
      moe.push_back(as_tensor(p + "gate_proj.weight", x_.gate.weight));
      moe.push_back(as_tensor(p + "gate_proj.bias", x_.gate.bias));
      moe.push_back(as_tensor(p + "up_proj.weight", x_.up.weight));
      moe.push_back(as_tensor(p + "up_proj.bias", x_.up.bias));
      moe.push_back(as_tensor(p + "down_proj.weight", x_.down.weight));
      moe.push_back(as_tensor(p + "down_proj.bias", x_.down.bias));
    }
    io::save_safetensors((dir / "moe4.safetensors").string(), moe);
    auto x33 = runtime::tensor<shape<tokens, d16>>::zeros("x", {33, 16});
    std::uint64_t k = 0;
    for (auto& v : x33.data()) v = runtime::detail::uniform(4, 4, k++, 1.0f);
    runtime::save_npy((dir / "x33.npy").string(), x33);
  }

  malformed(dir / "untrusted");

  // Malformed inputs for the command
  write(dir / "broken.json", "{\"model_type\": \"llama\", ");
  {
    std::ofstream f(dir / "huge-header.safetensors", std::ios::binary);
    const std::uint64_t n = 10'000'000'000ull;
    for (int b = 0; b < 8; ++b) f.put(static_cast<char>((n >> (8 * b)) & 0xFF));
    f << "{}";
  }
  return 0;
}

int compare(const std::string& a, const std::string& b, double tolerance)
{
  const xt::xarray<float> x = xt::load_npy<float>(a), y = xt::load_npy<float>(b);
  if (x.shape() != y.shape()) {
    std::fprintf(stderr, "shapes differ\n");
    return 1;
  }
  const double scale = std::max(1e-30, static_cast<double>(xt::amax(xt::abs(y))()));
  const double err = static_cast<double>(xt::amax(xt::abs(x - y))());
  std::printf("max error %.3g of scale %.3g\n", err, scale);
  return err <= tolerance * scale ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv)
{
  if ((argc == 4 || argc == 5) && std::string(argv[1]) == "--compare")
    return compare(argv[2], argv[3], argc == 5 ? std::stod(argv[4]) : 1e-5);
  if (argc == 2 && argv[1][0] != '-') return make(argv[1]);
  std::fprintf(stderr, "usage: shapeproof_make_checkpoints DIR | --compare A.npy B.npy [TOL]\n");
  return 2;
}

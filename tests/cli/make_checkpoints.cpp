// SPDX-License-Identifier: MIT
// Writes the small configs, checkpoints and inputs the command's end-to-end test runs on, right
// ones and wrong ones, and computes expected outputs with the typed runtime:
//   shapeproof_make_checkpoints WORK_DIR
//   shapeproof_make_checkpoints --compare a.npy b.npy     (exit 0 when they agree to 1e-5)
#include <shapeproof/io/safetensors.hpp>
#include <shapeproof/runtime/runtime.hpp>

#include <xtensor/xnpy.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
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

// The FFN tensors of a LLaMA-style checkpoint, with `wrong` applied to one of them.
std::vector<io::f32_tensor> llama_ffn(int layers, std::int64_t d, std::int64_t dff, const std::string& wrong = "")
{
  std::vector<io::f32_tensor> out;
  out.push_back(t("model.embed_tokens.weight", {50, d}));
  for (int i = 0; i < layers; ++i) {
    const std::string p = "model.layers." + std::to_string(i) + ".mlp.";
    if (!(wrong == "missing" && i == 1)) out.push_back(t(p + "gate_proj.weight", {dff, d}));
    out.push_back(t(p + "up_proj.weight", {wrong == "up_dff" && i == 1 ? dff + 1 : dff, d}));
    out.push_back(t(p + "down_proj.weight", wrong == "down_transposed" && i == 0 ? std::vector<std::int64_t>{dff, d}
                                                                                 : std::vector<std::int64_t>{d, dff}));
  }
  return out;
}

int make(const fs::path& dir)
{
  fs::create_directories(dir);
  // LLaMA-style: 2 layers, d = 16, d_ff = 40
  write(dir / "llama.json", R"({"model_type": "llama", "hidden_size": 16, "intermediate_size": 40,
    "num_hidden_layers": 2, "num_attention_heads": 4, "vocab_size": 50})");
  io::save_safetensors((dir / "llama-good.safetensors").string(), llama_ffn(2, 16, 40));
  io::save_safetensors((dir / "llama-transposed.safetensors").string(), llama_ffn(2, 16, 40, "down_transposed"));
  io::save_safetensors((dir / "llama-missing.safetensors").string(), llama_ffn(2, 16, 40, "missing"));
  io::save_safetensors((dir / "llama-dff.safetensors").string(), llama_ffn(2, 16, 40, "up_dff"));
  // The same, sharded: layer 0 in one file, the rest in another, with an index
  {
    auto all = llama_ffn(2, 16, 40);
    std::vector<io::f32_tensor> a(all.begin(), all.begin() + 4), b(all.begin() + 4, all.end());
    io::save_safetensors((dir / "shard-1.safetensors").string(), a);
    io::save_safetensors((dir / "shard-2.safetensors").string(), b);
    std::string map;
    for (const auto& x : a) map += (map.empty() ? "" : ",") + ("\"" + x.name + "\": \"shard-1.safetensors\"");
    for (const auto& x : b) map += ",\"" + x.name + "\": \"shard-2.safetensors\"";
    write(dir / "model.safetensors.index.json", "{\"metadata\": {}, \"weight_map\": {" + map + "}}");
  }
  // Mixtral-style: 1 layer, 4 experts
  write(dir / "mixtral.json", R"({"model_type": "mixtral", "hidden_size": 16, "intermediate_size": 40,
    "num_hidden_layers": 1, "num_attention_heads": 4, "vocab_size": 50, "num_local_experts": 4, "num_experts_per_tok": 2})");
  {
    std::vector<io::f32_tensor> m{t("model.layers.0.block_sparse_moe.gate.weight", {4, 16})};
    for (int e = 0; e < 4; ++e) {
      const std::string p = "model.layers.0.block_sparse_moe.experts." + std::to_string(e) + ".";
      m.push_back(t(p + "w1.weight", {40, 16}));
      m.push_back(t(p + "w3.weight", {40, 16}));
      m.push_back(t(p + "w2.weight", {16, e == 3 ? 41 : 40}));  // the last expert's down is wrong
    }
    io::save_safetensors((dir / "mixtral-bad-expert.safetensors").string(), m);
  }
  // GPT-2-style: Conv1D layout [in, out]
  write(dir / "gpt2.json", R"({"model_type": "gpt2", "n_embd": 16, "n_layer": 1, "n_head": 4, "n_positions": 32})");
  io::save_safetensors((dir / "gpt2-good.safetensors").string(),
                       {t("h.0.mlp.c_fc.weight", {16, 64}), t("h.0.mlp.c_fc.bias", {64}),
                        t("h.0.mlp.c_proj.weight", {64, 16}), t("h.0.mlp.c_proj.bias", {16})});
  io::save_safetensors((dir / "gpt2-pytorch-layout.safetensors").string(),
                       {t("h.0.mlp.c_fc.weight", {64, 16}), t("h.0.mlp.c_fc.bias", {64}),
                        t("h.0.mlp.c_proj.weight", {16, 64}), t("h.0.mlp.c_proj.bias", {16})});

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

int compare(const std::string& a, const std::string& b)
{
  const xt::xarray<float> x = xt::load_npy<float>(a), y = xt::load_npy<float>(b);
  if (x.shape() != y.shape()) {
    std::fprintf(stderr, "shapes differ\n");
    return 1;
  }
  const double scale = std::max(1e-30, static_cast<double>(xt::amax(xt::abs(y))()));
  const double err = static_cast<double>(xt::amax(xt::abs(x - y))());
  std::printf("max error %.3g of scale %.3g\n", err, scale);
  return err <= 1e-5 * scale ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv)
{
  if (argc == 4 && std::string(argv[1]) == "--compare") return compare(argv[2], argv[3]);
  if (argc == 2) return make(argv[1]);
  std::fprintf(stderr, "usage: shapeproof_make_checkpoints DIR | --compare A.npy B.npy\n");
  return 2;
}

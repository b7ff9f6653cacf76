// SPDX-License-Identifier: MIT
// A GGUF file's layer run by the run-time model: a dense layer in every type shapeproof reads and
// an MoE of stacked experts, each equal to a float64 reference on the weights as the file
// dequantizes them; tensor-parallel slices of quantized rows; the widths taken from the metadata
// and checked; what the run-time model does not run refused by name.
#include "reference.hpp"
#include <unistd.h>

#include <shapeproof/io/ggml_quant.hpp>
#include <shapeproof/io/gguf.hpp>
#include <shapeproof/runtime/gguf_layer.hpp>
#include <shapeproof/runtime/roofline.hpp>
#include <shapeproof/runtime/synthetic.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

using namespace shapeproof;
using Catch::Matchers::Contains;

namespace {

std::string temp_path(const std::string& name)
{
  return (std::filesystem::temp_directory_path() / ("shapeproof-gguf-layer-" + std::to_string(::getpid()) + "-" + name))
      .string();
}

// Values uniform in ±1/√columns (as nn.Linear's), different in every tensor and element.
void fill(std::size_t tensor, const std::vector<std::int64_t>& shape, std::vector<float>& v)
{
  std::uint64_t state = 0x9E3779B97F4A7C15ull * (tensor + 1);
  std::size_t n = 1;
  for (const auto e : shape) n *= static_cast<std::size_t>(e);
  const double bound = 1.0 / std::sqrt(static_cast<double>(shape.back()));
  for (std::size_t k = 0; k < n; ++k) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    v.push_back(static_cast<float>((static_cast<double>(state >> 11) / 9007199254740992.0 * 2 - 1) * bound));
  }
}

// A llama-like file of two layers: layer 0 dense, layer 1 dense or an MoE of 4 stacked experts,
// with an attention tensor and the norm before the FFN beside them (not the FFN's).
std::string write_model(const std::string& name, const std::string& dtype, bool moe, std::int64_t d, std::int64_t dff,
                        const std::vector<io::gguf_kv_to_write>& extra = {})
{
  std::vector<io::gguf_kv_to_write> kvs{{"general.architecture", std::string("llama")},
                                        {"llama.block_count", std::uint64_t{2}},
                                        {"llama.embedding_length", static_cast<std::uint64_t>(d)},
                                        {"llama.feed_forward_length", static_cast<std::uint64_t>(dff)}};
  if (moe) {
    kvs.push_back({"llama.expert_count", std::uint64_t{4}});
    kvs.push_back({"llama.expert_used_count", std::uint64_t{2}});
  }
  for (const auto& kv : extra) {  // a key given again replaces the default
    const auto same = std::find_if(kvs.begin(), kvs.end(), [&](const auto& k) { return k.key == kv.key; });
    if (same != kvs.end())
      *same = kv;
    else
      kvs.push_back(kv);
  }
  std::vector<io::tensor_to_write> tensors;
  for (int layer = 0; layer < 2; ++layer) {
    const std::string p = "blk." + std::to_string(layer) + ".";
    tensors.push_back({p + "attn_q.weight", {d, d}});
    tensors.push_back({p + "ffn_norm.weight", {d}});
    if (moe && layer == 1) {
      tensors.push_back({p + "ffn_gate_inp.weight", {4, d}});
      tensors.push_back({p + "ffn_gate_exps.weight", {4, dff, d}});
      tensors.push_back({p + "ffn_up_exps.weight", {4, dff, d}});
      tensors.push_back({p + "ffn_down_exps.weight", {4, d, dff}});
    } else {
      tensors.push_back({p + "ffn_gate.weight", {dff, d}});
      tensors.push_back({p + "ffn_up.weight", {dff, d}});
      tensors.push_back({p + "ffn_down.weight", {d, dff}});
    }
  }
  const auto path = temp_path(name);
  io::write_gguf(path, kvs, tensors, dtype,
                 [&](std::size_t i, std::vector<float>& v) { fill(i, tensors[i].shape, v); });
  return path;
}

// Part `e` of `values` cut into `parts` equal parts.
template<typename T>
std::vector<T> part(const std::vector<T>& values, std::size_t e, std::size_t parts)
{
  const std::size_t n = values.size() / parts;
  return {values.begin() + static_cast<std::ptrdiff_t>(e * n),
          values.begin() + static_cast<std::ptrdiff_t>((e + 1) * n)};
}

// The float64 reference of a gated FFN over the weights the file dequantizes: `expert` of stacked
// ones when given.
reference::ffn reference_ffn(const io::gguf_file& f, const std::string& p, std::size_t d, std::size_t dff,
                             int expert = -1)
{
  auto weights = [&](const std::string& part_name) {
    if (expert < 0) return f.read_f32(*f.find(p + part_name + ".weight"));
    return part(f.read_f32(*f.find(p + part_name + "_exps.weight")), static_cast<std::size_t>(expert), 4);
  };
  reference::ffn r;
  r.activation = "silu", r.gated = true, r.d = d, r.dff = dff;
  r.gate_w = weights("ffn_gate");
  r.up_w = weights("ffn_up");
  r.down_w = weights("ffn_down");
  return r;
}

double max_abs(const reference::matrix& m)
{
  double out = 0;
  for (const double v : m) out = std::max(out, std::fabs(v));
  return out;
}

void check_close(const xt::xtensor<float, 2>& y, const reference::matrix& expected)
{
  REQUIRE(y.size() == expected.size());
  const double scale = max_abs(expected);
  REQUIRE(scale > 0.01);  // an output, not zeros
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(std::fabs(static_cast<double>(y.data()[i]) - expected[i]) <= 1e-5 * scale);
  }
}

reference::matrix as_double(const xt::xtensor<float, 2>& x) { return {x.begin(), x.end()}; }

// A projection's weights as f32 values: its f32 weights, or its blocks dequantized.
std::vector<float> values_of(const runtime::dyn_linear& l)
{
  if (!runtime::detail::is_quantized(l.dtype)) return l.weight;
  std::vector<float> out(l.in * l.out);
  io::dequantize(*runtime::info_of(l.dtype).format, l.weight_q, out);
  return out;
}

}  // namespace

TEST_CASE("a GGUF layer in each type runs as the float64 reference on its dequantized weights", "[dyn_model][gguf]")
{
  const std::int64_t d = 256, dff = 512;  // whole blocks of 256 for the K types
  for (const std::string dtype : {"Q8_0", "Q4_0", "Q4_K", "Q6_K", "F32", "F16", "BF16"}) {
    CAPTURE(dtype);
    const auto path = write_model("dense-" + dtype + ".gguf", dtype, false, d, dff);
    const auto file = io::gguf_file::open(path);
    const runtime::gguf_layer layer(file, 1);
    CHECK(layer.architecture() == "llama");
    CHECK(layer.request().prefix == "blk.1.");
    CHECK(layer.request().variant.name == std::string_view("swiglu"));
    CHECK(layer.description() == "llama layer 1: ffn_gate " + dtype + ", ffn_up " + dtype + ", ffn_down " + dtype);
    // The layer's FFN tensors only: not its attention, not the norm before it, not layer 0's
    CHECK(layer.tensors().size() == 3);
    const auto m = layer.load();
    CHECK(m.d() == 256);
    CHECK(m.dff() == 512);
    std::string lower = dtype;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    CHECK(m.dtype() == lower);
    const auto& down = m.experts.front().down;
    if (dtype[0] == 'Q')  // kept as stored: the file's bytes
      CHECK(down.weight_q == file.read_bytes(*file.find("blk.1.ffn_down.weight")));
    // The weights are the file's, dequantized as ggml dequantizes them
    if (dtype[0] == 'Q' || dtype == "F32") CHECK(values_of(down) == file.read_f32(*file.find("blk.1.ffn_down.weight")));
    // One row, two and three (each tile of the streaming kernel), eight, and more than one pass
    for (const std::size_t rows : {1u, 2u, 3u, 8u, 15u, 17u}) {
      const auto x = runtime::synthetic_input(rows, 256, 7);
      check_close(m.forward(x), reference_ffn(file, "blk.1.", 256, 512)(as_double(x), rows));
    }
    std::filesystem::remove(path);
  }
}

TEST_CASE("a GGUF MoE layer of stacked experts runs as the float64 reference", "[dyn_model][gguf]")
{
  const auto path = write_model("moe.gguf", "Q8_0", true, 64, 96);
  const auto file = io::gguf_file::open(path);
  const runtime::gguf_layer layer(file, 1);
  CHECK(layer.request().moe);
  CHECK(layer.request().top_k == 2);
  CHECK(layer.description() == "llama layer 1: ffn_gate Q8_0, ffn_up Q8_0, ffn_down Q8_0");
  // Expert 2 of ffn_up_exps is its bytes only: a third of the second half
  const auto* stacked = file.find("blk.1.ffn_up_exps.weight");
  const auto* up2 = layer.find("blk.1.experts.2.ffn_up.weight");
  REQUIRE(up2 != nullptr);
  CHECK(up2->shape == std::vector<std::int64_t>{96, 64});
  CHECK(up2->begin == stacked->begin + 2 * (stacked->end - stacked->begin) / 4);
  CHECK(up2->end - up2->begin == 96 * 2 * 34);  // rows of 64: two Q8_0 blocks of 34 bytes
  const auto m = runtime::load_model(layer, layer.request());
  CHECK(runtime::unread_tensors(layer, m, layer.request()).empty());
  CHECK(m.total_experts == 4);
  reference::moe r;
  for (int e = 0; e < 4; ++e) r.experts.push_back(reference_ffn(file, "blk.1.", 64, 96, e));
  r.router_w = file.read_f32(*file.find("blk.1.ffn_gate_inp.weight"));
  r.top_k = 2;
  const auto x = runtime::synthetic_input(5, 64, 3);
  check_close(m.forward(x), r(as_double(x), 5, 64));
  // Layer 0 of the same file is dense
  CHECK_FALSE(runtime::gguf_layer(file, 0).request().moe);
  std::filesystem::remove(path);
}

TEST_CASE("synthetic quantized weights run as the float64 reference on their dequantized values", "[dyn_model][quant]")
{
  const auto v = *find_variant("swiglu");
  const auto f32 = runtime::make_model({v, {"d_model", 256}, {"d_ff", 512}}, 5);
  for (const auto dtype : {runtime::weight_dtype::q8_0, runtime::weight_dtype::q4_0, runtime::weight_dtype::q4_k,
                           runtime::weight_dtype::q6_k}) {
    const auto& format = *runtime::info_of(dtype).format;
    CAPTURE(format.name);
    const auto m = runtime::make_model({v, {"d_model", 256}, {"d_ff", 512}}, 5, dtype);
    CHECK(m.dtype() == runtime::dtype_name(dtype));
    const auto& e = m.experts.front();
    const auto blocks_per_row = static_cast<std::size_t>(256 / format.block);
    REQUIRE(e.up.weight_q.size() == 512 * blocks_per_row * static_cast<std::size_t>(format.block_bytes));
    CHECK(e.up.weight.empty());
    reference::ffn r;
    r.activation = "silu", r.gated = true, r.d = 256, r.dff = 512;
    r.gate_w = values_of(e.gate), r.up_w = values_of(e.up), r.down_w = values_of(e.down);
    // Near the f32 model's weights, which are the same seed's (uniform in ±1/16): within a step of
    // the format's levels over that range (255 for Q8_0, 15 for Q4_0 and Q4_K, 63 for Q6_K)
    const float levels = format.name == "Q8_0" ? 255 : format.name == "Q6_K" ? 63 : 15;
    float worst = 0;
    for (std::size_t i = 0; i < r.up_w.size(); ++i)
      worst = std::max(worst, std::fabs(r.up_w[i] - f32.experts.front().up.weight[i]));
    CHECK(worst <= 2.0f / 16 / levels);
    CHECK(worst > 0);
    for (const std::size_t rows : {1u, 2u, 4u, 7u, 16u, 17u, 40u, 64u, 70u}) {
      CAPTURE(rows);
      const auto x = runtime::synthetic_input(rows, 256, 11);
      check_close(m.forward(x), r(as_double(x), rows));
    }
    // Tensor-parallel slices keep whole blocks: rank 1's gate and up rows are the second half
    const auto rank1 = runtime::make_model({v, {"d_model", 256}, {"d_ff", 512}}, 5, dtype, {1, 2, 1});
    CHECK(rank1.experts.front().up.weight_q ==
          std::vector<unsigned char>(e.up.weight_q.begin() + static_cast<std::ptrdiff_t>(e.up.weight_q.size() / 2),
                                     e.up.weight_q.end()));
    // A width that is not whole blocks is refused, naming the block
    CHECK_THROWS_WITH(runtime::make_model({v, {"d_model", 100}, {"d_ff", 512}}, 5, dtype),
                      Contains("width 100 is not a multiple of " + std::to_string(format.block)));
  }
}

TEST_CASE("tensor-parallel ranks read their slices of a quantized GGUF layer", "[dyn_model][gguf][parallel]")
{
  const auto path = write_model("tp.gguf", "Q4_K", false, 256, 512);
  const runtime::gguf_layer layer(io::gguf_file::open(path), 0);
  const auto whole = runtime::load_model(layer, layer.request());
  const auto& w = whole.experts.front();
  for (int rank = 0; rank < 2; ++rank) {
    CAPTURE(rank);
    const auto m = runtime::load_model(layer, layer.request(), {rank, 2, 1});
    const auto& e = m.experts.front();
    // gate and up: rows rank·256 to +256 of [512, 256]; down: those columns of [256, 512], one
    // whole Q4_K block of each row, kept as stored too
    CHECK(e.up.weight_q == part(w.up.weight_q, static_cast<std::size_t>(rank), 2));
    CHECK(e.gate.weight_q == part(w.gate.weight_q, static_cast<std::size_t>(rank), 2));
    CHECK(e.down.dtype == runtime::weight_dtype::q4_k);
    const auto down = values_of(e.down), whole_down = values_of(w.down);
    REQUIRE(down.size() == 256 * 256);
    for (std::size_t r = 0; r < 256; r += 85)
      for (std::size_t c = 0; c < 256; c += 51)
        CHECK(down[r * 256 + c] == whole_down[r * 512 + static_cast<std::size_t>(rank) * 256 + c]);
  }
  // Four ranks: down's 128 columns are half a block, read as f32 (the same values)
  for (int rank = 0; rank < 4; ++rank) {
    CAPTURE(rank);
    const auto m = runtime::load_model(layer, layer.request(), {rank, 4, 1});
    const auto& e = m.experts.front();
    CHECK(e.up.dtype == runtime::weight_dtype::q4_k);
    CHECK(e.down.dtype == runtime::weight_dtype::f32);
    CHECK(m.dtype() == "mixed");  // as run names the weights
    const auto whole_down = values_of(w.down);
    for (std::size_t r = 0; r < 256; r += 85)
      for (std::size_t c = 0; c < 128; c += 51)
        CHECK(e.down.weight[r * 128 + c] == whole_down[r * 512 + static_cast<std::size_t>(rank) * 128 + c]);
    const auto x = runtime::synthetic_input(3, 256, 9);
    CHECK(m.forward(x).shape()[1] == 256);
  }
  std::filesystem::remove(path);
}

TEST_CASE("a GGUF layer's widths are its metadata's, checked; what is not run is refused", "[dyn_model][gguf]")
{
  const auto path = write_model("refuse.gguf", "Q8_0", false, 64, 96);
  const auto file = io::gguf_file::open(path);
  CHECK_THROWS_WITH(runtime::gguf_layer(file, 2), Contains("2 layers, 0 to 1; no layer 2"));
  CHECK_THROWS_WITH(runtime::gguf_layer(file, -1), Contains("no layer -1"));
  CHECK_THROWS_WITH(runtime::gguf_layer(file, 0, find_variant("gelu")),
                    Contains("--variant gelu, but llama's FFN is swiglu"));
  // An architecture shapeproof does not know: its variant must be named
  {
    const auto other =
        write_model("other.gguf", "F32", false, 64, 96, {{"general.architecture", std::string("frobnet")}});
    CHECK_THROWS_WITH(runtime::gguf_layer(io::gguf_file::open(other), 0),
                      Contains("'frobnet'") && Contains("name its variant"));
    std::filesystem::remove(other);
  }
  // A tensor of the FFN that the architecture's variant leaves unread is refused, not dropped
  {
    const auto gpt2 = write_model("gpt2.gguf", "F32", false, 64, 96,
                                  {{"general.architecture", std::string("gpt2")},
                                   {"gpt2.block_count", std::uint64_t{2}},
                                   {"gpt2.embedding_length", std::uint64_t{64}},
                                   {"gpt2.feed_forward_length", std::uint64_t{96}}});
    const runtime::gguf_layer l(io::gguf_file::open(gpt2), 0);
    CHECK(l.request().variant.name == std::string_view("gelu_tanh"));
    CHECK_THROWS_WITH(l.load(),
                      Contains("1 tensor under the prefix 'blk.0.' that the variant gelu_tanh does not read") &&
                          Contains("blk.0.ffn_gate.weight: ffn_gate is read by the gated variants"));
    std::filesystem::remove(gpt2);
  }
  // Widths that the tensors do not have: the metadata's are checked against them
  {
    const auto wrong = temp_path("wrong-dff.gguf");
    const std::vector<io::tensor_to_write> t{
        {"blk.0.ffn_gate.weight", {96, 64}}, {"blk.0.ffn_up.weight", {96, 64}}, {"blk.0.ffn_down.weight", {64, 96}}};
    io::write_gguf(wrong,
                   {{"general.architecture", std::string("llama")},
                    {"llama.block_count", std::uint64_t{1}},
                    {"llama.embedding_length", std::uint64_t{64}},
                    {"llama.feed_forward_length", std::uint64_t{128}}},
                   t, "F32", [&](std::size_t i, std::vector<float>& v) { fill(i, t[i].shape, v); });
    const runtime::gguf_layer l(io::gguf_file::open(wrong), 0);
    CHECK_THROWS_WITH(runtime::load_model(l, l.request()),
                      Contains("blk.0.ffn_up.weight': expected [d_ff (128), d_model (64)], got [96, 64]"));
    io::write_gguf(wrong, {{"general.architecture", std::string("llama")}, {"llama.block_count", std::uint64_t{1}}}, t,
                   "F32", [&](std::size_t i, std::vector<float>& v) { fill(i, t[i].shape, v); });
    CHECK_THROWS_WITH(runtime::gguf_layer(io::gguf_file::open(wrong), 0), Contains("llama.embedding_length: missing"));
    std::filesystem::remove(wrong);
  }
  // An MoE whose stacked experts are not the metadata's count
  {
    const auto bytes_path = temp_path("moe-5.gguf");
    const std::vector<io::tensor_to_write> t{{"blk.0.ffn_gate_inp.weight", {5, 64}},
                                             {"blk.0.ffn_gate_exps.weight", {4, 96, 64}},
                                             {"blk.0.ffn_up_exps.weight", {4, 96, 64}},
                                             {"blk.0.ffn_down_exps.weight", {4, 64, 96}}};
    io::write_gguf(bytes_path,
                   {{"general.architecture", std::string("llama")},
                    {"llama.block_count", std::uint64_t{1}},
                    {"llama.embedding_length", std::uint64_t{64}},
                    {"llama.feed_forward_length", std::uint64_t{96}},
                    {"llama.expert_count", std::uint64_t{5}},
                    {"llama.expert_used_count", std::uint64_t{2}}},
                   t, "F32", [&](std::size_t i, std::vector<float>& v) { fill(i, t[i].shape, v); });
    CHECK_THROWS_WITH(runtime::gguf_layer(io::gguf_file::open(bytes_path), 0),
                      Contains("blk.0.ffn_gate_exps.weight': expected [experts (5), out, in], got [4, 96, 64]"));
    std::filesystem::remove(bytes_path);
  }
  // Experts: both layouts at once, a stack with no router, qwen3moe without its experts' width;
  // errors name the file's tensors, not the per-expert names they are read by
  {
    const auto moe = temp_path("moe-layouts.gguf");
    auto write = [&](std::vector<io::tensor_to_write> t, const std::string& arch, std::uint64_t width_key) {
      std::vector<io::gguf_kv_to_write> kv{{"general.architecture", arch},
                                           {arch + ".block_count", std::uint64_t{1}},
                                           {arch + ".embedding_length", std::uint64_t{64}},
                                           {arch + ".feed_forward_length", std::uint64_t{96}},
                                           {arch + ".expert_count", std::uint64_t{4}},
                                           {arch + ".expert_used_count", std::uint64_t{2}}};
      if (width_key) kv.push_back({arch + ".expert_feed_forward_length", width_key});
      io::write_gguf(moe, kv, t, "F32", [&](std::size_t i, std::vector<float>& v) { fill(i, t[i].shape, v); });
      return runtime::gguf_layer(io::gguf_file::open(moe), 0);
    };
    const std::vector<io::tensor_to_write> stacked{{"blk.0.ffn_gate_inp.weight", {4, 64}},
                                                   {"blk.0.ffn_gate_exps.weight", {4, 96, 64}},
                                                   {"blk.0.ffn_up_exps.weight", {4, 96, 64}},
                                                   {"blk.0.ffn_down_exps.weight", {4, 64, 96}}};
    CHECK(write(stacked, "llama", 0).load().total_experts == 4);
    CHECK(write(stacked, "qwen3moe", 96).load().total_experts == 4);
    CHECK_THROWS_WITH(write(stacked, "qwen3moe", 0), Contains("qwen3moe.expert_feed_forward_length: missing"));
    auto both = stacked;
    both.push_back({"blk.0.ffn_up.3.weight", {96, 64}});
    CHECK_THROWS_WITH(
        write(both, "llama", 0),
        Contains("expert 3 of blk.0.ffn_up_exps.weight is given twice, stacked and in a tensor of its own"));
    auto transposed = stacked;
    transposed[3].shape = {4, 96, 64};
    CHECK_THROWS_WITH(write(transposed, "llama", 0).load(),
                      Contains("tensor 'expert 0 of blk.0.ffn_down_exps.weight': expected [d_model (64), d_ff (96)], "
                               "got [96, 64]"));
    std::vector<io::tensor_to_write> own{{"blk.0.ffn_gate_inp.weight", {4, 64}}};
    for (int e = 0; e < 4; ++e)
      for (const char* part : {"ffn_gate", "ffn_up", "ffn_down"})
        if (e != 2 || part != std::string_view("ffn_up"))
          own.push_back({std::string("blk.0.") + part + "." + std::to_string(e) + ".weight",
                         part == std::string_view("ffn_down") ? std::vector<std::int64_t>{64, 96}
                                                              : std::vector<std::int64_t>{96, 64}});
    CHECK_THROWS_WITH(write(own, "llama", 0).load(), Contains("no tensor 'blk.0.ffn_up.2.weight'"));
    CHECK_THROWS_WITH(write({stacked.begin() + 1, stacked.end()}, "llama", 0),
                      Contains("blk.0.ffn_gate_exps.weight: experts stacked in a layer with no router"));
    // A router and no experts: both layouts named
    CHECK_THROWS_WITH(write({stacked.front()}, "llama", 0),
                      Contains("blk.0.ffn_gate_inp.weight routes tokens to experts, but layer 0 has none: neither "
                               "stacked (blk.0.ffn_gate_exps.weight"));
    CHECK_THROWS_WITH(write({stacked.front()}, "llama", 0),
                      Contains("nor one tensor per expert (blk.0.ffn_gate.0.weight"));
    std::filesystem::remove(moe);
  }
  // Architectures whose FFN or routing the run-time model does not run
  for (const auto& [arch, why] : {std::pair{"phi3", "fused in ffn_up"}, std::pair{"gpt-oss", "clamped SwiGLU"}}) {
    const auto p =
        write_model(std::string(arch) + ".gguf", "F32", false, 64, 96, {{"general.architecture", std::string(arch)}});
    CHECK_THROWS_WITH(runtime::gguf_layer(io::gguf_file::open(p), 0), Contains(why));
    std::filesystem::remove(p);
  }
  std::filesystem::remove(path);
}

TEST_CASE("a GGUF tensor's block is read as its rows' bytes, bounds-checked", "[formats][gguf]")
{
  const auto path = write_model("block.gguf", "Q8_0", false, 64, 96);
  const auto f = io::gguf_file::open(path);
  const auto& up = *f.find("blk.0.ffn_up.weight");  // [96, 64]
  const auto whole = f.read_f32(up);
  const auto block = f.read_f32_block(up, 10, 12, 32, 64);
  REQUIRE(block.size() == 2 * 32);
  for (std::size_t r = 0; r < 2; ++r)
    for (std::size_t c = 0; c < 32; ++c) CHECK(block[r * 32 + c] == whole[(10 + r) * 64 + 32 + c]);
  CHECK_THROWS_WITH(f.read_f32_block(up, 95, 97, 0, 64), Contains("no block [95:97, 0:64]"));
  CHECK_THROWS_WITH(f.read_u16_block(up, 0, 1, 0, 64), Contains("stored as Q8_0, not F16 or BF16"));
  CHECK_THROWS_WITH(f.slice_outer(up, 96, "x"), Contains("has no item 96"));
  // A file replaced since its header was read is refused, not read at the old header's offsets
  std::filesystem::copy_file(path, path + ".new");
  std::filesystem::rename(path + ".new", path);
  CHECK_THROWS_WITH(f.read_f32(up), Contains("changed since its header was read"));
  const auto st = temp_path("replaced.safetensors");  // and the same of a safetensors file
  const std::vector<io::tensor_to_write> one{{"w", {2, 32}}};
  io::write_safetensors(st, one, "F32", [&](std::size_t i, std::vector<float>& v) { fill(i, one[i].shape, v); });
  const auto s = io::safetensors_file::open(st);
  CHECK(s.read_f32_block(*s.find("w"), 0, 2, 0, 32).size() == 64);
  std::filesystem::copy_file(st, st + ".new");
  std::filesystem::rename(st + ".new", st);
  CHECK_THROWS_WITH(s.read_f32_block(*s.find("w"), 0, 2, 0, 32), Contains("changed since its header was read"));
  std::filesystem::remove(st);
  std::filesystem::remove(path);
}

TEST_CASE("the quantized kernels' every tile and remainder equal dot products of the dequantized weights",
          "[dyn_model][quant]")
{
  // 13 outputs, four at a time through every tile of rows: tiles of 4 and 2 outputs and those left
  // over, in fours and a one, and (split at 7, as two threads split them) in fours, a three and a
  // two. 1 to 17 rows: every tile of rows, and up to 3 of them (8 + 8 + 1) over each four outputs
  const std::size_t in = 512, out = 13;
  std::vector<float> w(in * out), x(17 * in);
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = std::sin(0.37f * static_cast<float>(i)) * 0.1f;
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::cos(0.11f * static_cast<float>(i));
  for (const auto dtype : {runtime::weight_dtype::q8_0, runtime::weight_dtype::q4_0, runtime::weight_dtype::q4_k,
                           runtime::weight_dtype::q6_k}) {
    const auto& format = *runtime::info_of(dtype).format;
    CAPTURE(format.name);
    const auto bytes = io::quantize(format, w);
    std::vector<float> values(w.size());
    io::dequantize(format, bytes, values);
    for (std::size_t rows = 1; rows <= 17; ++rows)
      for (const std::size_t split : {out, std::size_t{7}}) {
        CAPTURE(rows, split);
        std::vector<float> y(rows * out, -1.0f);
        runtime::detail::with_quant_blocks(dtype, [&]<class Q>(Q) {
          runtime::detail::quant_rows<Q>(x.data(), rows, in, bytes.data(), 0, split, y.data(), out);
          runtime::detail::quant_rows<Q>(x.data(), rows, in, bytes.data(), split, out, y.data(), out);
        });
        for (std::size_t r = 0; r < rows; ++r)
          for (std::size_t o = 0; o < out; ++o) {
            double dot = 0, scale = 0;
            for (std::size_t i = 0; i < in; ++i) {
              dot += static_cast<double>(x[r * in + i]) * values[o * in + i];
              scale += std::fabs(static_cast<double>(x[r * in + i]) * values[o * in + i]);
            }
            CHECK(std::fabs(y[r * out + o] - dot) <= 1e-5 * scale);
          }
      }
  }
  // The dispatch refuses a dtype that is not blocks, rather than reading its bytes as Q6_K's
  CHECK_THROWS_AS(runtime::detail::with_quant_blocks(runtime::weight_dtype::bf16, [](auto) {}), std::logic_error);
}

TEST_CASE("quantized weights in the panel GEMM's tiles equal dot products of the dequantized weights, at every edge",
          "[dyn_model][quant][panels]")
{
  // 45 outputs: whole panels and a partial one; inputs of two slices of 256 and, for blocks of 32,
  // a partial third; 1 to 19 rows and 70: tiles of 6 or 8 rows and every remainder. Then outputs
  // over more panels than a group dequantized together, and a partial panel in the last group:
  // rows 7 and 70 (a tile's remainder, and many tiles) over it
  constexpr std::size_t NR = runtime::detail::panel_width;
  const std::size_t groups_out = (runtime::detail::quant_panel_group + 2) * NR + 5;
  const std::vector<std::size_t> every_tile{1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 19, 70}, two_tiles{7, 70};
  struct case_of {
    runtime::weight_dtype dtype;
    std::size_t out;
    const std::vector<std::size_t>& rows;
  };
  for (const case_of c :
       {case_of{runtime::weight_dtype::q8_0, 45, every_tile}, case_of{runtime::weight_dtype::q4_0, 45, every_tile},
        case_of{runtime::weight_dtype::q4_k, 45, every_tile}, case_of{runtime::weight_dtype::q6_k, 45, every_tile},
        case_of{runtime::weight_dtype::q4_0, groups_out, two_tiles},
        case_of{runtime::weight_dtype::q4_k, groups_out, two_tiles}}) {
    const std::size_t out = c.out;
    const auto& format = *runtime::info_of(c.dtype).format;
    const std::size_t in = format.block == 32 ? 576 : 512;
    CAPTURE(format.name, in, out);
    std::vector<float> w(in * out), x(70 * in);
    for (std::size_t i = 0; i < w.size(); ++i) w[i] = std::sin(0.37f * static_cast<float>(i)) * 0.1f;
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::cos(0.11f * static_cast<float>(i));
    const auto bytes = io::quantize(format, w);
    std::vector<float> values(w.size());
    io::dequantize(format, bytes, values);
    for (const std::size_t rows : c.rows) {
      CAPTURE(rows);
      // Two calls over panels [0, 1) and [1, n), as the caller and the helper split a layer's
      // outputs (here at panel 1, so that the second part's groups start off a multiple of the
      // group), each with its own slices from the workspace; every output starts at -1, which no
      // dot product here is
      std::vector<float> y(rows * out, -1.0f);
      runtime::workspace ws;
      const auto slices = ws.slice_buffers(runtime::detail::quant_panel_slice_floats);
      CHECK(slices[1] - slices[0] >= static_cast<std::ptrdiff_t>(runtime::detail::quant_panel_slice_floats));
      CHECK(reinterpret_cast<std::uintptr_t>(slices[0]) % 64 == 0);
      CHECK(reinterpret_cast<std::uintptr_t>(slices[1]) % 64 == 0);
      runtime::detail::with_quant_blocks(c.dtype, [&]<class Q>(Q) {
        runtime::detail::quant_panel_rows<Q>(x.data(), rows, in, bytes.data(), out, 0, 1, y.data(), slices[0]);
        runtime::detail::quant_panel_rows<Q>(x.data(), rows, in, bytes.data(), out, 1,
                                             runtime::detail::panel_count(out), y.data(), slices[1]);
      });
      for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t o = 0; o < out; ++o) {
          double dot = 0, scale = 0;
          for (std::size_t i = 0; i < in; ++i) {
            dot += static_cast<double>(x[r * in + i]) * values[o * in + i];
            scale += std::fabs(static_cast<double>(x[r * in + i]) * values[o * in + i]);
          }
          CAPTURE(r, o, NR);
          CHECK(std::fabs(y[r * out + o] - dot) <= 1e-5 * scale);
        }
      }
    }
  }
}

TEST_CASE("the integer path's x is rounded to 8 bits per group of 32, and its dot products are exact on it",
          "[dyn_model][quant][integer]")
{
  // 13 outputs and 1 to 17 rows, every tile and up to 4 of them over each four outputs (5 in the
  // AVX2 build's tiles of 4 rows), over the whole range and split at 7 (fours, a three and a two);
  // 512 columns: 8 steps of 64, 2 blocks of 256
  const std::size_t in = 512, out = 13;
  std::vector<float> w(in * out), x(17 * in);
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = std::sin(0.37f * static_cast<float>(i)) * 0.1f;
  // A group of zeros, a group of one value, a group with a value far beyond the others, and a group
  // so small (largest |x| 1e-37) that 127 over its largest |x| is beyond f32's range
  for (std::size_t i = 0; i < x.size(); ++i)
    x[i] = i / 32 == 3 ? 0.0f
           : i / 32 == 4
               ? -0.5f
               : std::cos(0.11f * static_cast<float>(i)) * (i % 97 == 0 ? 40 : 1) * (i / 32 == 5 ? 1e-37f : 1);
  for (const auto dtype : {runtime::weight_dtype::q8_0, runtime::weight_dtype::q4_0, runtime::weight_dtype::q4_k,
                           runtime::weight_dtype::q6_k}) {
    const auto& format = *runtime::info_of(dtype).format;
    CAPTURE(format.name);
    const auto bytes = io::quantize(format, w);
    std::vector<float> values(w.size());
    io::dequantize(format, bytes, values);
    runtime::detail::with_quant_blocks(dtype, [&]<class Q>(Q) {
      using I = runtime::detail::int_blocks<typename Q::dtype>;
      runtime::detail::q8_rows q;
      runtime::detail::quantize_rows(x.data(), 17, in, I::offset, q);
      // Each value within half a step of x: the step is the group's largest |x| over 127
      for (std::size_t g = 0; g < 17 * in / 32; ++g) {
        float amax = 0;
        for (std::size_t i = 32 * g; i < 32 * g + 32; ++i) amax = std::max(amax, std::fabs(x[i]));
        const float dx = q.scale[8 * g];
        REQUIRE(dx == amax / 127);
        std::int32_t sum = 0;
        for (std::size_t i = 32 * g; i < 32 * g + 32; ++i) {
          REQUIRE(std::abs(q.q[i]) <= 127);
          // (plus the rounding of a subnormal dx, and of its product, to multiples of 2^-149)
          REQUIRE(std::fabs(x[i] - dx * q.q[i]) <=
                  dx * 0.5f * 1.0001f + 128 * std::numeric_limits<float>::denorm_min());
          sum += q.q[i];
        }
        REQUIRE(q.sums[g] == dx * static_cast<float>(sum));
      }
      for (std::size_t rows = 1; rows <= 17; ++rows)
        for (const std::size_t split : {out, std::size_t{7}}) {
          CAPTURE(rows, split);
          std::vector<float> y(rows * out, -1.0f);
          runtime::detail::int_rows<I>(q, 0, rows, bytes.data(), 0, split, y.data(), out);
          runtime::detail::int_rows<I>(q, 0, rows, bytes.data(), split, out, y.data(), out);
          for (std::size_t r = 0; r < rows; ++r)
            for (std::size_t o = 0; o < out; ++o) {
              // Exact on the rounded x (to f32's sums), and within the rounding's bound of x's dot product
              double on_rounded = 0, on_x = 0, scale = 0, bound = 0;
              for (std::size_t i = 0; i < in; ++i) {
                const double wi = values[o * in + i],
                             rounded = static_cast<double>(q.scale[(r * in + i) / 4]) * q.q[r * in + i];
                on_rounded += rounded * wi;
                on_x += static_cast<double>(x[r * in + i]) * wi;
                scale += std::fabs(rounded * wi);
                bound += q.scale[(r * in + i) / 4] * 0.5 * std::fabs(wi);
              }
              CHECK(std::fabs(y[r * out + o] - on_rounded) <= 1e-5 * scale);
              CHECK(std::fabs(y[r * out + o] - on_x) <= bound * 1.0001 + 1e-5 * scale);
            }
        }
    });
  }
}

TEST_CASE("GGUF blocks repacked in strips of 16 outputs read back weight by weight as stored, every bit",
          "[dyn_model][quant][strips]")
{
  // 21 outputs: a whole strip and one of 5 padded with zeros; blocks of random bytes, so that every
  // bit of every level and 6-bit scale and minimum is both 0 and 1 somewhere; their f16 scales
  // random but finite
  const std::size_t out = 21, W = runtime::detail::strip_width;
  std::uint32_t state = 12345;
  const auto next = [&] { return state = state * 1664525u + 1013904223u; };
  const auto check = [&]<class T>(T, runtime::weight_dtype dtype) {
    using F = runtime::detail::strip_format<T>;
    const auto& format = *runtime::info_of(dtype).format;
    REQUIRE(format.block == F::values);
    REQUIRE(format.block_bytes == F::bytes);
    const std::size_t in = 2 * F::values, blocks = 2;
    std::vector<unsigned char> w(out * blocks * F::bytes);
    for (auto& b : w) b = static_cast<unsigned char>(next() >> 24);
    // Each f16 scale: sign and exponent below the largest, so finite (d and dmin, Q6_K's d at 208)
    for (std::size_t k = 0; k < out * blocks; ++k) {
      unsigned char* b = w.data() + k * F::bytes;
      for (const std::size_t at : std::is_same_v<T, q6_k>   ? std::vector<std::size_t>{208}
                                  : std::is_same_v<T, q4_k> ? std::vector<std::size_t>{0, 2}
                                                            : std::vector<std::size_t>{0})
        b[at + 1] = static_cast<unsigned char>(b[at + 1] & 0xBB);
    }
    std::vector<float> values(out * in);
    io::dequantize(format, w, values);
    const auto strips = runtime::detail::pack_strips<T>(w.data(), in, out);
    REQUIRE(strips.size() == runtime::detail::strip_bytes<T>(in, out));
    REQUIRE(strips.size() == 2 * W * blocks * F::bytes);
    CHECK(reinterpret_cast<std::uintptr_t>(strips.data()) % 64 == 0);  // from a cache line's start
    for (std::size_t o = 0; o < 2 * W; ++o)
      for (std::size_t i = 0; i < in; ++i) {
        const unsigned char* sb = strips.data() + ((o / W) * blocks + i / F::values) * W * F::bytes;
        const std::size_t oo = o % W, ii = i % F::values, g = ii / F::group;
        const float a = runtime::detail::strip_scale<T>(sb, oo, g), m = runtime::detail::strip_min<T>(sb, oo, g);
        const auto level = static_cast<std::int32_t>(runtime::detail::strip_level<T>(sb, oo, ii));
        CAPTURE(format.name, o, i);
        REQUIRE(level <= (std::is_same_v<T, q8_0> ? 255 : std::is_same_v<T, q6_k> ? 63 : 15));
        const float v = a * static_cast<float>(level - F::offset) - m;
        // (to f32's rounding: the two may contract a·level − m into one FMA or not)
        if (o < out)
          REQUIRE(std::fabs(v - values[o * in + i]) <= 1e-6f * (std::fabs(a) * 64 + std::fabs(m)));
        else
          REQUIRE((a == 0 && m == 0));  // padding: no weight
      }
    // A row that is not whole blocks is refused, not read past
    CHECK_THROWS_AS(runtime::detail::pack_strips<T>(w.data(), in - 16, out), std::invalid_argument);
  };
  check(q8_0{}, runtime::weight_dtype::q8_0);
  check(q4_0{}, runtime::weight_dtype::q4_0);
  check(q4_k{}, runtime::weight_dtype::q4_k);
  check(q6_k{}, runtime::weight_dtype::q6_k);
}

TEST_CASE("a NaN or an infinity in x makes the integer path's outputs of its row NaN, and no other row's",
          "[dyn_model][quant][integer][strips]")
{
  // 3 rows of 512: row 0 with a NaN in its second group, row 1 finite, row 2 with an infinity in its
  // last group. Quantized, a bad group has a NaN scale and no values (rounding them would sum
  // INT_MIN 32 times); both kernels, over the blocks as stored and over strips, then give NaN for
  // every output of rows 0 and 2, and finite ones for row 1
  const std::size_t in = 512, out = 21, rows = 3;
  std::vector<float> w(in * out), x(rows * in);
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = std::sin(0.37f * static_cast<float>(i)) * 0.1f;
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::cos(0.11f * static_cast<float>(i));
  x[40] = std::numeric_limits<float>::quiet_NaN();
  x[2 * in + in - 3] = -std::numeric_limits<float>::infinity();
  for (const auto dtype : {runtime::weight_dtype::q8_0, runtime::weight_dtype::q4_0, runtime::weight_dtype::q4_k,
                           runtime::weight_dtype::q6_k}) {
    const auto& format = *runtime::info_of(dtype).format;
    CAPTURE(format.name);
    const auto bytes = io::quantize(format, w);
    runtime::detail::with_quant_blocks(dtype, [&]<class Q>(Q) {
      using T = typename Q::dtype;
      using I = runtime::detail::int_blocks<T>;
      runtime::detail::q8_rows q;
      runtime::detail::quantize_rows(x.data(), rows, in, I::offset, q);
      for (const std::size_t g : {std::size_t{1}, 2 * in / 32 + in / 32 - 1}) {
        CAPTURE(g);
        REQUIRE(std::isnan(q.dx[g]));
        for (std::size_t i = 32 * g; i < 32 * g + 32; ++i) REQUIRE(q.q[i] == 0);
      }
      REQUIRE(std::isfinite(q.dx[0]));
      const auto check = [&](const std::vector<float>& y) {
        for (std::size_t o = 0; o < out; ++o) {
          CAPTURE(o);
          CHECK(std::isnan(y[o]));
          CHECK(std::isfinite(y[out + o]));
          CHECK(std::isnan(y[2 * out + o]));
        }
      };
      std::vector<float> y(rows * out, 0.0f);
      runtime::detail::int_rows<I>(q, 0, rows, bytes.data(), 0, out, y.data(), out);
      check(y);
      runtime::detail::q8_rows q0;
      runtime::detail::quantize_rows(x.data(), rows, in, 0, q0);
      const auto strips = runtime::detail::pack_strips<T>(bytes.data(), in, out);
      std::vector<float> ys(rows * out, 0.0f);
      runtime::detail::strip_rows<T>(q0, 0, rows, strips.data(), 0, runtime::detail::strip_count(out), ys.data(), out);
      check(ys);
    });
  }
}

TEST_CASE("the integer path over strips is exact on the rounded x, for every tile of rows and a partial strip",
          "[dyn_model][quant][strips][integer]")
{
  // 45 outputs: two whole strips and one of 13 (AVX2's second half partial); 149: 9 whole and one
  // of 5 (its second half empty). 1 to 9 rows, 13, 15 and 17 (whole tiles of 8 or 4 rows, and every
  // count of rows left after them as a tile of its own); inputs of 3 blocks of 256, or 17 of 32; x
  // with a group of zeros and values far beyond the others. The strips are split in two at strip 2
  // and at half their count (as `split_outputs` splits them between two threads): where strips are
  // read side by side (Q4_0 4 and Q8_0 2 at one row; Q8_0 up to 4 rows on AVX-512), the one
  // split gives their streams the partial strip and no strip left over, the other strips left over
  // besides them, the partial one among them
  const std::size_t W = runtime::detail::strip_width;
  for (const auto dtype : {runtime::weight_dtype::q8_0, runtime::weight_dtype::q4_0, runtime::weight_dtype::q4_k,
                           runtime::weight_dtype::q6_k})
    for (const std::size_t out : {45u, 149u}) {
      const auto& format = *runtime::info_of(dtype).format;
      const std::size_t in = format.block == 32 ? 544 : 768;
      CAPTURE(format.name, in, out);
      std::vector<float> w(in * out), x(17 * in);
      for (std::size_t i = 0; i < w.size(); ++i) w[i] = std::sin(0.37f * static_cast<float>(i)) * 0.1f;
      for (std::size_t i = 0; i < x.size(); ++i)
        x[i] = i / 32 == 3 ? 0.0f : std::cos(0.11f * static_cast<float>(i)) * (i % 97 == 0 ? 40 : 1);
      const auto bytes = io::quantize(format, w);
      std::vector<float> values(w.size());
      io::dequantize(format, bytes, values);
      runtime::detail::with_quant_blocks(dtype, [&]<class Q>(Q) {
        using T = typename Q::dtype;
        const auto strips = runtime::detail::pack_strips<T>(bytes.data(), in, out);
        runtime::detail::q8_rows q;
        runtime::detail::quantize_rows(x.data(), 17, in, 0, q);
        for (std::size_t g = 0; g < 17 * in / 32; ++g) {
          REQUIRE(q.dx[g] == q.scale[8 * g]);
          REQUIRE(q.sums[g] == q.dx[g] * static_cast<float>(q.sum16[2 * g] + q.sum16[2 * g + 1]));
          std::int32_t half = 0;
          for (std::size_t i = 32 * g; i < 32 * g + 16; ++i) half += q.q[i];
          REQUIRE(q.sum16[2 * g] == half);
        }
        for (const std::size_t rows : {1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u, 9u, 13u, 15u, 17u}) {
          CAPTURE(rows);
          // Rows from 0 and, for 9 and fewer, from row 8 as well; every output starts at -1, which no
          // dot product here is, and so do the 16 values past y, which none may write
          for (const std::size_t r0 : {std::size_t{0}, rows <= 9 ? std::size_t{8} : std::size_t{0}}) {
            std::vector<double> on_rounded(rows * out), scale(rows * out);
            for (std::size_t r = 0; r < rows; ++r)
              for (std::size_t o = 0; o < out; ++o)
                for (std::size_t i = 0; i < in; ++i) {
                  const std::size_t at = (r0 + r) * in + i;
                  const double rounded = static_cast<double>(q.dx[at / 32]) * q.q[at] * values[o * in + i];
                  on_rounded[r * out + o] += rounded;
                  scale[r * out + o] += std::fabs(rounded);
                }
            const std::size_t count = (out + W - 1) / W;
            // Every kernel the build targets: the portable one, AVX2's, AVX-512's
            using isa = runtime::detail::strip_isa;
            const auto kernel = [&]<isa I>(std::integral_constant<isa, I>) {
              if constexpr (runtime::detail::strip_isa_built(I))
                for (const std::size_t split : {std::size_t{2}, count / 2}) {
                  std::vector<float> y(rows * out + W, -1.0f);
                  runtime::detail::strip_rows<T, I>(q, r0, rows, strips.data(), 0, split, y.data(), out);
                  runtime::detail::strip_rows<T, I>(q, r0, rows, strips.data(), split, count, y.data(), out);
                  CAPTURE(static_cast<int>(I), r0, split);
                  for (std::size_t r = 0; r < rows; ++r)
                    for (std::size_t o = 0; o < out; ++o) {
                      CAPTURE(r, o);
                      CHECK(std::fabs(y[r * out + o] - on_rounded[r * out + o]) <= 1e-5 * scale[r * out + o]);
                    }
                  for (std::size_t i = rows * out; i < y.size(); ++i) CHECK(y[i] == -1.0f);
                }
            };
            kernel(std::integral_constant<isa, isa::portable>{});
            kernel(std::integral_constant<isa, isa::avx2>{});
            kernel(std::integral_constant<isa, isa::avx512_vnni>{});
          }
        }
      });
    }
}

TEST_CASE("the int8 rate's bound is made of every multiply-add it counts; with neither VNNI nor AVX2 it is not known",
          "[integer][roofline]")
{
#if defined(__AVX512VNNI__) && defined(__AVX512BW__)
  // Lanes start at seed + i (accumulator i), and each round adds 4 products of u = (seed | 1) and
  // s = seed >> 8 (as bytes) to each of the 16 lanes of the 16 accumulators
  for (const std::int32_t seed : {0x205, 0x7F03, 0x9C11}) {
    const std::size_t rounds = 37;
    const std::int64_t u = (seed | 1) & 0xFF, s = static_cast<std::int8_t>((seed >> 8) & 0xFF);
    std::int64_t expected = 0;
    for (std::int64_t i = 0; i < 16; ++i) expected += 16 * (seed + i + static_cast<std::int64_t>(rounds) * 4 * u * s);
    CAPTURE(seed);
    CHECK(runtime::detail::int8_spin(rounds, seed) == static_cast<std::int32_t>(static_cast<std::uint32_t>(expected)));
  }
  static_assert(runtime::detail::int8_macs_per_round == 16 * 64);
  const double rate = runtime::measure_int8_rate(2, std::size_t{1} << 12);
  CHECK((std::isfinite(rate) && rate > 0));
#elif defined(__AVX2__) && defined(__FMA__) && defined(__F16C__)
  // Lanes start at seed + i (accumulator i); each round makes each 16-bit half of a lane the sum of
  // its two bytes, read as unsigned, times s = seed >> 8 (as a signed byte), saturated to 16 bits
  const auto saturated = [](std::int64_t v) { return std::clamp<std::int64_t>(v, -32768, 32767); };
  for (const std::int32_t seed : {0x205, 0x7F03, 0x9C11}) {
    const std::size_t rounds = 37;
    const std::int64_t s = static_cast<std::int8_t>((seed >> 8) & 0xFF);
    std::uint32_t expected = 0;
    for (std::uint32_t i = 0; i < 12; ++i) {
      auto v = static_cast<std::uint32_t>(seed) + i;
      for (std::size_t r = 0; r < rounds; ++r) {
        const auto byte = [&](int k) { return static_cast<std::int64_t>((v >> (8 * k)) & 0xFF); };
        const auto lo = static_cast<std::uint16_t>(saturated((byte(0) + byte(1)) * s));
        const auto hi = static_cast<std::uint16_t>(saturated((byte(2) + byte(3)) * s));
        v = static_cast<std::uint32_t>(lo) | (static_cast<std::uint32_t>(hi) << 16);
      }
      expected += 8 * v;  // 8 lanes of 32 bits
    }
    CAPTURE(seed);
    CHECK(runtime::detail::int8_spin(rounds, seed) == static_cast<std::int32_t>(expected));
  }
  static_assert(runtime::detail::int8_macs_per_round == 12 * 32);
  const double rate = runtime::measure_int8_rate(2, std::size_t{1} << 12);
  CHECK((std::isfinite(rate) && rate > 0));
#else
  CHECK(runtime::measure_int8_rate(2, 16) == 0.0);
#endif
}

TEST_CASE("the integer path, chosen on the workspace, runs a layer within its stated error; f32 x by default",
          "[dyn_model][quant][integer]")
{
  const auto v = *find_variant("swiglu");
  for (const auto dtype : {runtime::weight_dtype::q8_0, runtime::weight_dtype::q4_0, runtime::weight_dtype::q4_k,
                           runtime::weight_dtype::q6_k}) {
    CAPTURE(runtime::dtype_name(dtype));
    const auto m = runtime::make_model({v, {"d_model", 256}, {"d_ff", 512}}, 5, dtype);
    auto packed = m;
    packed.pack_strips(runtime::stored_copy::release);  // the strips alone
    REQUIRE(packed.experts.front().up.view().strips != nullptr);
    CHECK(reinterpret_cast<std::uintptr_t>(packed.experts.front().up.view().strips) % 64 == 0);
    REQUIRE(packed.experts.front().up.view().weight_q == nullptr);
    CHECK(packed.experts.front().up.bytes() == m.experts.front().up.bytes());  // 512 and 256 outputs: no padding
    auto kept = m;
    kept.pack_strips();  // beside the blocks: x in f32 still reads them
    REQUIRE(kept.experts.front().down.view().weight_q != nullptr);
    for (const std::size_t rows : {1u, 3u, 16u, 17u, 64u, 65u, 130u}) {
      CAPTURE(rows);
      const auto x = runtime::synthetic_input(rows, 256, 11);
      runtime::workspace plain, integer;
      integer.set_integer_dot(true);
      CHECK_FALSE(plain.integer_dot());
      const auto y = m.forward(x, plain), yi = m.forward(x, integer);
      // Two roundings of 8 bits (x and the hidden state): within a few hundredths of the output's
      // scale, and not equal to f32's x up to 64 rows (the path is taken); beyond, the same path
      double worst = 0, largest = 0;
      for (std::size_t i = 0; i < y.size(); ++i) {
        worst = std::max(worst, static_cast<double>(std::fabs(y.flat(i) - yi.flat(i))));
        largest = std::max(largest, static_cast<double>(std::fabs(y.flat(i))));
      }
      // The strips alone run the integer path, and refuse x in f32 rather than read blocks that are gone
      CHECK_THROWS_AS(packed.forward(x, plain), std::logic_error);
      const auto y_kept = kept.forward(x, plain);
      CHECK(std::equal(y_kept.begin(), y_kept.end(), y.begin(), y.end()));
      const auto ys = packed.forward(x, integer);
      if (rows > 64) {
        CHECK(worst <= 1e-6 * largest);
      } else {
        CHECK(worst > 0);
        CHECK(worst <= 0.03 * largest);
      }
      // Over strips, any number of rows (65: a pass of 64 and one of 1). Up to 64 rows, the same
      // integers as over the blocks, summed in another order: equal but for f32's rounding, which
      // can move a value of the hidden state across a step of its 8 bits
      double strips_off = 0, strips_from_f32 = 0;
      for (std::size_t i = 0; i < y.size(); ++i) {
        strips_off = std::max(strips_off, static_cast<double>(std::fabs(ys.flat(i) - yi.flat(i))));
        strips_from_f32 = std::max(strips_from_f32, static_cast<double>(std::fabs(ys.flat(i) - y.flat(i))));
      }
      CHECK(strips_from_f32 > 0);
      CHECK(strips_from_f32 <= 0.03 * largest);
      if (rows <= 64) CHECK(strips_off <= 1e-3 * largest);
    }
  }
  // Q8_0 in 96 columns is not whole steps of 64 (two blocks): f32's x
  const auto m = runtime::make_model({v, {"d_model", 96}, {"d_ff", 96}}, 5, runtime::weight_dtype::q8_0);
  const auto x = runtime::synthetic_input(3, 96, 11);
  runtime::workspace plain, integer;
  integer.set_integer_dot(true);
  const auto y = m.forward(x, plain), yi = m.forward(x, integer);
  // (equal to f32's rounding: the kernels' sums can start at different alignments)
  float worst = 0, largest = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    worst = std::max(worst, std::fabs(y.flat(i) - yi.flat(i)));
    largest = std::max(largest, std::fabs(y.flat(i)));
  }
  CHECK(worst <= 1e-6f * largest);
}

TEST_CASE("a Gemma layer runs GeGLU with GELU's tanh approximation, the activation its checkpoints name",
          "[dyn_model][gguf]")
{
  // Gemma's checkpoints name their activation gelu_pytorch_tanh, and llama.cpp's gemma graph runs
  // ggml_gelu, the tanh form: 0.5·v·(1 + tanh(√(2/π)·(v + 0.044715·v³)))
  const auto path = write_model("gemma.gguf", "F32", false, 64, 96,
                                {{"general.architecture", std::string("gemma")},
                                 {"gemma.block_count", std::uint64_t{2}},
                                 {"gemma.embedding_length", std::uint64_t{64}},
                                 {"gemma.feed_forward_length", std::uint64_t{96}}});
  const auto file = io::gguf_file::open(path);
  const runtime::gguf_layer layer(file, 1);
  CHECK(layer.request().variant.name == std::string_view("geglu_tanh"));
  const auto m = layer.load();
  // x up to 4: the gates reach |g| of 4, where the two forms are up to 4.4e-4 apart, far beyond
  // check_close's 1e-5 of the output's scale
  xt::xtensor<float, 2> x = xt::zeros<float>({std::size_t{5}, std::size_t{64}});
  for (std::size_t i = 0; i < x.size(); ++i)
    x.flat(i) = static_cast<float>(4 * std::sin(0.37 * static_cast<double>(i)));
  auto tanh_form = reference_ffn(file, "blk.1.", 64, 96);
  tanh_form.activation = "gelu_tanh";
  auto erf_form = tanh_form;
  erf_form.activation = "gelu";
  const auto expected = tanh_form(as_double(x), 5), erf_expected = erf_form(as_double(x), 5);
  check_close(m.forward(x), expected);
  // ... which the exact erf form misses by more than ten times that
  double apart = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) apart = std::max(apart, std::fabs(expected[i] - erf_expected[i]));
  CHECK(apart > 1e-4 * max_abs(expected));
  std::filesystem::remove(path);
}

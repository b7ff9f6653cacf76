// SPDX-License-Identifier: MIT
// `shapeproof run`: the checked forward pass on weights from a file, or on synthetic weights.
// Sizes come from the file (or the options), so they are checked at run time by the same rules,
// with the same phrases, as the compile-time ones; the kernels are the typed runtime's.
#include "commands.hpp"
#include <unistd.h>

#include <shapeproof/core/dyn_shape.hpp>
#include <shapeproof/io/checkpoint.hpp>
#include <shapeproof/io/safetensors.hpp>
#include <shapeproof/runtime/forward.hpp>
#include <shapeproof/runtime/roofline.hpp>
#include <shapeproof/runtime/weights.hpp>
#include <shapeproof/variants/formulas.hpp>
#include <shapeproof/variants/registry.hpp>

#include <xtensor/xnpy.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace shapeproof::tool {
namespace {

using runtime::detail::ffn_view;
using runtime::detail::linear_view;
using runtime::detail::weight_dtype;

// A projection: f32 weights in `weight`, or 16-bit ones kept as stored in `weight16`; the bias is f32.
struct linear_data {
  std::vector<float> weight, bias;
  std::vector<std::uint16_t> weight16;
  weight_dtype dtype = weight_dtype::f32;
  std::size_t in = 0, out = 0;
  std::vector<float> weight_in_out;  // f32 weights again, [in, out], with --store-in-out
  linear_view view() const
  {
    return {weight.data(),
            bias.empty() ? nullptr : bias.data(),
            in,
            out,
            weight16.empty() ? nullptr : weight16.data(),
            dtype,
            weight_in_out.empty() ? nullptr : weight_in_out.data()};
  }
  // The bytes a pass reads (one of the two copies of weights stored twice)
  double bytes() const
  {
    return static_cast<double>(weight.size() * sizeof(float) + weight16.size() * 2 + bias.size() * sizeof(float));
  }
  void store_in_out()
  {
    if (dtype != weight_dtype::f32 || weight.empty()) return;
    weight_in_out.resize(weight.size());
    runtime::detail::transpose(weight.data(), out, in, weight_in_out.data());
  }
};

const char* dtype_name(weight_dtype t)
{
  return t == weight_dtype::bf16 ? "bf16" : t == weight_dtype::f16 ? "f16" : "f32";
}

struct ffn_data {
  variant_info variant;
  linear_data gate, up, down;
  ffn_view view() const
  {
    ffn_view v;
    v.activation = runtime::detail::kind_of(variant.activation);
    v.gated = variant.gated;
    v.gate = gate.view();
    v.up = up.view();
    v.down = down.view();
    return v;
  }
  double bytes() const { return gate.bytes() + up.bytes() + down.bytes(); }
  void store_in_out()
  {
    if (variant.gated) gate.store_in_out();
    up.store_in_out();
    down.store_in_out();
  }
  bool all_f32() const
  {
    return gate.dtype == weight_dtype::f32 && up.dtype == weight_dtype::f32 && down.dtype == weight_dtype::f32;
  }
};

variant_info variant_named(const std::string& name, const char* option)
{
  const auto v = find_variant(name);
  if (!v) throw usage_error(std::string(option) + " '" + name + "' is not a variant shapeproof knows");
  return *v;
}

// --- weights from a file -----------------------------------------------------------------------

const io::tensor_info& require(const io::safetensors_file& f, const std::string& name, const std::string& expected)
{
  const auto* t = f.find(name);
  if (!t) throw usage_error(f.path() + ": no tensor '" + name + "' (expected " + expected + ")");
  return *t;
}

// The tensor `name`, checked to have exactly `expected`'s extents.
const io::tensor_info& require_shape(const io::safetensors_file& f, const std::string& name, const dyn_shape& expected)
{
  const auto& t = require(f, name, to_string(expected));
  if (!io::has_shape(t, expected))
    throw usage_error(f.path() + ": tensor '" + name + "': expected " + to_string(expected) + ", got " +
                      io::shape_text(t.shape));
  return t;
}

// Reads `name` as f32, checked to have exactly `expected`'s extents.
std::vector<float> read_checked(const io::safetensors_file& f, const std::string& name, const dyn_shape& expected)
{
  return f.read_f32(require_shape(f, name, expected));
}

linear_data read_linear(const io::safetensors_file& f, const std::string& name, const dyn_dim& in, const dyn_dim& out)
{
  linear_data l;
  l.in = static_cast<std::size_t>(in.extent);
  l.out = static_cast<std::size_t>(out.extent);
  const auto& t = require_shape(f, name + ".weight", {out, in});
  if (t.dtype == "BF16" || t.dtype == "F16") {
    // Kept as stored: half the memory, and half the bytes each pass reads
    l.weight16 = f.read_u16(t);
    l.dtype = t.dtype == "BF16" ? weight_dtype::bf16 : weight_dtype::f16;
  } else {
    l.weight = f.read_f32(t);
  }
  if (f.find(name + ".bias")) l.bias = read_checked(f, name + ".bias", {out});
  return l;
}

ffn_data read_ffn(const io::safetensors_file& f, const std::string& prefix, const variant_info& v,
                  std::optional<dyn_dim> model_width)
{
  // The up projection, stored [d_ff, d_model], gives the widths; everything else is checked against them.
  const auto& up = require(f, prefix + "up_proj.weight", "[d_ff, d_model]");
  if (up.shape.size() != 2 || up.shape[0] < 1 || up.shape[1] < 1)
    throw usage_error(f.path() + ": tensor '" + up.name + "': expected [d_ff, d_model], got " +
                      io::shape_text(up.shape));
  const dyn_dim d = model_width ? *model_width : dyn_dim{"d_model", up.shape[1]};
  const dyn_dim dff{"d_ff", up.shape[0]};
  ffn_data out;
  out.variant = v;
  out.up = read_linear(f, prefix + "up_proj", d, dff);
  if (v.gated) out.gate = read_linear(f, prefix + "gate_proj", d, dff);
  out.down = read_linear(f, prefix + "down_proj", dff, d);
  return out;
}

// --- synthetic weights ---------------------------------------------------------------------------

linear_data make_linear(const std::string& name, std::size_t in, std::size_t out, std::uint64_t seed,
                        weight_dtype dtype = weight_dtype::f32)
{
  linear_data l;
  l.in = in;
  l.out = out;
  l.weight.resize(in * out);
  // As runtime::linear_weights::init: the same names give the same values (then rounded to the dtype).
  runtime::detail::fill_uniform(l.weight, name + ".weight", seed, 1.0f / std::sqrt(static_cast<float>(in)));
  if (dtype != weight_dtype::f32) {
    l.weight16.resize(l.weight.size());
    for (std::size_t i = 0; i < l.weight.size(); ++i)
      l.weight16[i] = dtype == weight_dtype::bf16 ? io::float_to_bf16(l.weight[i]) : io::float_to_f16(l.weight[i]);
    std::vector<float>().swap(l.weight);
    l.dtype = dtype;
  }
  return l;
}

ffn_data make_ffn(const std::string& prefix, const variant_info& v, std::size_t d, std::size_t dff, std::uint64_t seed,
                  weight_dtype dtype)
{
  ffn_data f;
  f.variant = v;
  if (v.gated) f.gate = make_linear(prefix + "gate_proj", d, dff, seed, dtype);
  f.up = make_linear(prefix + "up_proj", d, dff, seed, dtype);
  f.down = make_linear(prefix + "down_proj", dff, d, seed, dtype);
  return f;
}

weight_dtype dtype_option(const run_options& o)
{
  return o.dtype == "bf16" ? weight_dtype::bf16 : o.dtype == "f16" ? weight_dtype::f16 : weight_dtype::f32;
}

// --- the run -------------------------------------------------------------------------------------

struct model {
  bool moe = false;
  std::vector<ffn_data> experts;  // the FFN itself when not an MoE
  linear_data router;
  std::size_t top_k = 0;
  std::size_t d() const { return experts.front().up.in; }
  std::size_t dff() const { return experts.front().up.out; }

  // (An MoE leaves the experts its routing hit in `ws.experts_hit()`.)
  void forward(const float* x, std::size_t rows, float* y, runtime::workspace& ws) const
  {
    if (!moe) return runtime::detail::ffn_rows(experts.front().view(), x, rows, y, ws);
    runtime::detail::moe_rows(
        router.view(), experts.size(), top_k, [&](std::size_t e) { return experts[e].view(); }, 0,
        [&](std::size_t) { return ffn_view{}; }, x, rows, y, ws);
  }
  // The bytes a pass reads: every weight of a dense FFN; the router and the experts hit of an MoE.
  double bytes_read(std::size_t experts_hit) const
  {
    const double expert_bytes = experts.front().bytes();
    if (!moe) return expert_bytes;
    return router.bytes() + expert_bytes * static_cast<double>(experts_hit);
  }
  // The dtypes of the FFN's (or the experts') weights, as a word: "f32", "bf16", or "mixed".
  // (A synthetic router stays f32: it is small, and routing is where precision matters.)
  std::string dtype() const
  {
    std::set<std::string> seen;
    auto add = [&](const linear_data& l) {
      if (!l.weight.empty() || !l.weight16.empty()) seen.insert(dtype_name(l.dtype));
    };
    for (const auto& e : experts) {
      add(e.gate);
      add(e.up);
      add(e.down);
    }
    return seen.size() == 1 ? *seen.begin() : "mixed";
  }
  // FLOPs per token, as the spec types count matmuls (active experts only for an MoE)
  double matmul_flops_per_token() const
  {
    const auto ex = static_cast<extent_t>(experts.size()), k = static_cast<extent_t>(top_k);
    const auto d_ = static_cast<extent_t>(d()), dff_ = static_cast<extent_t>(dff());
    const cost::flops per_expert = formula::ffn_matmul_flops(d_, dff_, experts.front().variant.gated);
    return static_cast<double>((moe ? per_expert * k + formula::linear_matmul_flops(d_, ex) : per_expert).value());
  }
};

// The bare GEMM chain on the same shapes: two (dense) or three (gated) sgemm calls, over the
// weights as stored, `[out, in]`, and over `[in, out]` too when they are kept so; the faster.
double time_bare_chain(const ffn_data& f, const float* x, std::size_t rows)
{
  std::vector<float> g(rows * f.up.out), u(rows * f.up.out), y(rows * f.up.in);
  const bool both = !f.up.weight_in_out.empty();
  double best = 1e30;
  for (int rep = 0; rep < 3; ++rep) {
    for (const bool in_out : {false, true}) {
      if (in_out && !both) continue;
      auto product = [&](const float* a, std::size_t in, const linear_data& l, float* out) {
        if (in_out)
          runtime::detail::sgemm_xw(a, rows, in, l.weight_in_out.data(), l.out, out);
        else
          runtime::detail::sgemm_xwt(a, rows, in, l.weight.data(), l.out, out);
      };
      const auto start = std::chrono::steady_clock::now();
      if (f.variant.gated) product(x, f.up.in, f.gate, g.data());
      product(x, f.up.in, f.up, u.data());
      product(u.data(), f.up.out, f.down, y.data());
      best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
  }
  return best;
}

model build_model(const run_options& o, bool synthetic, const io::safetensors_file* file)
{
  model m;
  if (o.variant == "moe") {
    if (o.expert.empty()) throw usage_error("--variant moe needs --expert VARIANT and --top-k K");
    const variant_info ev = variant_named(o.expert, "--expert");
    m.moe = true;
    if (synthetic) {
      const auto n = static_cast<std::size_t>(8);
      m.router =
          make_linear("router", static_cast<std::size_t>(o.d), n, o.seed);  // f32: small, and the routing's precision
      for (std::size_t e = 0; e < n; ++e)
        m.experts.push_back(make_ffn("experts." + std::to_string(e) + ".", ev, static_cast<std::size_t>(o.d),
                                     static_cast<std::size_t>(o.dff), o.seed, dtype_option(o)));
    } else {
      const auto& r = require(*file, o.prefix + "router.weight", "[experts, d_model]");
      if (r.shape.size() != 2 || r.shape[0] < 1 || r.shape[1] < 1)
        throw usage_error(file->path() + ": tensor '" + r.name + "': expected [experts, d_model], got " +
                          io::shape_text(r.shape));
      const dyn_dim d{"d_model", r.shape[1]}, n{"experts", r.shape[0]};
      m.router = read_linear(*file, o.prefix + "router", d, n);
      for (std::int64_t e = 0; e < n.extent; ++e)
        m.experts.push_back(read_ffn(*file, o.prefix + "experts." + std::to_string(e) + ".", ev, d));
      // every expert has the same widths (rule 6)
      for (const auto& ex : m.experts)
        if (ex.up.out != m.experts.front().up.out)
          throw usage_error(file->path() + ": " SHAPEPROOF_RULE_6_SAME_D_MESSAGE " (and the same d_ff): expert d_ff " +
                            std::to_string(ex.up.out) + " vs " + std::to_string(m.experts.front().up.out));
    }
    if (o.top_k < 1 || static_cast<std::size_t>(o.top_k) > m.experts.size())
      throw usage_error(std::string(SHAPEPROOF_RULE_6_MESSAGE) + ": --top-k " + std::to_string(o.top_k) + " with " +
                        std::to_string(m.experts.size()) + " experts");
    m.top_k = static_cast<std::size_t>(o.top_k);
  } else {
    if (!o.expert.empty() || o.top_k != 0) throw usage_error("--expert and --top-k go with --variant moe only");
    const variant_info v = variant_named(o.variant, "--variant");
    m.experts.push_back(synthetic ? make_ffn("", v, static_cast<std::size_t>(o.d), static_cast<std::size_t>(o.dff),
                                             o.seed, dtype_option(o))
                                  : read_ffn(*file, o.prefix, v, std::nullopt));
  }
  return m;
}

// --- nothing in the file left unread ---------------------------------------------------------------

// The names of the tensors `m` was read from.
std::set<std::string> names_read(const model& m, const std::string& prefix)
{
  std::set<std::string> names;
  auto add = [&](const std::string& name, const linear_data& l) {
    names.insert(name + ".weight");
    if (!l.bias.empty()) names.insert(name + ".bias");
  };
  auto add_ffn = [&](const std::string& p, const ffn_data& f) {
    if (f.variant.gated) add(p + "gate_proj", f.gate);
    add(p + "up_proj", f.up);
    add(p + "down_proj", f.down);
  };
  if (!m.moe) {
    add_ffn(prefix, m.experts.front());
  } else {
    add(prefix + "router", m.router);
    for (std::size_t e = 0; e < m.experts.size(); ++e)
      add_ffn(prefix + "experts." + std::to_string(e) + ".", m.experts[e]);
  }
  return names;
}

// Why a tensor under the prefix was not read, in words a user can act on.
std::string why_unread(const std::string& rest, const run_options& o, std::size_t experts)
{
  const std::string gated = "glu, reglu, geglu, geglu_tanh, swiglu, bilinear";
  if (rest.rfind("experts.", 0) == 0 || rest.rfind("router.", 0) == 0) {
    if (o.variant != "moe") return "experts and a router are read by --variant moe";
    if (rest.rfind("experts.", 0) == 0) {
      const std::string rest_of = rest.substr(8);
      const std::size_t dot = rest_of.find('.');
      std::size_t index = experts;  // not a number: not one of the router's experts either
      if (dot != std::string::npos && dot > 0 &&
          std::all_of(rest_of.begin(), rest_of.begin() + static_cast<std::ptrdiff_t>(dot),
                      [](char c) { return c >= '0' && c <= '9'; }) &&
          dot < 10)
        index = static_cast<std::size_t>(std::stoull(rest_of.substr(0, dot)));
      if (index >= experts)
        return "the router has " + std::to_string(experts) + " experts, experts.0 to experts." +
               std::to_string(experts - 1);
      if (rest_of.rfind("gate_proj.", dot + 1) == dot + 1)
        return "gate_proj is read by the gated experts (--expert " + gated + ")";
      return "--expert " + o.expert + " reads no tensor of that name";
    }
  }
  if (rest.rfind("gate_proj.", 0) == 0) return "gate_proj is read by the gated variants (" + gated + ")";
  return "--variant " + o.variant + " reads no tensor of that name";
}

// Refuses a file with tensors under the prefix that the variant does not read: running a dense
// variant on a gated checkpoint would otherwise ignore its gate and write a wrong output.
void refuse_unread(const io::safetensors_file& f, const model& m, const run_options& o)
{
  const std::set<std::string> read = names_read(m, o.prefix);
  std::vector<std::string> unread;
  for (const auto& t : f.tensors())
    if (t.name.rfind(o.prefix, 0) == 0 && !read.contains(t.name)) unread.push_back(t.name);
  if (unread.empty()) return;
  std::sort(unread.begin(), unread.end());
  std::string message = f.path() + ": " + std::to_string(unread.size()) + " tensor" + (unread.size() == 1 ? "" : "s") +
                        " under the prefix '" + o.prefix + "' that --variant " + o.variant +
                        (m.moe ? " --expert " + o.expert : "") + " does not read; refusing to ignore them:";
  const std::size_t shown = std::min<std::size_t>(unread.size(), 8);
  for (std::size_t i = 0; i < shown; ++i)
    message += "\n  " + unread[i] + ": " + why_unread(unread[i].substr(o.prefix.size()), o, m.experts.size());
  if (unread.size() > shown) message += "\n  ... and " + std::to_string(unread.size() - shown) + " more";
  throw usage_error(message);
}

// --- the output, written whole or not at all ----------------------------------------------------

// A temporary file beside the output, made before the forward pass (so that an unwritable output
// is an error before the work, not after it) and renamed over the output once written (so that an
// interrupted or failed run leaves the user's old file as it was). Removed if never renamed.
class output_file {
public:
  explicit output_file(std::string path) : path_(std::move(path))
  {
    const std::filesystem::path target(path_);
    temporary_ = (target.parent_path() / ("." + target.filename().string() + ".shapeproof-" +
                                          std::to_string(static_cast<long long>(::getpid())) + ".tmp"))
                     .string();
    std::ofstream probe(temporary_, std::ios::binary | std::ios::trunc);
    if (!probe) throw usage_error(path_ + ": cannot write there: " + std::strerror(errno));
  }
  output_file(const output_file&) = delete;
  output_file& operator=(const output_file&) = delete;
  ~output_file()
  {
    if (!committed_) std::remove(temporary_.c_str());
  }

  void write(const xt::xtensor<float, 2>& y)
  {
    xt::dump_npy(temporary_, y);
    std::ifstream check(temporary_, std::ios::binary | std::ios::ate);
    if (!check || check.tellg() <= 0) throw usage_error(path_ + ": could not write the output");
    if (std::rename(temporary_.c_str(), path_.c_str()) != 0)
      throw usage_error(path_ + ": cannot replace it: " + std::strerror(errno));
    committed_ = true;
  }

private:
  std::string path_;
  std::string temporary_;
  bool committed_ = false;
};

// The process's resident memory now, from /proc/self/statm (0 where there is none).
double resident_bytes()
{
  std::ifstream statm("/proc/self/statm");
  double pages_total = 0, pages_resident = 0;
  if (!(statm >> pages_total >> pages_resident)) return 0;
  return pages_resident * static_cast<double>(::sysconf(_SC_PAGESIZE));
}

std::size_t non_finite(const xt::xtensor<float, 2>& t)
{
  return static_cast<std::size_t>(std::count_if(t.begin(), t.end(), [](float v) { return !std::isfinite(v); }));
}

}  // namespace

int run(const run_options& o)
{
  const bool synthetic = o.weights.empty();
  if (synthetic) {
    if (o.d < 1 || o.dff < 1 || o.tokens < 1)
      throw usage_error(
          "run needs --weights, --input and --output, or the synthetic --d, --dff and --tokens (positive)");
    if (!o.input.empty() || !o.output.empty()) throw usage_error("--input and --output need --weights");
    // Refuse what would not fit: weights, activations and the chain's buffers, in f32.
    const long double floats = static_cast<long double>(o.d) * static_cast<long double>(o.dff) * 3.0L *
                                   (o.variant == "moe" ? 8.0L : 1.0L) *
                                   (o.dtype == "bf16" || o.dtype == "f16" ? 0.5L
                                    : o.store_in_out                      ? 2.0L
                                                                          : 1.0L) +
                               static_cast<long double>(o.tokens) * static_cast<long double>(o.d + 4 * o.dff);
    if (floats * 4.0L > 16.0L * (1ull << 30))
      throw usage_error("--d " + std::to_string(o.d) + " --dff " + std::to_string(o.dff) + " --tokens " +
                        std::to_string(o.tokens) + " would need more than 16 GiB");
  } else {
    if (o.input.empty() || o.output.empty()) throw usage_error("run --weights needs --input x.npy and --output y.npy");
    if (o.d || o.dff || o.tokens)
      throw usage_error("--d, --dff and --tokens are for the synthetic mode, without --weights");
    if (!o.dtype.empty())
      throw usage_error("--dtype is for the synthetic mode: with --weights, each tensor keeps the checkpoint's dtype");
  }

  std::optional<io::safetensors_file> file;
  if (!synthetic) file = io::safetensors_file::open(o.weights);
  if (synthetic)
    std::fprintf(stderr, "shapeproof run: making synthetic weights (seed %llu)...\n",
                 static_cast<unsigned long long>(o.seed));
  model m = build_model(o, synthetic, file ? &*file : nullptr);
  if (file) refuse_unread(*file, m, o);
  if (o.store_in_out) {
    if (m.dtype() != "f32")
      throw usage_error("--store-in-out is for f32 weights: 16-bit ones stream up to 64 tokens and convert beyond");
    for (auto& e : m.experts) e.store_in_out();
  }
  const std::size_t d = m.d();

  xt::xtensor<float, 2> x;
  if (synthetic) {
    x = xt::xtensor<float, 2>::from_shape({static_cast<std::size_t>(o.tokens), d});
    std::uint64_t i = 0;
    for (auto& v : x) v = runtime::detail::uniform(o.seed, 99, i++, 1.0f);
  } else {
    xt::xarray<float> in;
    try {
      in = xt::load_npy<float>(o.input);
    } catch (const std::exception& e) {
      throw usage_error(o.input + ": not a float32 .npy file: " + e.what());
    }
    if (in.dimension() != 2)
      throw usage_error(o.input + ": expected [tokens, d_model], got rank " + std::to_string(in.dimension()));
    if (in.shape()[1] != d)
      throw usage_error(o.input + ": " SHAPEPROOF_RULE_4_MESSAGE ": the input's last dimension is " +
                        std::to_string(in.shape()[1]) + ", the weights' d_model (" + std::to_string(d) + ")");
    x = in;
  }
  const std::size_t rows = x.shape()[0];
  const double resident = resident_bytes();  // the weights and the input, before any pass
  xt::xtensor<float, 2> y = xt::zeros<float>({rows, d});
  std::optional<output_file> output;
  if (!synthetic) output.emplace(o.output);

  runtime::workspace ws;
  const double flops = m.matmul_flops_per_token() * static_cast<double>(rows);
  const bool long_run = flops > 2e10;  // about a tenth of a second or more per call: say what is happening
  // The roofline, measured now, on this machine as it is: the read bandwidth before the passes
  // and after (it moves within seconds here; not between them, which would leave each pass cold
  // caches and a sleeping helper thread), the GEMM rate after them (sgemm's threads spin for a
  // while after a call, taking the core a pass's helper thread needs); the highest kept: a bound
  // a pass beats is a wrong bound
  if (long_run) std::fprintf(stderr, "shapeproof run: measuring the read bandwidth...\n");
  runtime::read_bandwidth_probe probe(std::size_t{256} << 20);
  probe.measure(5);
  m.forward(x.data(), rows, y.data(), ws);  // warm-up
  double seconds = 1e30;
  for (int rep = 1; rep <= 3; ++rep) {  // the fastest of three, as the chain below
    if (long_run) std::fprintf(stderr, "shapeproof run: forward pass %d of 3...\n", rep);
    const auto start = std::chrono::steady_clock::now();
    m.forward(x.data(), rows, y.data(), ws);
    seconds = std::min(seconds, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  if (long_run) std::fprintf(stderr, "shapeproof run: measuring the read bandwidth and the GEMM rate...\n");
  probe.measure(5);
  const runtime::roofline roof{probe.best(), runtime::measure_gemm_rate()};
  const std::size_t experts_hit = ws.experts_hit();
  const double bytes = m.bytes_read(experts_hit);
  const double bound = roof.bound_seconds(bytes, flops);

  const std::string dtype = m.dtype();
  std::printf("%s%s%s%s: [%zu, %zu] -> d_ff %zu -> [%zu, %zu]: %.3f ms, %.1f GFLOP/s", o.variant.c_str(),
              m.moe ? (" of " + std::to_string(m.experts.size()) + " " + o.expert).c_str() : "",
              m.moe ? (", top " + std::to_string(m.top_k)).c_str() : "",
              dtype == "f32" ? "" : (" (" + dtype + " weights)").c_str(), rows, d, m.dff(), rows, d, seconds * 1e3,
              flops / seconds * 1e-9);
  if (!m.moe && m.experts.front().all_f32()) {
    if (long_run) std::fprintf(stderr, "shapeproof run: the bare GEMM chain, 3 times...\n");
    const double chain = time_bare_chain(m.experts.front(), x.data(), rows);
    std::printf(", %.3f of the bare GEMM chain (%.1f GFLOP/s%s)", chain / seconds, flops / chain * 1e-9,
                o.store_in_out ? ", the faster over [out, in] or [in, out] weights" : "");
  }
  std::printf("\n");
  std::printf(
      "roofline: %.3f ms, %s-bound (%.1f MB of weights read%s at %.1f GB/s; %.3g GFLOP at %.1f GFLOP/s): "
      "%.2fx the bound\n",
      bound * 1e3, roof.limit(bytes, flops), bytes * 1e-6,
      m.moe ? (", " + std::to_string(experts_hit) + " of " + std::to_string(m.experts.size()) + " experts hit").c_str()
            : "",
      roof.read_bytes_per_second * 1e-9, flops * 1e-9, roof.flops_per_second * 1e-9, seconds / bound);
  // (An MoE's experts see rows·k/experts rows each on average.)
  const std::size_t rows_per_call = m.moe ? rows * m.top_k / m.experts.size() : rows;
  if (dtype == "f32" && !o.store_in_out && !runtime::detail::few_rows_worth(rows_per_call, d, m.dff()))
    std::printf(
        "note: %zu rows per projection run sgemm over [out, in] weights; --store-in-out also keeps them "
        "[in, out], which sgemm packs faster (twice the memory)\n",
        rows_per_call);
  if (resident > 0) std::printf("resident memory with the weights and the input loaded: %.1f MB\n", resident * 1e-6);
  if (!synthetic) {
    // NaN and Inf are not errors (a model may produce them), but never pass in silence.
    const std::size_t bad_in = non_finite(x), bad_out = non_finite(y);
    if (bad_in + bad_out > 0)
      std::fprintf(stderr,
                   "shapeproof run: warning: %zu of %zu input values and %zu of %zu output values are not finite "
                   "(NaN or Inf)\n",
                   bad_in, x.size(), bad_out, y.size());
    output->write(y);
    std::printf("wrote %s\n", o.output.c_str());
  }
  return ok;
}

}  // namespace shapeproof::tool

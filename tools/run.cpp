// SPDX-License-Identifier: MIT
// `shapeproof run`: the checked forward pass on weights from a file, or on synthetic weights.
// Sizes come from the file (or the options), so they are checked at run time by the same rules,
// with the same phrases, as the compile-time ones; the kernels are the typed runtime's.
#include "commands.hpp"
#include "communicator.hpp"
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <shapeproof/core/dyn_shape.hpp>
#include <shapeproof/io/checkpoint.hpp>
#include <shapeproof/io/npy.hpp>
#include <shapeproof/io/safetensors.hpp>
#include <shapeproof/runtime/forward.hpp>
#include <shapeproof/runtime/roofline.hpp>
#include <shapeproof/runtime/weights.hpp>
#include <shapeproof/variants/formulas.hpp>
#include <shapeproof/variants/registry.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace shapeproof::tool {
namespace {

using runtime::detail::ffn_view;

// Where this process sits in a sharded run: rank `rank` of tp · ep (one of the two is 1).
struct run_split {
  int rank = 0;
  std::int64_t tp = 1, ep = 1;
};
using runtime::detail::linear_view;
using runtime::detail::weight_dtype;

// A projection: f32 weights in `weight`, or 16-bit ones kept as stored in `weight16`; the bias is f32.
struct linear_data {
  std::vector<float> weight, bias;
  std::vector<std::uint16_t> weight16;
  weight_dtype dtype = weight_dtype::f32;
  std::size_t in = 0, out = 0;
  std::vector<float> weight_in_out;  // f32 weights again, [in, out], with --store-in-out
  bool bias_in_file = false;         // read or not: a row-parallel bias is read by one rank only
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

// The part of a projection `[out, in]` one rank holds: outputs [out_begin, out_end) (column-parallel)
// or inputs [in_begin, in_end) (row-parallel); and whether it reads the bias (a row-parallel bias
// is added once: by the first rank).
struct slice {
  std::int64_t out_begin = 0, out_end = -1, in_begin = 0, in_end = -1;  // -1: to the end
  bool bias = true;
  static slice outputs(std::int64_t begin, std::int64_t end) { return {begin, end, 0, -1, true}; }
  static slice inputs(std::int64_t begin, std::int64_t end, bool bias) { return {0, -1, begin, end, bias}; }
};

linear_data read_linear(const io::safetensors_file& f, const std::string& name, const dyn_dim& in, const dyn_dim& out,
                        slice s = {})
{
  const std::int64_t o1 = s.out_end < 0 ? out.extent : s.out_end, i1 = s.in_end < 0 ? in.extent : s.in_end;
  linear_data l;
  l.in = static_cast<std::size_t>(i1 - s.in_begin);
  l.out = static_cast<std::size_t>(o1 - s.out_begin);
  const auto& t = require_shape(f, name + ".weight", {out, in});
  // Only this rank's block of the file is read (all of it without a split)
  if (t.dtype == "BF16" || t.dtype == "F16") {
    // Kept as stored: half the memory, and half the bytes each pass reads
    l.weight16 = f.read_u16_block(t, s.out_begin, o1, s.in_begin, i1);
    l.dtype = t.dtype == "BF16" ? weight_dtype::bf16 : weight_dtype::f16;
  } else {
    l.weight = f.read_f32_block(t, s.out_begin, o1, s.in_begin, i1);
  }
  l.bias_in_file = f.find(name + ".bias") != nullptr;
  if (l.bias_in_file && s.bias)
    l.bias = f.read_f32_block(require_shape(f, name + ".bias", {out}), 0, 1, s.out_begin, o1);
  return l;
}

// The rule-11 refusal of a split: exit 1, the rule and the numbers.
class split_refused : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// [begin, end) of `n` units (named `units`) that rank `sp.rank` holds when they split over
// `ranks` (the tp or the ep of `sp`, named `degree`; 1: all of them); `ranks` must divide `n`, or
// rule 11's `refusal` is the error, with both numbers.
std::pair<std::int64_t, std::int64_t> rank_range(std::int64_t n, const char* units, std::int64_t ranks,
                                                 const char* degree, const run_split& sp, const char* refusal)
{
  if (n % ranks != 0)
    throw split_refused(std::string("shapeproof rule 11: ") + refusal + " (" + units + " = " + std::to_string(n) +
                        ", " + degree + " = " + std::to_string(ranks) + ")");
  const std::int64_t part = n / ranks, r = ranks > 1 ? sp.rank : 0;
  return {part * r, part * (r + 1)};
}

// What a rank holds of an FFN of hidden width `dff`, tensor-parallel: gate's and up's outputs
// (column-parallel) and down's inputs (row-parallel) in its range; down's bias on the first rank.
struct ffn_slices {
  slice gate_up, down;
};
ffn_slices tp_slices(std::int64_t dff, const run_split& sp)
{
  const auto [h0, h1] =
      rank_range(dff, "d_ff", sp.tp, "tp", sp, "tensor parallelism splits d_ff over tp ranks, so tp must divide d_ff");
  return {slice::outputs(h0, h1), slice::inputs(h0, h1, sp.tp == 1 || sp.rank == 0)};
}

ffn_data read_ffn(const io::safetensors_file& f, const std::string& prefix, const variant_info& v,
                  std::optional<dyn_dim> model_width, const run_split& sp)
{
  // The up projection, stored [d_ff, d_model], gives the widths; everything else is checked against them.
  const auto& up = require(f, prefix + "up_proj.weight", "[d_ff, d_model]");
  if (up.shape.size() != 2 || up.shape[0] < 1 || up.shape[1] < 1)
    throw usage_error(f.path() + ": tensor '" + up.name + "': expected [d_ff, d_model], got " +
                      io::shape_text(up.shape));
  const dyn_dim d = model_width ? *model_width : dyn_dim{"d_model", up.shape[1]};
  const dyn_dim dff{"d_ff", up.shape[0]};
  const ffn_slices part = tp_slices(dff.extent, sp);
  ffn_data out;
  out.variant = v;
  out.up = read_linear(f, prefix + "up_proj", d, dff, part.gate_up);
  if (v.gated) out.gate = read_linear(f, prefix + "gate_proj", d, dff, part.gate_up);
  out.down = read_linear(f, prefix + "down_proj", dff, d, part.down);
  return out;
}

// --- synthetic weights ---------------------------------------------------------------------------

linear_data make_linear(const std::string& name, std::size_t in, std::size_t out, std::uint64_t seed,
                        weight_dtype dtype = weight_dtype::f32, slice s = {})
{
  const auto o0 = static_cast<std::size_t>(s.out_begin), i0 = static_cast<std::size_t>(s.in_begin);
  const std::size_t o1 = s.out_end < 0 ? out : static_cast<std::size_t>(s.out_end);
  const std::size_t i1 = s.in_end < 0 ? in : static_cast<std::size_t>(s.in_end);
  linear_data l;
  l.in = i1 - i0;
  l.out = o1 - o0;
  l.weight.resize(l.in * l.out);
  // As runtime::linear_weights::init: the same names give the same values (then rounded to the
  // dtype); a rank makes only its slice, each value from its index in the whole.
  const std::uint64_t stream = runtime::detail::stream_of(name + ".weight");
  const float bound = 1.0f / std::sqrt(static_cast<float>(in));
  for (std::size_t o = o0; o < o1; ++o)
    for (std::size_t i = i0; i < i1; ++i)
      l.weight[(o - o0) * l.in + (i - i0)] = runtime::detail::uniform(seed, stream, o * in + i, bound);
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
                  weight_dtype dtype, const run_split& sp)
{
  const ffn_slices part = tp_slices(static_cast<std::int64_t>(dff), sp);
  ffn_data f;
  f.variant = v;
  if (v.gated) f.gate = make_linear(prefix + "gate_proj", d, dff, seed, dtype, part.gate_up);
  f.up = make_linear(prefix + "up_proj", d, dff, seed, dtype, part.gate_up);
  f.down = make_linear(prefix + "down_proj", dff, d, seed, dtype, part.down);
  return f;
}

weight_dtype dtype_option(const run_options& o)
{
  return o.dtype == "bf16" ? weight_dtype::bf16 : o.dtype == "f16" ? weight_dtype::f16 : weight_dtype::f32;
}

// --- the run -------------------------------------------------------------------------------------

struct model {
  bool moe = false;
  std::vector<ffn_data> experts;  // the FFN itself when not an MoE; an expert-parallel rank's own
  linear_data router;
  std::size_t top_k = 0;
  std::size_t first_expert = 0;   // the global index of experts[0] (expert-parallel)
  std::size_t total_experts = 0;  // every rank's (an MoE)
  std::size_t full_dff = 0;       // the whole d_ff (tensor-parallel ranks hold a slice)
  std::size_t d() const { return experts.front().up.in; }
  std::size_t dff() const { return full_dff; }

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
    const auto ex = static_cast<extent_t>(total_experts), k = static_cast<extent_t>(top_k);
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

// Refuses an MoE whose experts are not one declaration repeated (rule 6): each expert's tensors
// have expert 0's shapes, and its biases are where expert 0's are. Checked from the header, over
// every expert, by every rank: a run reads what a single process reads, however it is split.
void refuse_unlike_experts(const io::safetensors_file& f, const std::string& prefix, const variant_info& v,
                           std::size_t experts)
{
  std::vector<std::string> parts{"up_proj", "down_proj"};
  if (v.gated) parts.insert(parts.begin(), "gate_proj");
  auto name = [&](std::size_t e, const std::string& part, const char* what) {
    return prefix + "experts." + std::to_string(e) + "." + part + what;
  };
  for (const auto& part : parts) {
    const auto& first = require(f, name(0, part, ".weight"), "expert 0's " + part);
    const bool bias = f.find(name(0, part, ".bias")) != nullptr;
    for (std::size_t e = 1; e < experts; ++e) {
      const auto& t = require(f, name(e, part, ".weight"), "as expert 0's, " + io::shape_text(first.shape));
      if (t.shape != first.shape)
        throw usage_error(f.path() + ": " SHAPEPROOF_RULE_6_SAME_D_MESSAGE " and the same d_ff (one declaration): '" +
                          t.name + "' is " + io::shape_text(t.shape) + ", expert 0's is " +
                          io::shape_text(first.shape));
      if ((f.find(name(e, part, ".bias")) != nullptr) != bias)
        throw usage_error(f.path() + ": the experts of an MoE are one declaration (rule 6): '" +
                          name(bias ? 0 : e, part, ".bias") + "' has a bias, '" + name(bias ? e : 0, part, ".bias") +
                          "' none");
    }
  }
}

// The experts [first, last) expert-parallel rank `sp.rank` holds of `n`.
std::pair<std::size_t, std::size_t> ep_range(std::size_t n, const run_split& sp)
{
  const auto [first, last] =
      rank_range(static_cast<std::int64_t>(n), "experts", sp.ep, "ep", sp,
                 "expert parallelism splits the experts over ep ranks, so ep must divide the experts");
  return {static_cast<std::size_t>(first), static_cast<std::size_t>(last)};
}

model build_model(const run_options& o, bool synthetic, const io::safetensors_file* file, const run_split& sp)
{
  model m;
  if (o.variant == "moe") {
    if (o.expert.empty()) throw usage_error("--variant moe needs --expert VARIANT and --top-k K");
    const variant_info ev = variant_named(o.expert, "--expert");
    m.moe = true;
    if (synthetic) {
      const auto n = static_cast<std::size_t>(8);
      m.total_experts = n;
      const auto [first, last] = ep_range(n, sp);
      m.first_expert = first;
      m.router =
          make_linear("router", static_cast<std::size_t>(o.d), n, o.seed);  // f32: small, and the routing's precision
      for (std::size_t e = first; e < last; ++e)
        m.experts.push_back(make_ffn("experts." + std::to_string(e) + ".", ev, static_cast<std::size_t>(o.d),
                                     static_cast<std::size_t>(o.dff), o.seed, dtype_option(o), sp));
    } else {
      const auto& r = require(*file, o.prefix + "router.weight", "[experts, d_model]");
      if (r.shape.size() != 2 || r.shape[0] < 1 || r.shape[1] < 1)
        throw usage_error(file->path() + ": tensor '" + r.name + "': expected [experts, d_model], got " +
                          io::shape_text(r.shape));
      const dyn_dim d{"d_model", r.shape[1]}, n{"experts", r.shape[0]};
      m.total_experts = static_cast<std::size_t>(n.extent);
      const auto [first, last] = ep_range(m.total_experts, sp);
      m.first_expert = first;
      m.router = read_linear(*file, o.prefix + "router", d, n);
      refuse_unlike_experts(*file, o.prefix, ev, m.total_experts);
      for (std::size_t e = first; e < last; ++e)
        m.experts.push_back(read_ffn(*file, o.prefix + "experts." + std::to_string(e) + ".", ev, d, sp));
    }
    if (o.top_k < 1 || static_cast<std::size_t>(o.top_k) > m.total_experts)
      throw usage_error(std::string(SHAPEPROOF_RULE_6_MESSAGE) + ": --top-k " + std::to_string(o.top_k) + " with " +
                        std::to_string(m.total_experts) + " experts");
    m.top_k = static_cast<std::size_t>(o.top_k);
  } else {
    if (!o.expert.empty() || o.top_k != 0) throw usage_error("--expert and --top-k go with --variant moe only");
    if (sp.ep > 1) throw usage_error("--ep splits an MoE's experts: it goes with --variant moe");
    const variant_info v = variant_named(o.variant, "--variant");
    m.experts.push_back(synthetic ? make_ffn("", v, static_cast<std::size_t>(o.d), static_cast<std::size_t>(o.dff),
                                             o.seed, dtype_option(o), sp)
                                  : read_ffn(*file, o.prefix, v, std::nullopt, sp));
  }
  m.full_dff = m.experts.front().up.out * static_cast<std::size_t>(sp.tp);
  return m;
}

// --- nothing in the file left unread ---------------------------------------------------------------

// The names of the tensors `m` was read from (with the other expert-parallel ranks' experts: the
// same names as this rank's, each rank checking its own).
std::set<std::string> names_read(const model& m, const std::string& prefix)
{
  std::set<std::string> names;
  auto add = [&](const std::string& name, const linear_data& l) {
    names.insert(name + ".weight");
    if (l.bias_in_file) names.insert(name + ".bias");
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
    for (std::size_t e = 0; e < m.total_experts; ++e)
      add_ffn(prefix + "experts." + std::to_string(e) + ".",
              e >= m.first_expert && e - m.first_expert < m.experts.size() ? m.experts[e - m.first_expert]
                                                                           : m.experts.front());
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
    message += "\n  " + unread[i] + ": " + why_unread(unread[i].substr(o.prefix.size()), o, m.total_experts);
  if (unread.size() > shown) message += "\n  ... and " + std::to_string(unread.size() - shown) + " more";
  throw usage_error(message);
}

// --- the output, written whole or not at all ----------------------------------------------------

// A temporary file beside the output, made before the forward pass (so that an unwritable output
// is an error before the work, not after it) and renamed over the output once written (so that an
// interrupted or failed run leaves the user's old file as it was). Removed if never renamed; one
// left by a run that was killed is removed by the next run to the same output, which finds it by
// its name: `.<output's name>.shapeproof-<host>-<process id>.tmp`, its process no longer running.
//
// Only a regular file is replaced (or a path where nothing is yet): a directory, a device, a FIFO
// or a socket, or a symbolic link to one, is refused; a link to a regular file is followed, and
// the file it names replaced. The output may not be the weights' file or the input's.
class output_file {
public:
  output_file(const std::string& path, const std::string& weights, const std::string& input) : path_(path)
  {
    namespace fs = std::filesystem;
    std::error_code ec;
    const auto link = fs::symlink_status(path, ec);
    if (fs::is_symlink(link)) {
      const auto target = fs::status(path, ec);
      if (!fs::exists(target)) throw usage_error(path + ": a symbolic link to nothing; refusing to write there");
      if (!fs::is_regular_file(target))
        throw usage_error(path + ": a symbolic link to " + io::kind_of_file(target.type()) +
                          "; only a regular file is replaced by the output");
      target_ = fs::canonical(path, ec).string();
      if (ec) throw usage_error(path + ": cannot follow the link: " + ec.message());
    } else if (fs::exists(link)) {
      if (!fs::is_regular_file(link))
        throw usage_error(path + ": " + io::kind_of_file(link.type()) +
                          "; only a regular file is replaced by the output");
    }
    if (target_.empty()) target_ = path;
    for (const auto& [file, what] : {std::pair{weights, "the weights' file"}, std::pair{input, "the input's file"}})
      if (fs::exists(target_) && fs::exists(file) && fs::equivalent(target_, file, ec))
        throw usage_error(path + ": " + what + "; refusing to replace it with the output");
    const fs::path t(target_);
    const fs::path dir = t.parent_path().empty() ? fs::path(".") : t.parent_path();
    const std::string stem = "." + t.filename().string() + ".shapeproof-";
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0) std::strcpy(host, "host");
    host_ = host;
    remove_stale(dir, stem);
    temporary_ = (dir / (stem + host_ + "-" + std::to_string(static_cast<long long>(::getpid())) + ".tmp")).string();
    std::FILE* probe = std::fopen(temporary_.c_str(), "wb");
    if (!probe) throw usage_error(path + ": cannot write there: " + std::strerror(errno));
    std::fclose(probe);
  }
  output_file(const output_file&) = delete;
  output_file& operator=(const output_file&) = delete;
  ~output_file()
  {
    if (!committed_) std::remove(temporary_.c_str());
  }

  void write(const xt::xtensor<float, 2>& y)
  {
    try {
      io::write_npy_f32(temporary_, {y.shape()[0], y.shape()[1]}, y.data());
    } catch (const io::npy_error& e) {
      throw usage_error(path_ + ": could not write the output: " + e.what());
    }
    // The replaced file's permissions are kept.
    struct stat old {};
    if (::stat(target_.c_str(), &old) == 0) ::chmod(temporary_.c_str(), old.st_mode & 07777);
    if (std::rename(temporary_.c_str(), target_.c_str()) != 0)
      throw usage_error(path_ + ": cannot replace it: " + std::strerror(errno));
    committed_ = true;
  }

private:
  // Removes the temporary files of this output that this host's runs left and whose process is
  // gone (a run killed before it renamed its output).
  void remove_stale(const std::filesystem::path& dir, const std::string& stem) const
  {
    std::error_code ec;
    const std::string mine = stem + host_ + "-";
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.size() <= mine.size() + 4 || name.rfind(mine, 0) != 0 || name.substr(name.size() - 4) != ".tmp")
        continue;
      const std::string digits = name.substr(mine.size(), name.size() - mine.size() - 4);
      if (digits.empty() || digits.size() > 10 || !std::all_of(digits.begin(), digits.end(), ::isdigit)) continue;
      const auto pid = static_cast<pid_t>(std::stol(digits));
      if (pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue;  // its run goes on
      if (entry.is_regular_file(ec) && std::filesystem::remove(entry.path(), ec))
        std::fprintf(stderr, "shapeproof run: removed %s, left by an interrupted run (process %ld)\n",
                     entry.path().c_str(), static_cast<long>(pid));
    }
  }

  std::string path_, target_, temporary_, host_;
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

// An MoE with its experts split over the ranks (expert parallelism). Each rank routes its own
// share of the tokens, sends each token's row to the ranks of its top-k experts and gets the
// experts' outputs back (MPI_Alltoallv both ways), and sums them with the routing weights; rank 0
// gathers the rows. Leaves the experts hit, summed over ranks, in `hit`.
void forward_expert_parallel(const model& m, communicator& comm, const float* x, std::size_t rows, float* y,
                             runtime::workspace& ws, std::size_t& hit)
{
  const std::size_t d = m.d(), k = m.top_k, per_rank = m.experts.size();
  const auto ranks = static_cast<std::size_t>(comm.size()), me = static_cast<std::size_t>(comm.rank());
  auto first_row = [&](std::size_t r) { return rows * r / ranks; };
  const std::size_t t0 = first_row(me), mine = first_row(me + 1) - t0;

  // Route this rank's tokens; order the (token, expert) pairs by the rank holding the expert
  std::vector<std::size_t> chosen;
  std::vector<float> weights(mine * k);
  if (mine > 0)
    runtime::detail::route(m.router.view(), m.total_experts, k, x + t0 * d, mine, ws, 0, chosen, weights.data());
  std::vector<int> send_rows(ranks, 0), recv_rows;
  for (std::size_t j = 0; j < mine * k; ++j) ++send_rows[chosen[j] / per_rank];
  comm.wait_for_all();
  comm.alltoall(send_rows, recv_rows);
  auto offsets = [&](const std::vector<int>& counts, int scale) {
    std::vector<int> off(ranks, 0), scaled(ranks);
    for (std::size_t r = 0; r < ranks; ++r) {
      scaled[r] = counts[r] * scale;
      if (r > 0) off[r] = off[r - 1] + scaled[r - 1];
    }
    return std::pair{scaled, off};
  };
  std::vector<std::size_t> pair_at(mine * k);  // position of pair j in the send order
  {
    std::vector<int> next = offsets(send_rows, 1).second;
    for (std::size_t j = 0; j < mine * k; ++j) pair_at[j] = static_cast<std::size_t>(next[chosen[j] / per_rank]++);
  }
  std::vector<float> send(mine * k * d);
  std::vector<int> send_ids(mine * k);
  for (std::size_t j = 0; j < mine * k; ++j) {
    std::copy_n(x + (t0 + j / k) * d, d, send.data() + pair_at[j] * d);
    send_ids[pair_at[j]] = static_cast<int>(chosen[j] % per_rank);  // the expert, on its rank
  }
  std::size_t received = 0;
  for (const int c : recv_rows) received += static_cast<std::size_t>(c);
  std::vector<float> recv(received * d), results(received * d);
  std::vector<int> recv_ids(received);
  const auto [send_floats, send_float_off] = offsets(send_rows, static_cast<int>(d));
  const auto [recv_floats, recv_float_off] = offsets(recv_rows, static_cast<int>(d));
  const auto [send_count, send_off] = offsets(send_rows, 1);
  const auto [recv_count, recv_off] = offsets(recv_rows, 1);
  comm.alltoallv(send.data(), send_floats, send_float_off, recv.data(), recv_floats, recv_float_off);
  comm.alltoallv(send_ids.data(), send_count, send_off, recv_ids.data(), recv_count, recv_off);

  // This rank's experts on the rows sent to them
  std::vector<float> gathered(received * d), out(received * d);
  std::vector<std::size_t> at;
  std::size_t local_hit = 0;
  for (std::size_t e = 0; e < per_rank; ++e) {
    at.clear();
    for (std::size_t i = 0; i < received; ++i)
      if (static_cast<std::size_t>(recv_ids[i]) == e) at.push_back(i);
    if (at.empty()) continue;
    ++local_hit;
    for (std::size_t i = 0; i < at.size(); ++i) std::copy_n(recv.data() + at[i] * d, d, gathered.data() + i * d);
    runtime::detail::ffn_rows(m.experts[e].view(), gathered.data(), at.size(), out.data(), ws, 4);
    for (std::size_t i = 0; i < at.size(); ++i) std::copy_n(out.data() + i * d, d, results.data() + at[i] * d);
  }
  // ... and back to the tokens' ranks, in the order they were sent
  std::vector<float> back(mine * k * d);
  comm.wait_for_all();
  comm.alltoallv(results.data(), recv_floats, recv_float_off, back.data(), send_floats, send_float_off);
  std::vector<float> own(mine * d, 0.0f);
  for (std::size_t j = 0; j < mine * k; ++j) {
    float* row = own.data() + (j / k) * d;
    const float* r = back.data() + pair_at[j] * d;
    for (std::size_t c = 0; c < d; ++c) row[c] += weights[j] * r[c];
  }
  std::vector<int> counts(ranks);
  for (std::size_t r = 0; r < ranks; ++r) counts[r] = static_cast<int>((first_row(r + 1) - first_row(r)) * d);
  comm.gather_to_first(own.data(), static_cast<int>(mine * d), y, counts);
  hit = static_cast<std::size_t>(comm.allreduce_sum(static_cast<long long>(local_hit)));
}

// What ran, as each report's first line starts: "moe of 8 swiglu, top 2 (bf16 weights): [T, D] ->
// d_ff F -> [T, D]".
std::string pass_label(const run_options& o, const model& m, std::size_t rows)
{
  const std::string dtype = m.dtype(), d = std::to_string(m.d()), t = std::to_string(rows);
  std::string label = o.variant;
  if (m.moe) label += " of " + std::to_string(m.total_experts) + " " + o.expert + ", top " + std::to_string(m.top_k);
  if (dtype != "f32") label += " (" + dtype + " weights)";
  return label + ": [" + t + ", " + d + "] -> d_ff " + std::to_string(m.dff()) + " -> [" + t + ", " + d + "]";
}

// Writes the output (after saying how many of its values, and the input's, are not finite: they
// are not errors, since a model may produce them, but never pass in silence).
void write_output(const run_options& o, const xt::xtensor<float, 2>& x, const xt::xtensor<float, 2>& y,
                  output_file& output)
{
  const std::size_t bad_in = non_finite(x), bad_out = non_finite(y);
  if (bad_in + bad_out > 0)
    std::fprintf(stderr,
                 "shapeproof run: warning: %zu of %zu input values and %zu of %zu output values are not finite "
                 "(NaN or Inf)\n",
                 bad_in, x.size(), bad_out, y.size());
  output.write(y);
  std::printf("wrote %s\n", o.output.c_str());
}

// The passes of a sharded run, timed as the slowest rank's, and its report (rank 0).
int run_sharded(const run_options& o, communicator& comm, const model& m, const xt::xtensor<float, 2>& x,
                xt::xtensor<float, 2>& y, std::optional<output_file>& output, double resident)
{
  const std::size_t rows = x.shape()[0], d = m.d();
  runtime::workspace ws;
  std::size_t hit = 0;
  auto pass = [&] {
    if (o.ep > 1) {
      forward_expert_parallel(m, comm, x.data(), rows, y.data(), ws, hit);
    } else {
      // Each rank's slice gives partial sums of every output; one all-reduce adds them (the
      // down projection's bias, read by rank 0 only, is added once)
      m.forward(x.data(), rows, y.data(), ws);
      comm.wait_for_all();
      comm.allreduce_sum(y.data(), rows * d);
      hit = ws.experts_hit();
    }
  };
  const double flops = m.matmul_flops_per_token() * static_cast<double>(rows);
  pass();  // warm-up
  double seconds = 1e30, communicating = 0, waiting = 0;
  for (int rep = 0; rep < 3; ++rep) {
    comm.barrier();
    comm.reset_clock();
    const auto start = std::chrono::steady_clock::now();
    pass();
    const double t =
        comm.allreduce_max(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    const double c = comm.allreduce_max(comm.seconds_communicating());
    const double w = comm.allreduce_max(comm.seconds_waiting());
    if (t < seconds) {
      seconds = t;
      communicating = c;
      waiting = w;
    }
  }
  const long long ranks = comm.size();
  if (comm.rank() != 0) return ok;
  std::printf(
      "%s on %lld ranks (%s %lld): %.3f ms, %.1f GFLOP/s; communicating %.3f ms (%.0f%% of the pass), waiting "
      "for the slowest rank %.3f ms (each the most any rank spent)\n",
      pass_label(o, m, rows).c_str(), ranks, o.ep > 1 ? "expert-parallel, ep" : "tensor-parallel, tp",
      static_cast<long long>(o.ep > 1 ? o.ep : o.tp), seconds * 1e3, flops / seconds * 1e-9, communicating * 1e3,
      100.0 * communicating / seconds, waiting * 1e3);
  if (m.moe) std::printf("experts hit: %zu of %zu\n", hit, m.total_experts);
  std::printf("roofline: not measured for a sharded run (its ranks share this machine's cores and memory)\n");
  if (resident > 0)
    std::printf("resident memory of rank 0 with its weights and the input loaded: %.1f MB\n", resident * 1e-6);
  if (output) write_output(o, x, y, *output);
  return ok;
}

// A rank that stops because another failed: its reason is that rank's to say.
class peer_failed : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

int run_on(const run_options& o, communicator& comm)
{
  const bool synthetic = o.weights.empty();
  if (synthetic) {
    if (o.d == 0 && o.dff == 0 && o.tokens == 0)
      throw usage_error("run needs --weights, --input and --output, or the synthetic --d, --dff and --tokens");
    for (const auto& [option, value] :
         {std::pair{"--d", o.d}, std::pair{"--dff", o.dff}, std::pair{"--tokens", o.tokens}})
      if (value < 1) throw usage_error(std::string(option) + " must be positive, not " + std::to_string(value));
    if (!o.input.empty() || !o.output.empty()) throw usage_error("--input and --output need --weights");
    // Refuse what would not fit: weights, activations and the chain's buffers, in f32 (counted in
    // long double: no product of the options can overflow it).
    const long double floats =
        static_cast<long double>(o.d) * static_cast<long double>(o.dff) * 3.0L * (o.variant == "moe" ? 8.0L : 1.0L) *
            (o.dtype == "bf16" || o.dtype == "f16" ? 0.5L
             : o.store_in_out                      ? 2.0L
                                                   : 1.0L) +
        static_cast<long double>(o.tokens) * (static_cast<long double>(o.d) + 4.0L * static_cast<long double>(o.dff));
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

  const run_split sp{comm.rank(), o.tp, o.ep};
  const bool first = sp.rank == 0, sharded = comm.size() > 1;
  std::optional<io::safetensors_file> file;
  model m;
  // Loading: every rank its own slices. The ranks agree that all loaded before any goes on.
  std::exception_ptr failed;
  try {
    if (!synthetic) file = io::safetensors_file::open(o.weights);
    if (synthetic && first)
      std::fprintf(stderr, "shapeproof run: making synthetic weights (seed %llu)...\n",
                   static_cast<unsigned long long>(o.seed));
    m = build_model(o, synthetic, file ? &*file : nullptr, sp);
    if (file) refuse_unread(*file, m, o);
    if (o.store_in_out) {
      if (m.dtype() != "f32")
        throw usage_error("--store-in-out is for f32 weights: 16-bit ones stream up to 64 tokens and convert beyond");
      for (auto& e : m.experts) e.store_in_out();
    }
  } catch (...) {
    failed = std::current_exception();
  }
  if (!comm.all_ok(!failed)) {
    if (failed) std::rethrow_exception(failed);
    throw peer_failed("another rank failed");
  }
  const std::size_t d = m.d();

  // The input, and the output's place, checked by every rank before any pass: the ranks agree on
  // a failure here too (only rank 0 writes the output; a rank going on alone would wait for ever).
  xt::xtensor<float, 2> x;
  std::optional<output_file> output;
  try {
    if (synthetic) {
      x = xt::xtensor<float, 2>::from_shape({static_cast<std::size_t>(o.tokens), d});
      std::uint64_t i = 0;
      for (auto& v : x) v = runtime::detail::uniform(o.seed, 99, i++, 1.0f);
    } else {
      io::npy_array in;
      try {
        in = io::read_npy_f32(o.input);
      } catch (const io::npy_error& e) {
        throw usage_error(e.what());
      }
      if (in.shape.size() != 2)
        throw usage_error(o.input + ": expected [tokens, d_model], got rank " + std::to_string(in.shape.size()) + " " +
                          io::npy_shape_text(in.shape));
      if (in.shape[1] != d)
        throw usage_error(o.input + ": " SHAPEPROOF_RULE_4_MESSAGE ": the input's last dimension is " +
                          std::to_string(in.shape[1]) + ", the weights' d_model (" + std::to_string(d) + ")");
      if (in.shape[0] == 0) throw usage_error(o.input + ": no tokens (shape " + io::npy_shape_text(in.shape) + ")");
      x = xt::xtensor<float, 2>::from_shape({static_cast<std::size_t>(in.shape[0]), d});
      std::copy(in.values.begin(), in.values.end(), x.begin());
    }
    if (!synthetic && first) output.emplace(o.output, o.weights, o.input);
  } catch (...) {
    failed = std::current_exception();
  }
  if (!comm.all_ok(!failed)) {
    if (failed) std::rethrow_exception(failed);
    throw peer_failed("another rank failed");
  }
  const std::size_t rows = x.shape()[0];
  const double resident = resident_bytes();  // the weights and the input, before any pass
  xt::xtensor<float, 2> y = xt::zeros<float>({rows, d});
  if (sharded) return run_sharded(o, comm, m, x, y, output, resident);

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
  std::printf("%s: %.3f ms, %.1f GFLOP/s", pass_label(o, m, rows).c_str(), seconds * 1e3, flops / seconds * 1e-9);
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
      m.moe ? (", " + std::to_string(experts_hit) + " of " + std::to_string(m.total_experts) + " experts hit").c_str()
            : "",
      roof.read_bytes_per_second * 1e-9, flops * 1e-9, roof.flops_per_second * 1e-9, seconds / bound);
  // (An MoE's experts see rows·k/experts rows each on average.)
  const std::size_t rows_per_call = m.moe ? rows * m.top_k / m.total_experts : rows;
  if (dtype == "f32" && !o.store_in_out && !runtime::detail::few_rows_worth(rows_per_call, d, m.dff()))
    std::printf(
        "note: %zu rows per projection run sgemm over [out, in] weights; --store-in-out also keeps them "
        "[in, out], which sgemm packs faster (twice the memory)\n",
        rows_per_call);
  if (resident > 0) std::printf("resident memory with the weights and the input loaded: %.1f MB\n", resident * 1e-6);
  if (output) write_output(o, x, y, *output);
  return ok;
}

int run(const run_options& o)
{
  const bool one_split = o.tp >= 1 && o.ep >= 1 && (o.tp == 1 || o.ep == 1);  // else refused below
  const long long ranks_wanted = one_split ? static_cast<long long>(o.tp) * static_cast<long long>(o.ep) : 1;
  std::unique_ptr<communicator> comm = make_communicator(ranks_wanted);
  // An early refusal under mpirun: rank 0 says why, once, and every rank leaves only after it has
  // (a rank that exited first could have mpirun end the job before the message was written).
  const auto refuse_early = [&](const std::string& why) {
    if (comm->rank() == 0) {
      std::fprintf(stderr, "shapeproof: %s\n", why.c_str());
      std::fflush(stderr);
    }
    comm->barrier();
    return bad_input;
  };
  if (o.tp < 1 || o.ep < 1) return refuse_early("--tp and --ep must be 1 or more");
  if (o.tp > 1 && o.ep > 1)
    return refuse_early(
        "--tp and --ep split one model in two ways; this command takes one at a time (--tp for a dense "
        "or gated FFN or every expert of an MoE, --ep for an MoE's experts)");
  if (comm->size() != ranks_wanted)
    return refuse_early("--tp " + std::to_string(o.tp) + " --ep " + std::to_string(o.ep) + " needs " +
                        std::to_string(ranks_wanted) + " rank" + (ranks_wanted == 1 ? "" : "s") + "; this run has " +
                        std::to_string(comm->size()) + " (mpirun -n " + std::to_string(comm->size()) + ")");
  if (comm->size() == 1) {
    try {
      return run_on(o, *comm);
    } catch (const split_refused& e) {
      std::fprintf(stderr, "shapeproof: %s\n", e.what());
      return problems;
    }
  }
  // Several ranks: each fails or goes on with the others (a rank left alone in a collective would
  // wait for ever); rank 0 says why, the others only when rank 0 did not fail itself.
  int code = ok;
  std::string why;
  try {
    code = run_on(o, *comm);
  } catch (const peer_failed&) {
    code = ok;  // the failing rank's code decides
  } catch (const split_refused& e) {
    why = e.what();
    code = problems;
  } catch (const std::exception& e) {
    why = e.what();
    code = bad_input;
  }
  const bool first_failed = comm->allreduce_sum(comm->rank() == 0 && !why.empty() ? 1LL : 0LL) > 0;
  if (!why.empty() && (comm->rank() == 0 || !first_failed))
    std::fprintf(stderr, "shapeproof: %s%s\n",
                 comm->rank() == 0 ? "" : ("rank " + std::to_string(comm->rank()) + ": ").c_str(), why.c_str());
  const double worst = comm->allreduce_max(static_cast<double>(code));
  return static_cast<int>(worst);
}
}  // namespace shapeproof::tool

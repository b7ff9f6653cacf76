// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief A run-time-sized FFN or MoE read from a safetensors file by name, whole or one rank's slice.
 *
 * `load_model(file, request, split)` reads the tensors under `request.prefix` of one
 * `.safetensors` file or of a checkpoint sharded over several (`io::checkpoint`): `gate_proj`,
 * `up_proj`, `down_proj` (each `.weight` `[out, in]`, and `.bias` when the file has it), or an
 * MoE's `router` and `experts.{e}.…` (the names are `request.names`, Mixtral's `w1`/`w3`/`w2`
 * among them). The widths come from the up projection (the router for an MoE) or from the
 * request, and every other tensor is checked against them; the experts must be one declaration
 * repeated (rule 6). Only a rank's own block of each tensor is read. 16-bit weights are kept as
 * stored. `unread_tensors` names what the request left unread under its prefix, so that a caller
 * can refuse to ignore it (a dense variant over a gated checkpoint would otherwise drop its gate).
 *
 * `layer_ffn(config, layer, prefix)` is the request for a layer of a model read from its
 * config.json, in its family's names.
 */

#include <shapeproof/io/checkpoint.hpp>
#include <shapeproof/io/hf_config.hpp>
#include <shapeproof/io/safetensors.hpp>
#include <shapeproof/runtime/dyn_model.hpp>
#include <shapeproof/runtime/split.hpp>
#include <shapeproof/runtime/weights.hpp>

#include <algorithm>
#include <charconv>
#include <concepts>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace shapeproof::runtime {

/// The names of an FFN's tensors under its prefix (`.weight` and `.bias` are added).
struct ffn_names {
  std::string gate = "gate_proj", up = "up_proj", down = "down_proj";
  std::string router = "router", experts = "experts.";  ///< an MoE's: `experts.{e}.` + gate, up, down
};

/// What to read: the variant (each expert's for an MoE), the names, and the widths when they are
/// known beforehand (from a config.json): then the file's tensors must have them.
struct load_request {
  std::string prefix;  ///< of every name, e.g. "model.layers.0.mlp."
  variant_info variant;
  ffn_names names;
  bool moe = false;
  extent_t top_k = 0;  ///< an MoE's experts per token
  std::optional<extent_t> d, dff, experts;
};

/// A checkpoint whose tensors a run-time-sized model can be read from: one `.safetensors` file
/// (`io::safetensors_file`), or a checkpoint of several (`io::checkpoint`, opened from the shards'
/// index; a GGUF one is refused).
template<typename File>
concept TensorFile = requires(const File& f, const io::tensor_info& t, std::int64_t i)
{
  {
    f.find(std::string())
    } -> std::same_as<const io::tensor_info*>;
  {
    f.path()
    } -> std::convertible_to<std::string>;
  {
    f.read_f32_block(t, i, i, i, i)
    } -> std::same_as<std::vector<float>>;
  {
    f.read_u16_block(t, i, i, i, i)
    } -> std::same_as<std::vector<std::uint16_t>>;
  f.tensors();
};

namespace detail {

inline const std::string& name_of(const io::tensor_info& t) { return t.name; }
inline const std::string& name_of(const std::pair<const std::string, const io::tensor_info*>& t) { return t.first; }

template<typename File>
void refuse_gguf(const File&)
{
}
inline void refuse_gguf(const io::checkpoint& ck)
{
  if (ck.gguf())
    throw weights_error(ck.path() +
                        ": a GGUF checkpoint; the run-time model reads safetensors (one file, or the "
                        "shards' index)");
}

template<TensorFile File>
const io::tensor_info& require(const File& f, const std::string& name, const std::string& expected)
{
  const auto* t = f.find(name);
  if (!t) throw weights_error(f.path() + ": no tensor '" + name + "' (expected " + expected + ")");
  return *t;
}

// The tensor `name`, checked to have exactly `expected`'s extents.
template<TensorFile File>
const io::tensor_info& require_shape(const File& f, const std::string& name, const dyn_shape& expected)
{
  const auto& t = require(f, name, to_string(expected));
  if (!io::has_shape(t, expected))
    throw weights_error(f.path() + ": tensor '" + name + "': expected " + to_string(expected) + ", got " +
                        io::shape_text(t.shape));
  return t;
}

// A 2-D tensor's [rows, cols] with both at least 1, or an error naming what it should be.
template<TensorFile File>
const io::tensor_info& require_matrix(const File& f, const std::string& name, const char* expected)
{
  const auto& t = require(f, name, expected);
  if (t.shape.size() != 2 || t.shape[0] < 1 || t.shape[1] < 1)
    throw weights_error(f.path() + ": tensor '" + t.name + "': expected " + expected + ", got " +
                        io::shape_text(t.shape));
  return t;
}

// Refuses an MoE whose experts are not one declaration repeated (rule 6): each expert's tensors
// have expert 0's shapes, and its biases are where expert 0's are. Checked from the header over
// every expert, by every rank: a sharded run reads what a single process reads.
template<TensorFile File>
void refuse_unlike_experts(const File& f, const load_request& q, std::size_t experts)
{
  std::vector<std::string> parts{q.names.up, q.names.down};
  if (q.variant.gated) parts.insert(parts.begin(), q.names.gate);
  auto name = [&](std::size_t e, const std::string& part, const char* what) {
    return q.prefix + q.names.experts + std::to_string(e) + "." + part + what;
  };
  for (const auto& part : parts) {
    const auto& first = require(f, name(0, part, ".weight"), "expert 0's " + part);
    const bool bias = f.find(name(0, part, ".bias")) != nullptr;
    for (std::size_t e = 1; e < experts; ++e) {
      const auto& t = require(f, name(e, part, ".weight"), "as expert 0's, " + io::shape_text(first.shape));
      if (t.shape != first.shape)
        throw weights_error(f.path() + ": " SHAPEPROOF_RULE_6_SAME_D_MESSAGE " and the same d_ff (one declaration): '" +
                            t.name + "' is " + io::shape_text(t.shape) + ", expert 0's is " +
                            io::shape_text(first.shape));
      if ((f.find(name(e, part, ".bias")) != nullptr) != bias)
        throw weights_error(f.path() + ": the experts of an MoE are one declaration (rule 6): '" +
                            name(bias ? 0 : e, part, ".bias") + "' has a bias, '" + name(bias ? e : 0, part, ".bias") +
                            "' none");
    }
  }
}

// Reads quantized weights as stored into `l` when the file reads quantized blocks (a GGUF's) and
// the columns fall on whole blocks; says whether it did.
template<TensorFile File>
bool read_quantized([[maybe_unused]] const File& f, [[maybe_unused]] const io::tensor_info& t,
                    [[maybe_unused]] std::int64_t r0, [[maybe_unused]] std::int64_t r1,
                    [[maybe_unused]] std::int64_t c0, [[maybe_unused]] std::int64_t c1, [[maybe_unused]] dyn_linear& l)
{
  if constexpr (requires { f.read_quant_block(t, r0, r1, c0, c1); }) {
    for (const auto& i : weight_dtypes)
      if (i.format && t.dtype == i.format->name) {
        if (c0 % i.format->block != 0 || c1 % i.format->block != 0) return false;
        l.weight_q = f.read_quant_block(t, r0, r1, c0, c1);
        l.dtype = i.dtype;
        return true;
      }
  }
  return false;
}

}  // namespace detail

/// The projection `name` (`.weight` `[out, in]`, and `.bias` when the file has one and the slice
/// reads it), checked to be `[out, in]`, or its slice `s`; 16-bit weights kept as stored, and GGUF
/// Q8_0, Q4_0, Q4_K and Q6_K ones too when the slice falls on whole blocks (read as f32 otherwise).
template<TensorFile File>
dyn_linear load_linear(const File& f, const std::string& name, const dyn_dim& in, const dyn_dim& out, slice s = {})
{
  const std::int64_t o1 = s.out_end < 0 ? out.extent : s.out_end, i1 = s.in_end < 0 ? in.extent : s.in_end;
  dyn_linear l;
  l.in = static_cast<std::size_t>(i1 - s.in_begin);
  l.out = static_cast<std::size_t>(o1 - s.out_begin);
  const auto& t = detail::require_shape(f, name + ".weight", {out, in});
  if (detail::read_quantized(f, t, s.out_begin, o1, s.in_begin, i1, l)) {
    // kept as stored
  } else if (t.dtype == "BF16" || t.dtype == "F16") {
    l.weight16 = f.read_u16_block(t, s.out_begin, o1, s.in_begin, i1);
    l.dtype = t.dtype == "BF16" ? weight_dtype::bf16 : weight_dtype::f16;
  } else {
    l.weight = f.read_f32_block(t, s.out_begin, o1, s.in_begin, i1);
  }
  l.bias_in_file = f.find(name + ".bias") != nullptr;
  if (l.bias_in_file && s.bias)
    l.bias = f.read_f32_block(detail::require_shape(f, name + ".bias", {out}), 0, 1, s.out_begin, o1);
  return l;
}

/// The FFN under `prefix` (`q`'s names and variant): the part rank `sp` holds when tensor-parallel.
/// Its widths are `d` when given, else the up projection's; everything else is checked against them.
template<TensorFile File>
dyn_ffn load_ffn(const File& f, const std::string& prefix, const load_request& q,
                 std::optional<dyn_dim> d = std::nullopt, const rank_split& sp = {})
{
  const auto& up = detail::require_matrix(f, prefix + q.names.up + ".weight", "[d_ff, d_model]");
  const dyn_dim dm = d ? *d : dyn_dim{"d_model", q.d.value_or(up.shape[1])};
  const dyn_dim dff{"d_ff", q.dff.value_or(up.shape[0])};
  detail::require_shape(f, up.name, {dff, dm});  // the widths asked for, before any split of them
  const ffn_slices part = tp_slices(dff.extent, sp);
  dyn_ffn out;
  out.variant = q.variant;
  out.up = load_linear(f, prefix + q.names.up, dm, dff, part.gate_up);
  if (q.variant.gated) out.gate = load_linear(f, prefix + q.names.gate, dm, dff, part.gate_up);
  out.down = load_linear(f, prefix + q.names.down, dff, dm, part.down);
  return out;
}

/// The FFN or MoE `q` asks for, or the part rank `sp` holds of it. Throws `weights_error` for a
/// missing tensor or a shape the rules refuse, `shape_error` for a top_k rule 6 refuses,
/// `split_error` for a split the widths do not allow, and the file's own error for bytes it
/// cannot read.
template<TensorFile File>
dyn_model load_model(const File& f, const load_request& q, const rank_split& sp = {})
{
  detail::refuse_gguf(f);
  dyn_model m;
  m.moe = q.moe;
  if (q.moe) {
    const auto& r = detail::require_matrix(f, q.prefix + q.names.router + ".weight", "[experts, d_model]");
    const dyn_dim d{"d_model", q.d.value_or(r.shape[1])}, n{"experts", q.experts.value_or(r.shape[0])};
    detail::require_shape(f, r.name, {n, d});
    model_description{q.variant, d, {"d_ff", 1}, n.extent, q.top_k}.check_top_k();
    m.total_experts = static_cast<std::size_t>(n.extent);
    const auto [first, last] = ep_range(n.extent, sp);
    m.first_expert = static_cast<std::size_t>(first);
    m.router = load_linear(f, q.prefix + q.names.router, d, n);
    detail::refuse_unlike_experts(f, q, m.total_experts);
    for (auto e = first; e < last; ++e)
      m.experts.push_back(load_ffn(f, q.prefix + q.names.experts + std::to_string(e) + ".", q, d, sp));
    m.top_k = static_cast<std::size_t>(q.top_k);
  } else {
    m.experts.push_back(load_ffn(f, q.prefix, q, std::nullopt, sp));
  }
  m.full_dff = m.experts.front().up.out * static_cast<std::size_t>(sp.tp);
  return m;
}

/// The names of the tensors `m` was read from by `q` (with the other expert-parallel ranks'
/// experts: the same names as this rank's).
inline std::set<std::string> names_read(const dyn_model& m, const load_request& q)
{
  std::set<std::string> names;
  auto add = [&](const std::string& name, const dyn_linear& l) {
    names.insert(name + ".weight");
    if (l.bias_in_file) names.insert(name + ".bias");
  };
  auto add_ffn = [&](const std::string& p, const dyn_ffn& e) {
    if (e.variant.gated) add(p + q.names.gate, e.gate);
    add(p + q.names.up, e.up);
    add(p + q.names.down, e.down);
  };
  if (!m.moe) {
    add_ffn(q.prefix, m.experts.front());
  } else {
    add(q.prefix + q.names.router, m.router);
    for (std::size_t e = 0; e < m.total_experts; ++e)
      add_ffn(q.prefix + q.names.experts + std::to_string(e) + ".",
              e >= m.first_expert && e - m.first_expert < m.experts.size() ? m.experts[e - m.first_expert]
                                                                           : m.experts.front());
  }
  return names;
}

/// The tensors under `q.prefix` that `m` was not read from, sorted.
template<TensorFile File>
std::vector<std::string> unread_tensors(const File& f, const dyn_model& m, const load_request& q)
{
  const std::set<std::string> read = names_read(m, q);
  std::vector<std::string> unread;
  for (const auto& t : f.tensors()) {
    const std::string& name = detail::name_of(t);
    if (name.rfind(q.prefix, 0) == 0 && !read.contains(name)) unread.push_back(name);
  }
  std::sort(unread.begin(), unread.end());
  return unread;
}

/// Why the tensor `name` under `q.prefix` was not read by `m`, in words a user can act on.
inline std::string unread_reason(const std::string& name, const dyn_model& m, const load_request& q)
{
  std::string gated;
  for (const auto& v : all_variants)
    if (v.gated) gated += (gated.empty() ? "" : ", ") + std::string(v.name);
  const std::string rest = name.substr(std::min(name.size(), q.prefix.size()));
  const std::string experts = q.names.experts, gate = q.names.gate + ".";
  const bool expert = rest.rfind(experts, 0) == 0;
  if (expert || rest.rfind(q.names.router + ".", 0) == 0) {
    if (!q.moe) return "experts and a router are read by an MoE";
    if (expert) {
      const std::string rest_of = rest.substr(experts.size());
      const std::size_t dot = rest_of.find('.');
      std::size_t index = m.total_experts;  // not a number: not one of the router's experts either
      if (dot != std::string::npos && dot > 0 && dot < 10 &&
          std::all_of(rest_of.begin(), rest_of.begin() + static_cast<std::ptrdiff_t>(dot),
                      [](char c) { return c >= '0' && c <= '9'; }))
        index = static_cast<std::size_t>(std::stoull(rest_of.substr(0, dot)));
      if (index >= m.total_experts)
        return "the router has " + std::to_string(m.total_experts) + " experts, " + experts + "0 to " + experts +
               std::to_string(m.total_experts - 1);
      if (rest_of.rfind(gate, dot + 1) == dot + 1)
        return q.names.gate + " is read by the gated experts (" + gated + ")";
      return "the experts' variant, " + std::string(q.variant.name) + ", reads no tensor of that name";
    }
  }
  if (q.moe) return "an MoE of " + std::string(q.variant.name) + " experts reads no tensor of that name";
  if (rest.rfind(gate, 0) == 0) return q.names.gate + " is read by the gated variants (" + gated + ")";
  return "the variant " + std::string(q.variant.name) + " reads no tensor of that name";
}

/// Throws `weights_error` naming the tensors under `q.prefix` that `m` did not read (the first 8,
/// each with `unread_reason`), where `asked` is what read it ("--variant relu"): a dense variant
/// over a gated checkpoint would otherwise drop its gate and compute another function.
template<TensorFile File>
void refuse_unread(const File& f, const dyn_model& m, const load_request& q, const std::string& asked)
{
  const auto unread = unread_tensors(f, m, q);
  if (unread.empty()) return;
  std::string message = f.path() + ": " + std::to_string(unread.size()) + " tensor" + (unread.size() == 1 ? "" : "s") +
                        " under the prefix '" + q.prefix + "' that " + asked +
                        " does not read; refusing to ignore them:";
  for (std::size_t i = 0; i < std::min<std::size_t>(unread.size(), 8); ++i)
    message += "\n  " + unread[i] + ": " + unread_reason(unread[i], m, q);
  if (unread.size() > 8) message += "\n  ... and " + std::to_string(unread.size() - 8) + " more";
  throw weights_error(message);
}

/// The request for layer `layer`'s FFN or MoE of the model `r` describes, in its family's names,
/// under the checkpoint's `prefix` (`check_report::prefix`, e.g. "model."), with the config's
/// widths. Throws `weights_error` for a layer the model lacks, and for what the run-time model
/// does not run: GPT-2's Conv1D and Phi-3's fused gate_up layouts, BERT and T5, gpt-oss's clamped
/// SwiGLU, shared experts and router biases.
inline load_request layer_ffn(const io::read_config& r, extent_t layer, const std::string& prefix = "model.")
{
  const auto& c = r.config;
  const auto& f = c.ffn;
  if (layer < 0 || layer >= c.layers)
    throw weights_error(r.name + " has " + std::to_string(c.layers) + " layers, 0 to " + std::to_string(c.layers - 1) +
                        "; no layer " + std::to_string(layer));
  if (r.family == "gpt_oss")
    throw weights_error(
        "gpt_oss: its experts run a clamped SwiGLU ((up + 1)·gate·sigmoid(1.702·gate), gate and up clamped) over gate "
        "and up fused and interleaved, with biases, behind a router with biases: the run-time model does not run it "
        "yet");
  for (const char* other : {"gpt2", "bert", "t5", "phi3"})
    if (r.family == other)
      throw weights_error(r.family + ": the run-time model reads FFNs in LLaMA's layout; " + r.family +
                          "'s is not read yet");
  const auto v = find_variant(f.variant);
  if (!v) throw weights_error(r.family + ": no variant '" + std::string(f.variant) + "'");
  load_request q;
  q.variant = *v;
  q.d = c.d_model;
  q.prefix = prefix + "layers." + std::to_string(layer) + ".mlp.";
  if (!models::is_moe_layer(c, layer)) {
    q.dff = f.experts > 0 && f.dense_d_ff > 0 ? f.dense_d_ff : f.d_ff;
    return q;
  }
  if (f.shared_experts > 0 || f.router_bias || f.shared_expert_gate)
    throw weights_error(r.family + ": layer " + std::to_string(layer) +
                        " is an MoE with shared experts or a router bias, which the run-time model does not run yet");
  if (!r.top_k_renormalized)
    throw weights_error(r.family +
                        ": norm_topk_prob is false: its top-k weights are the softmax over every expert, "
                        "and the run-time model's routing renormalises them over the top k (as Mixtral's)");
  q.moe = true;
  q.top_k = f.top_k;
  q.experts = f.experts;
  q.dff = f.d_ff;
  q.names.router = "gate";
  if (r.family == "mixtral") {
    q.prefix = prefix + "layers." + std::to_string(layer) + ".block_sparse_moe.";
    q.names.gate = "w1";
    q.names.up = "w3";
    q.names.down = "w2";
  }
  return q;
}

/// The same, with the layer as text (a command line's argument), refused unless it is a number.
inline load_request layer_ffn(const io::read_config& r, std::string_view layer, const std::string& prefix = "model.")
{
  extent_t n = 0;
  const auto [end, ec] = std::from_chars(layer.data(), layer.data() + layer.size(), n);
  if (layer.empty() || ec != std::errc{} || end != layer.data() + layer.size())
    throw weights_error("layer '" + std::string(layer) + "': not a layer number (" + r.name + " has layers 0 to " +
                        std::to_string(r.config.layers - 1) + ")");
  return layer_ffn(r, n, prefix);
}

}  // namespace shapeproof::runtime

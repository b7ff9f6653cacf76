// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief An FFN or MoE whose widths are known at run time: from a file, a config.json or options.
 *
 * `dyn_model` is the run-time twin of `weights<Spec>`: the same projections, stored as PyTorch
 * stores them (`[out, in]`, f32 or kept in bf16/f16 as stored), run by the same kernels through
 * the same views (`detail::linear_view`, `detail::ffn_view`) and the same `workspace`. Its widths
 * are checked when it is built (`runtime/load.hpp`, `runtime/synthetic.hpp`) by the rules the
 * types prove at compile time, with the same phrases; `forward` checks its input's width.
 *
 * A rank of a sharded run holds a slice (`runtime/split.hpp`): its own gate/up outputs and down
 * inputs (tensor-parallel), or its own experts (expert-parallel). `parallel/forward.hpp` runs it.
 */

#include <shapeproof/core/dyn_shape.hpp>
#include <shapeproof/core/rules.hpp>
#include <shapeproof/runtime/forward.hpp>
#include <shapeproof/variants/formulas.hpp>
#include <shapeproof/variants/registry.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace shapeproof::runtime {

using detail::weight_dtype;

/// A weight dtype's name, as `run --dtype` takes it, and its GGUF block format when quantized.
struct weight_dtype_info {
  weight_dtype dtype;
  const char* name;
  const io::quant_format* format;
};
inline constexpr std::array<weight_dtype_info, 7> weight_dtypes{{{weight_dtype::f32, "f32", nullptr},
                                                                 {weight_dtype::bf16, "bf16", nullptr},
                                                                 {weight_dtype::f16, "f16", nullptr},
                                                                 {weight_dtype::q8_0, "q8_0", &io::q8_0_format},
                                                                 {weight_dtype::q4_0, "q4_0", &io::q4_0_format},
                                                                 {weight_dtype::q4_k, "q4_k", &io::q4_k_format},
                                                                 {weight_dtype::q6_k, "q6_k", &io::q6_k_format}}};

inline const weight_dtype_info& info_of(weight_dtype t)
{
  return *std::find_if(weight_dtypes.begin(), weight_dtypes.end(), [&](const auto& i) { return i.dtype == t; });
}
/// "f32", "bf16", "f16", "q8_0", "q4_0", "q4_k" or "q6_k".
inline const char* dtype_name(weight_dtype t) { return info_of(t).name; }
/// The dtype `dtype_name` names, or `std::invalid_argument` listing them.
inline weight_dtype weight_dtype_named(std::string_view name)
{
  std::string names;
  for (const auto& i : weight_dtypes) {
    if (name == i.name) return i.dtype;
    names += (names.empty() ? "" : ", ") + std::string(i.name);
  }
  throw std::invalid_argument("no weight dtype '" + std::string(name) + "': one of " + names);
}

/// Whether `pack_panels` keeps the weights as stored beside their panels (`keep`: every kernel and
/// `store_in_out` can still use them) or frees them (`release`: half the memory, and only the panel
/// GEMM runs the projection); likewise GGUF's blocks beside their strips (`pack_strips`).
enum class stored_copy { keep, release };

/// A projection: f32 weights in `weight`, 16-bit ones kept as stored in `weight16`, or GGUF
/// blocks kept as stored in `weight_q` (each row `in / block` blocks of `dtype`'s format); the bias is f32.
struct dyn_linear {
  std::vector<float> weight, bias;
  std::vector<std::uint16_t> weight16;
  std::vector<unsigned char> weight_q;
  weight_dtype dtype = weight_dtype::f32;
  std::size_t in = 0, out = 0;
  std::vector<float> weight_in_out;     ///< f32 weights again, `[in, out]`, after `store_in_out()`
  std::vector<float> panels;            ///< f32 weights again, in panels, after `pack_panels()`
  std::vector<std::uint16_t> panels16;  ///< 16-bit weights again, in panels, after `pack_panels()`
  detail::strip_buffer strips;          ///< GGUF blocks again, in strips of 16 outputs, after `pack_strips()`
  bool bias_in_file = false;            ///< read or not: a row-parallel bias is read by one rank only

  detail::linear_view view() const
  {
    return {weight.data(),
            bias.empty() ? nullptr : bias.data(),
            in,
            out,
            weight16.empty() ? nullptr : weight16.data(),
            dtype,
            weight_in_out.empty() ? nullptr : weight_in_out.data(),
            weight_q.empty() ? nullptr : weight_q.data(),
            panels_data(),
            strips.empty() ? nullptr : strips.data()};
  }
  /// The panels of this dtype, or null.
  const void* panels_data() const
  {
    if (dtype == weight_dtype::f32) return panels.empty() ? nullptr : panels.data();
    return panels16.empty() ? nullptr : panels16.data();
  }
  /// The bytes a pass reads: the panels when there are any (the last one's padding included), else
  /// the weights as stored; and the bias.
  double bytes() const
  {
    const std::size_t weights = panels_data() ? panels.size() * sizeof(float) + panels16.size() * 2
                                : weight_q.empty() && !strips.empty()
                                    ? strips.size()
                                    : weight.size() * sizeof(float) + weight16.size() * 2 + weight_q.size();
    return static_cast<double>(weights + bias.size() * sizeof(float));
  }
  bool empty() const
  {
    return weight.empty() && weight16.empty() && weight_q.empty() && panels.empty() && panels16.empty() &&
           strips.empty();
  }
  /// Keeps a second copy of f32 weights `[in, out]` (see `linear_weights::store_in_out`).
  void store_in_out()
  {
    if (dtype != weight_dtype::f32 || weight.empty()) return;
    weight_in_out.resize(weight.size());
    detail::transpose(weight.data(), out, in, weight_in_out.data());
  }
  /// Repacks f32 or 16-bit weights in panels (`detail::pack_panels`), which every number of rows
  /// then runs over, and keeps or frees the weights as stored; GGUF blocks are left as they are.
  void pack_panels(stored_copy stored = stored_copy::keep)
  {
    if (dtype == weight_dtype::f32 && !weight.empty())
      panels = detail::pack_panels(weight.data(), in, out);
    else if (!weight16.empty())
      panels16 = detail::pack_panels(weight16.data(), in, out);
    else
      return;
    if (stored == stored_copy::release) {
      std::vector<float>().swap(weight);
      std::vector<float>().swap(weight_in_out);
      std::vector<std::uint16_t>().swap(weight16);
    }
  }
  /// Repacks GGUF blocks in strips of 16 outputs (`detail::pack_strips`), which the integer path
  /// runs over for any number of rows, and keeps or frees the blocks as stored: freed, the
  /// projection runs the integer path alone (x in f32 throws `std::logic_error`). Other dtypes are
  /// left as they are.
  void pack_strips(stored_copy stored = stored_copy::keep)
  {
    if (!detail::is_quantized(dtype) || weight_q.empty()) return;
    detail::with_quant_blocks(
        dtype, [&]<class Q>(Q) { strips = detail::pack_strips<typename Q::dtype>(weight_q.data(), in, out); });
    if (stored == stored_copy::release) std::vector<unsigned char>().swap(weight_q);
  }
};

/// A dense or gated FFN: `gate` is empty when the variant is not gated.
struct dyn_ffn {
  variant_info variant;
  dyn_linear gate, up, down;

  detail::ffn_view view() const
  {
    detail::ffn_view v;
    v.activation = detail::kind_of(variant.activation);
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
  void pack_panels(stored_copy stored = stored_copy::keep)
  {
    if (variant.gated) gate.pack_panels(stored);
    up.pack_panels(stored);
    down.pack_panels(stored);
  }
  /// Each projection's GGUF blocks also kept in strips (`dyn_linear::pack_strips`).
  void pack_strips(stored_copy stored = stored_copy::keep)
  {
    if (variant.gated) gate.pack_strips(stored);
    up.pack_strips(stored);
    down.pack_strips(stored);
  }
  bool all_f32() const
  {
    return gate.dtype == weight_dtype::f32 && up.dtype == weight_dtype::f32 && down.dtype == weight_dtype::f32;
  }
};

/// What a run-time-sized FFN or MoE is, before it has weights: checked by `check()`.
struct model_description {
  variant_info variant;  ///< the FFN's, or each expert's
  dyn_dim d{"d_model", 0}, dff{"d_ff", 0};
  extent_t experts = 0;  ///< 0: a plain FFN
  extent_t top_k = 0;    ///< an MoE's experts per token

  bool moe() const { return experts > 0; }
  /// Throws `shape_error` for a width below 1, negative experts, a top_k without experts, or a
  /// top_k rule 6 refuses.
  void check() const
  {
    for (const dyn_dim* w : {&d, &dff})
      if (w->extent < 1) throw shape_error(w->name + " must be positive, not " + std::to_string(w->extent));
    if (experts < 0) throw shape_error("experts must be 0 (a plain FFN) or more, not " + std::to_string(experts));
    if (!moe() && top_k != 0)
      throw shape_error("top_k " + std::to_string(top_k) + " is an MoE's, and this has no experts");
    check_top_k();
  }
  void check_top_k() const
  {
    if (moe() && (top_k < 1 || top_k > experts))
      throw shape_error(std::string(SHAPEPROOF_RULE_6_MESSAGE) + ": top_k " + std::to_string(top_k) + " with " +
                        std::to_string(experts) + " experts");
  }
};

/// The FFN (one expert) or the MoE (a router and experts) of one layer, or the slice a rank holds.
struct dyn_model {
  bool moe = false;
  std::vector<dyn_ffn> experts;  ///< the FFN itself when not an MoE; an expert-parallel rank's own
  dyn_linear router;             ///< an MoE's
  std::size_t top_k = 0;
  std::size_t first_expert = 0;   ///< the global index of experts[0] (expert-parallel)
  std::size_t total_experts = 0;  ///< every rank's (an MoE)
  std::size_t full_dff = 0;       ///< the whole d_ff (tensor-parallel ranks hold a slice)

  std::size_t d() const { return experts.front().up.in; }
  std::size_t dff() const { return full_dff; }

  /// y[rows, d] = the FFN (or MoE) of x[rows, d]: this rank's part of it when sharded (partial
  /// sums under tensor parallelism). An MoE leaves the experts its routing hit in `ws.experts_hit()`.
  void forward(const float* x, std::size_t rows, float* y, workspace& ws) const
  {
    if (!moe) return detail::ffn_rows(experts.front().view(), x, rows, y, ws);
    detail::moe_rows(
        router.view(), experts.size(), top_k, [&](std::size_t e) { return experts[e].view(); }, 0,
        [&](std::size_t) { return detail::ffn_view{}; }, x, rows, y, ws);
  }
  /// The same on a `[tokens, d_model]` tensor, whose width is checked (rule 4).
  xt::xtensor<float, 2> forward(const xt::xtensor<float, 2>& x, workspace& ws) const
  {
    if (x.shape()[1] != d())
      throw shape_error(SHAPEPROOF_RULE_4_MESSAGE ": the input's last dimension is " + std::to_string(x.shape()[1]) +
                        ", the weights' d_model (" + std::to_string(d()) + ")");
    xt::xtensor<float, 2> y = xt::zeros<float>({x.shape()[0], d()});
    forward(x.data(), x.shape()[0], y.data(), ws);
    return y;
  }
  xt::xtensor<float, 2> forward(const xt::xtensor<float, 2>& x) const
  {
    workspace ws;
    return forward(x, ws);
  }

  /// The bytes a pass reads: every weight of a dense FFN; the router and the experts hit of an MoE.
  double bytes_read(std::size_t experts_hit) const
  {
    const double expert_bytes = experts.front().bytes();
    if (!moe) return expert_bytes;
    return router.bytes() + expert_bytes * static_cast<double>(experts_hit);
  }
  /// The dtype of the FFN's (or the experts') weights, as a word: `dtype_name`'s, or "mixed".
  std::string dtype() const
  {
    std::set<std::string> seen;
    for (const auto& e : experts)
      for (const dyn_linear* l : {&e.gate, &e.up, &e.down})
        if (!l->empty()) seen.insert(dtype_name(l->dtype));
    return seen.size() == 1 ? *seen.begin() : "mixed";
  }
  /// Whether any projection is in GGUF's quantized blocks.
  bool quantized() const
  {
    for (const auto& e : experts)
      for (const dyn_linear* l : {&e.gate, &e.up, &e.down})
        if (!l->empty() && detail::is_quantized(l->dtype)) return true;
    return false;
  }
  /// FLOPs per token, as the spec types count matmuls (active experts only for an MoE).
  double matmul_flops_per_token() const
  {
    const auto ex = static_cast<extent_t>(total_experts), k = static_cast<extent_t>(top_k);
    const auto d_ = static_cast<extent_t>(d()), dff_ = static_cast<extent_t>(dff());
    const cost::flops per_expert = formula::ffn_matmul_flops(d_, dff_, experts.front().variant.gated);
    return static_cast<double>((moe ? per_expert * k + formula::linear_matmul_flops(d_, ex) : per_expert).value());
  }
  /// Every expert's f32 weights also kept `[in, out]`.
  void store_in_out()
  {
    for (auto& e : experts) e.store_in_out();
  }
  /// Every expert's f32 or 16-bit weights also kept in panels (`dyn_linear::pack_panels`).
  void pack_panels(stored_copy stored = stored_copy::keep)
  {
    for (auto& e : experts) e.pack_panels(stored);
  }
  /// Every expert's GGUF blocks also kept in strips (`dyn_linear::pack_strips`), for the integer path.
  void pack_strips(stored_copy stored = stored_copy::keep)
  {
    for (auto& e : experts) e.pack_strips(stored);
  }
};

/// The seconds of the bare GEMM chain on `f`'s shapes (two or three sgemm calls over the f32
/// weights as stored, and over `[in, out]` when kept so; the fastest of three): what a pass is
/// compared with.
inline double bare_chain_seconds(const dyn_ffn& f, const float* x, std::size_t rows)
{
  if (f.up.weight.empty())
    throw std::invalid_argument("bare_chain_seconds: the FFN's f32 weights as stored were released by pack_panels");
  std::vector<float> g(rows * f.up.out), u(rows * f.up.out), y(rows * f.up.in);
  const bool both = !f.up.weight_in_out.empty();
  double best = 1e30;
  for (int rep = 0; rep < 3; ++rep) {
    for (const bool in_out : {false, true}) {
      if (in_out && !both) continue;
      auto product = [&](const float* a, std::size_t in, const dyn_linear& l, float* out) {
        if (in_out)
          detail::sgemm_xw(a, rows, in, l.weight_in_out.data(), l.out, out);
        else
          detail::sgemm_xwt(a, rows, in, l.weight.data(), l.out, out);
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

}  // namespace shapeproof::runtime

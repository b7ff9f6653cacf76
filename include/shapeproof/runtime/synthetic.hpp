// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief Synthetic weights for a run-time-sized FFN or MoE, made as the typed ones are.
 *
 * `make_model(description, seed, dtype, split)` fills each projection as
 * `linear_weights::init` does (PyTorch's `nn.Linear` default, uniform in ±1/√in, from the
 * counter-based generator keyed by the seed and the tensor's name), so that the same description
 * and seed give the same bits as `weights<Spec>::init`. A rank makes only its slice, each value
 * from its index in the whole tensor: the ranks' slices together are the single process's weights.
 */

#include <shapeproof/io/safetensors.hpp>
#include <shapeproof/runtime/dyn_model.hpp>
#include <shapeproof/runtime/split.hpp>
#include <shapeproof/runtime/weights.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace shapeproof::runtime {

/// The projection called `name`, `[out, in]`, or the slice `s` of it; rounded to `dtype`.
inline dyn_linear make_linear(const std::string& name, std::size_t in, std::size_t out, std::uint64_t seed,
                              weight_dtype dtype = weight_dtype::f32, slice s = {})
{
  const auto o0 = static_cast<std::size_t>(s.out_begin), i0 = static_cast<std::size_t>(s.in_begin);
  const std::size_t o1 = s.out_end < 0 ? out : static_cast<std::size_t>(s.out_end);
  const std::size_t i1 = s.in_end < 0 ? in : static_cast<std::size_t>(s.in_end);
  dyn_linear l;
  l.in = i1 - i0;
  l.out = o1 - o0;
  l.weight.resize(l.in * l.out);
  const std::uint64_t stream = detail::stream_of(name + ".weight");
  const float bound = 1.0f / std::sqrt(static_cast<float>(in));
  for (std::size_t o = o0; o < o1; ++o)
    for (std::size_t i = i0; i < i1; ++i)
      l.weight[(o - o0) * l.in + (i - i0)] = detail::uniform(seed, stream, o * in + i, bound);
  if (const auto* q = info_of(dtype).format) {  // quantized as a GGUF file stores them: blocks along `in`
    const auto block = static_cast<std::size_t>(q->block);
    if (i0 % block != 0 || l.in % block != 0)
      throw shape_error(name + ": " + dtype_name(dtype) + " stores each row in blocks of " + std::to_string(block) +
                        " weights; its " +
                        (i0 % block != 0
                             ? "slice starts at column " + std::to_string(i0)
                             : "width " + std::to_string(l.in) + " is not a multiple of " + std::to_string(block)));
    l.weight_q = io::quantize(*q, l.weight);
    std::vector<float>().swap(l.weight);
    l.dtype = dtype;
  } else if (dtype != weight_dtype::f32) {
    l.weight16.resize(l.weight.size());
    for (std::size_t i = 0; i < l.weight.size(); ++i)
      l.weight16[i] = dtype == weight_dtype::bf16 ? io::float_to_bf16(l.weight[i]) : io::float_to_f16(l.weight[i]);
    std::vector<float>().swap(l.weight);
    l.dtype = dtype;
  }
  return l;
}

/// The FFN whose tensors are named `prefix` + `gate_proj`, `up_proj`, `down_proj`: the part rank
/// `sp` holds under tensor parallelism.
inline dyn_ffn make_ffn(const std::string& prefix, const variant_info& v, std::size_t d, std::size_t dff,
                        std::uint64_t seed, weight_dtype dtype = weight_dtype::f32, const rank_split& sp = {})
{
  const ffn_slices part = tp_slices(static_cast<std::int64_t>(dff), sp);
  dyn_ffn f;
  f.variant = v;
  if (v.gated) f.gate = make_linear(prefix + "gate_proj", d, dff, seed, dtype, part.gate_up);
  f.up = make_linear(prefix + "up_proj", d, dff, seed, dtype, part.gate_up);
  f.down = make_linear(prefix + "down_proj", dff, d, seed, dtype, part.down);
  return f;
}

/// The FFN or MoE `desc` describes (checked first), with synthetic weights; an MoE's experts are
/// `experts.{e}.`, its router `router` (kept in f32: small, and routing is where precision
/// matters). Throws `shape_error` for a description the rules refuse, `split_error` for a split.
inline dyn_model make_model(const model_description& desc, std::uint64_t seed, weight_dtype dtype = weight_dtype::f32,
                            const rank_split& sp = {})
{
  desc.check();
  const auto d = static_cast<std::size_t>(desc.d.extent), dff = static_cast<std::size_t>(desc.dff.extent);
  dyn_model m;
  m.moe = desc.moe();
  if (m.moe) {
    m.total_experts = static_cast<std::size_t>(desc.experts);
    m.top_k = static_cast<std::size_t>(desc.top_k);
    const auto [first, last] = ep_range(desc.experts, sp);
    m.first_expert = static_cast<std::size_t>(first);
    m.router = make_linear("router", d, m.total_experts, seed);
    for (auto e = first; e < last; ++e)
      m.experts.push_back(make_ffn("experts." + std::to_string(e) + ".", desc.variant, d, dff, seed, dtype, sp));
  } else {
    m.experts.push_back(make_ffn("", desc.variant, d, dff, seed, dtype, sp));
  }
  m.full_dff = m.experts.front().up.out * static_cast<std::size_t>(sp.tp);
  return m;
}

/// `[tokens, d]` values uniform in ±1 from `seed`: a synthetic input.
inline xt::xtensor<float, 2> synthetic_input(std::size_t tokens, std::size_t d, std::uint64_t seed)
{
  auto x = xt::xtensor<float, 2>::from_shape({tokens, d});
  std::uint64_t i = 0;
  for (auto& v : x) v = detail::uniform(seed, 99, i++, 1.0f);
  return x;
}

}  // namespace shapeproof::runtime

// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief The weights of a checked FFN spec: made deterministically, or loaded by name.
 *
 * `runtime::weights<swiglu<d_model, d_ff>>` holds `gate`, `up` and `down`, each stored as PyTorch
 * stores `nn.Linear.weight`: `[out, in]`, with an optional bias `[out]`. Their element count is
 * the spec's `params()` (tested). `init(seed)` fills them as PyTorch's `nn.Linear` does by default
 * (uniform in ±1/√in for weights and biases) from a counter-based generator: the same seed gives
 * the same bits on every run. `load(file, prefix)` reads them by name (the README's names:
 * `gate_proj.weight`, `up_proj.weight`, `down_proj.weight`, `.bias`; MoE: `router.weight`,
 * `experts.{e}.…`, `shared_experts.{e}.…`), every tensor checked against its typed shape.
 *
 * `weights<Spec, bf16>` and `weights<Spec, f16>` keep every projection's weights in 16 bits (half
 * the memory; the kernels convert them as they load them and accumulate in f32); biases stay f32.
 * Loading keeps a tensor stored in that dtype as it is, and rounds one stored otherwise to it.
 * `weights<Spec, q8_0>` (and `q4_0`, `q4_k`, `q6_k`) keep them in GGUF's blocks, quantized when made
 * or loaded from f32; a width that is not whole blocks does not compile.
 */

#include <shapeproof/cost/dtype.hpp>
#include <shapeproof/detail/splitmix.hpp>
#include <shapeproof/io/ggml_quant.hpp>
#include <shapeproof/io/safetensors.hpp>
#include <shapeproof/runtime/panel_gemm.hpp>
#include <shapeproof/runtime/tensor.hpp>
#include <shapeproof/variants/ffn_concepts.hpp>
#include <shapeproof/variants/linear.hpp>
#include <shapeproof/variants/moe.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace shapeproof::runtime {

/// A tensor a weight set lacks, or one whose shape is not the typed one.
class weights_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct no_bias {};

namespace detail {

using shapeproof::detail::stream_of;
using shapeproof::detail::uniform;

/// Fills `values` as the tensor called `name` is initialised under `seed`: uniform in ±`bound`.
template<typename Range>
void fill_uniform(Range& values, const std::string& name, std::uint64_t seed, float bound)
{
  const std::uint64_t stream = stream_of(name);
  std::uint64_t i = 0;
  for (auto& v : values) v = uniform(seed, stream, i++, bound);
}

template<Shape S>
tensor<S> init_tensor(const std::string& name, std::uint64_t seed, float bound)
{
  typename tensor<S>::extents_type extents{};
  for (std::size_t i = 0; i < S::rank; ++i) extents[i] = static_cast<std::size_t>(S::extents[i]);
  auto t = tensor<S>::zeros(name, extents);
  fill_uniform(t.data(), name, seed, bound);
  return t;
}

template<Shape S>
tensor<S> load_tensor(const io::safetensors_file& file, const std::string& name)
{
  const io::tensor_info* info = file.find(name);
  if (!info)
    throw weights_error(file.path() + ": no tensor '" + name + "' (expected " + to_string(to_dyn_shape<S>()) + ")");
  try {
    return tensor<S>::from_values(name, info->shape, file.read_f32(*info));
  } catch (const tensor_shape_error& e) {
    throw weights_error(file.path() + ": " + e.what());
  }
}

}  // namespace detail

/// GGUF's block types the kernels run as stored.
template<typename T>
concept BlockWeightDtype =
    std::same_as<T, q8_0> || std::same_as<T, q4_0> || std::same_as<T, q4_k> || std::same_as<T, q6_k>;

/// The element types weights can be kept in.
template<typename T>
concept WeightDtype = std::same_as<T, f32> || std::same_as<T, bf16> || std::same_as<T, f16> || BlockWeightDtype<T>;

/// The block format (`io/ggml_quant.hpp`) of a block type.
template<BlockWeightDtype T>
constexpr const io::quant_format& block_format()
{
  if constexpr (std::same_as<T, q8_0>)
    return io::q8_0_format;
  else if constexpr (std::same_as<T, q4_0>)
    return io::q4_0_format;
  else if constexpr (std::same_as<T, q4_k>)
    return io::q4_k_format;
  else
    return io::q6_k_format;
}

/// A projection's weights kept in 16 bits: the `[out, in]` values' bits, row-major, and the
/// shape they have (the type's).
template<Shape S, typename T>
struct weights16 {
  using shape_type = S;
  std::string name;
  std::vector<std::uint16_t> bits;
  std::size_t size() const { return bits.size(); }

  static std::uint16_t round(float v)
  {
    if constexpr (std::same_as<T, bf16>)
      return io::float_to_bf16(v);
    else
      return io::float_to_f16(v);
  }
  /// The f32 value of element `i` (exact).
  float value(std::size_t i) const
  {
    if constexpr (std::same_as<T, bf16>)
      return io::safetensors_file::bf16_to_float(bits[i]);
    else
      return io::safetensors_file::half_to_float(bits[i]);
  }
};

/// A projection's weights kept as GGUF stores them: each row of `[out, in]` is `in / block`
/// blocks of `T` (scales and packed integers, as ggml lays them out), which the kernels widen and
/// scale in registers. `in` must be whole blocks: 32 weights for q8_0 and q4_0, 256 for q4_k and q6_k.
template<Shape S, BlockWeightDtype T>
struct weights_blocks {
  /// The weights of a row: the input width.
  static constexpr std::size_t row = S::extents[S::rank - 1];
  static_assert(row % block_of<T> == 0,
                "weights kept in GGUF blocks: each row of [out, in] must be whole blocks (in a multiple of 32 "
                "for q8_0 and q4_0, of 256 for q4_k and q6_k)");
  using shape_type = S;
  std::string name;
  std::vector<unsigned char> blocks;
  /// The number of weights (not of bytes).
  std::size_t size() const { return static_cast<std::size_t>(size_v<S>); }
  /// Every weight as f32, dequantized as ggml dequantizes them.
  std::vector<float> values() const
  {
    std::vector<float> out(size());
    io::dequantize(block_format<T>(), blocks, out);
    return out;
  }
};

namespace detail {

template<Shape S, typename T>
weights16<S, T> rounded(const tensor<S>& t)
{
  weights16<S, T> w{t.name(), std::vector<std::uint16_t>(t.size())};
  std::size_t i = 0;
  for (const float v : t.data()) w.bits[i++] = weights16<S, T>::round(v);
  return w;
}

// A weight read in 16 bits: as stored when the file has that dtype, rounded from f32 otherwise.
template<Shape S, typename T>
weights16<S, T> load_weights16(const io::safetensors_file& file, const std::string& name)
{
  const io::tensor_info* info = file.find(name);
  const std::string stored = std::same_as<T, bf16> ? "BF16" : "F16";
  if (info && info->dtype == stored) {
    try {
      check_extents<S>(name, std::vector<std::size_t>(info->shape.begin(), info->shape.end()));
    } catch (const tensor_shape_error& e) {
      throw weights_error(file.path() + ": " + e.what());
    }
    return {name, file.read_u16(*info)};
  }
  return rounded<S, T>(load_tensor<S>(file, name));
}

/// dst[in, out] = src[out, in]ᵀ, a tile at a time (a 64 × 64 tile of each stays in L1).
inline void transpose(const float* src, std::size_t out, std::size_t in, float* dst)
{
  constexpr std::size_t tile = 64;
  for (std::size_t o0 = 0; o0 < out; o0 += tile)
    for (std::size_t i0 = 0; i0 < in; i0 += tile)
      for (std::size_t o = o0; o < std::min(out, o0 + tile); ++o)
        for (std::size_t i = i0; i < std::min(in, i0 + tile); ++i) dst[i * out + o] = src[o * in + i];
}

// A weight's storage for dtype T.
template<Shape S, typename T>
struct weight_storage {
  using type = weights16<S, T>;
};
template<Shape S>
struct weight_storage<S, f32> {
  using type = tensor<S>;
};
template<Shape S, BlockWeightDtype T>
struct weight_storage<S, T> {
  using type = weights_blocks<S, T>;
};

}  // namespace detail

/// A projection's weights, stored `[out, in]` (in f32, in 16 bits for `T` bf16 or f16, in GGUF's
/// blocks for q8_0, q4_0, q4_k and q6_k), and its bias `[out]` in f32 when it has one.
template<Linear L, WeightDtype T = f32>
struct linear_weights {
  using spec = L;
  using dtype = T;
  using weight_type = typename detail::weight_storage<typename L::storage_shape, T>::type;
  weight_type weight;
  std::conditional_t<L::has_bias, tensor<typename L::bias_shape>, no_bias> bias;
  /// The weights again, transposed: `[in, out]`, present after `store_in_out()` (f32 only).
  std::optional<xt::xtensor<float, 2>> weight_in_out = std::nullopt;
  /// The weights again, repacked in panels (`detail::pack_panels`), present after `pack_panels()`.
  std::vector<std::conditional_t<std::same_as<T, f32>, float, std::uint16_t>> panels{};

  /// Keeps a second copy of the weights (f32, bf16 or f16) repacked in panels for the project's
  /// own GEMM (`panel_gemm.hpp`), which every number of rows then runs over. Costs the weights'
  /// memory once more.
  void pack_panels() requires(!BlockWeightDtype<T>)
  {
    constexpr auto in = static_cast<std::size_t>(L::in::extent), out = static_cast<std::size_t>(L::out::extent);
    if constexpr (std::same_as<T, f32>)
      panels = detail::pack_panels(weight.data().data(), in, out);
    else
      panels = detail::pack_panels(weight.bits.data(), in, out);
  }

  /// Keeps a second copy of the weights stored `[in, out]`, which sgemm packs faster than
  /// `[out, in]` on every call: many rows then run over it (measured in bench/README.md), a few
  /// rows still stream `[out, in]`. Costs the weights' memory once more.
  void store_in_out() requires std::same_as<T, f32>
  {
    constexpr auto in = static_cast<std::size_t>(L::in::extent), out = static_cast<std::size_t>(L::out::extent);
    xt::xtensor<float, 2> t = xt::empty<float>(std::array<std::size_t, 2>{in, out});
    detail::transpose(weight.data().data(), out, in, t.data());
    weight_in_out = std::move(t);
  }

  /// PyTorch's `nn.Linear` default: weight and bias uniform in ±1/√in (the weight then rounded to `T`).
  static linear_weights init(const std::string& name, std::uint64_t seed)
  {
    const float bound = 1.0f / std::sqrt(static_cast<float>(L::in::extent));
    auto w = detail::init_tensor<typename L::storage_shape>(name + ".weight", seed, bound);
    if constexpr (L::has_bias)
      return {convert(std::move(w)), detail::init_tensor<typename L::bias_shape>(name + ".bias", seed, bound)};
    else
      return {convert(std::move(w)), {}};
  }

  static linear_weights load(const io::safetensors_file& file, const std::string& name)
  {
    if constexpr (L::has_bias)
      return {load_weight(file, name + ".weight"), detail::load_tensor<typename L::bias_shape>(file, name + ".bias")};
    else
      return {load_weight(file, name + ".weight"), {}};
  }

  std::int64_t element_count() const
  {
    std::int64_t n = static_cast<std::int64_t>(weight.size());
    if constexpr (L::has_bias) n += static_cast<std::int64_t>(bias.size());
    return n;
  }

private:
  static weight_type convert(tensor<typename L::storage_shape> w)
  {
    if constexpr (std::same_as<T, f32>)
      return w;
    else if constexpr (BlockWeightDtype<T>)
      return {w.name(), io::quantize(block_format<T>(), std::span<const float>(w.data().data(), w.size()))};
    else
      return detail::rounded<typename L::storage_shape, T>(w);
  }
  static weight_type load_weight(const io::safetensors_file& file, const std::string& name)
  {
    if constexpr (std::same_as<T, f32>)
      return detail::load_tensor<typename L::storage_shape>(file, name);
    else if constexpr (BlockWeightDtype<T>)  // a safetensors file holds no GGUF blocks: quantized as read
      return convert(detail::load_tensor<typename L::storage_shape>(file, name));
    else
      return detail::load_weights16<typename L::storage_shape, T>(file, name);
  }
};

template<typename Spec, WeightDtype T = f32>
struct weights;

/// A dense FFN's weights: `up_proj`, `down_proj`.
template<typename Spec, WeightDtype T>
  requires DenseFfn<Spec>
struct weights<Spec, T> {
  using spec = Spec;
  using dtype = T;
  linear_weights<typename Spec::up, T> up;
  linear_weights<typename Spec::down, T> down;

  static weights init(std::uint64_t seed, const std::string& prefix = "")
  {
    return {linear_weights<typename Spec::up, T>::init(prefix + "up_proj", seed),
            linear_weights<typename Spec::down, T>::init(prefix + "down_proj", seed)};
  }
  static weights load(const io::safetensors_file& file, const std::string& prefix = "")
  {
    return {linear_weights<typename Spec::up, T>::load(file, prefix + "up_proj"),
            linear_weights<typename Spec::down, T>::load(file, prefix + "down_proj")};
  }
  /// Each projection's weights also stored `[in, out]` (see `linear_weights::store_in_out`).
  void store_in_out() requires std::same_as<T, f32>
  {
    up.store_in_out();
    down.store_in_out();
  }
  /// Each projection's weights also kept in panels (see `linear_weights::pack_panels`).
  void pack_panels() requires(!BlockWeightDtype<T>)
  {
    up.pack_panels();
    down.pack_panels();
  }
  std::int64_t element_count() const { return up.element_count() + down.element_count(); }
};

/// A gated FFN's weights: `gate_proj`, `up_proj`, `down_proj`; `fuse()` also keeps gate|up as
/// one `[2·Dff, D]` matrix for a single GEMM.
template<typename Spec, WeightDtype T>
  requires GatedFfn<Spec>
struct weights<Spec, T> {
  using spec = Spec;
  using dtype = T;
  linear_weights<typename Spec::gate, T> gate;
  linear_weights<typename Spec::up, T> up;
  linear_weights<typename Spec::down, T> down;
  /// Gate's rows then up's: `[2·Dff, D]`, present after `fuse()` (f32 weights only).
  std::optional<xt::xtensor<float, 2>> fused_gate_up;

  static weights init(std::uint64_t seed, const std::string& prefix = "")
  {
    return {linear_weights<typename Spec::gate, T>::init(prefix + "gate_proj", seed),
            linear_weights<typename Spec::up, T>::init(prefix + "up_proj", seed),
            linear_weights<typename Spec::down, T>::init(prefix + "down_proj", seed), std::nullopt};
  }
  static weights load(const io::safetensors_file& file, const std::string& prefix = "")
  {
    return {linear_weights<typename Spec::gate, T>::load(file, prefix + "gate_proj"),
            linear_weights<typename Spec::up, T>::load(file, prefix + "up_proj"),
            linear_weights<typename Spec::down, T>::load(file, prefix + "down_proj"), std::nullopt};
  }
  /// Builds the fused gate|up matrix (its shape is `Spec::fused_gate_up::storage_shape`).
  void fuse() requires std::same_as<T, f32>
  {
    fused_gate_up = xt::concatenate(xt::xtuple(gate.weight.data(), up.weight.data()), 0);
  }
  /// Each projection's weights also stored `[in, out]` (see `linear_weights::store_in_out`); many
  /// rows then run gate and up apart over them rather than over the fused matrix.
  void store_in_out() requires std::same_as<T, f32>
  {
    gate.store_in_out();
    up.store_in_out();
    down.store_in_out();
  }
  /// Each projection's weights also kept in panels (see `linear_weights::pack_panels`); gate and up
  /// then run apart over them rather than over the fused matrix.
  void pack_panels() requires(!BlockWeightDtype<T>)
  {
    gate.pack_panels();
    up.pack_panels();
    down.pack_panels();
  }
  std::int64_t element_count() const { return gate.element_count() + up.element_count() + down.element_count(); }
};

/// An MoE's weights: `router`, `experts.{e}.…`, `shared_experts.{e}.…`.
template<typename Spec, WeightDtype T>
  requires MoeFfn<Spec>
struct weights<Spec, T> {
  using spec = Spec;
  using dtype = T;
  linear_weights<typename Spec::router, T> router;
  std::vector<weights<typename Spec::expert, T>> experts;
  std::vector<weights<typename Spec::shared_expert, T>> shared;

  static weights init(std::uint64_t seed, const std::string& prefix = "")
  {
    return assemble(linear_weights<typename Spec::router, T>::init(prefix + "router", seed), prefix,
                    [&]<typename W>(std::type_identity<W>, const std::string& p) { return W::init(seed, p); });
  }
  static weights load(const io::safetensors_file& file, const std::string& prefix = "")
  {
    return assemble(linear_weights<typename Spec::router, T>::load(file, prefix + "router"), prefix,
                    [&]<typename W>(std::type_identity<W>, const std::string& p) { return W::load(file, p); });
  }
  /// Every expert's weights also stored `[in, out]` (the router's few outputs do not need it).
  void store_in_out() requires std::same_as<T, f32>
  {
    for (auto& e : experts) e.store_in_out();
    for (auto& e : shared) e.store_in_out();
  }
  /// Every expert's weights also kept in panels (see `linear_weights::pack_panels`).
  void pack_panels() requires(!BlockWeightDtype<T>)
  {
    for (auto& e : experts) e.pack_panels();
    for (auto& e : shared) e.pack_panels();
  }
  std::int64_t element_count() const
  {
    std::int64_t n = router.element_count();
    for (const auto& e : experts) n += e.element_count();
    for (const auto& e : shared) n += e.element_count();
    return n;
  }

private:
  // The router, then each expert made by `make` under its name: `experts.{e}.`, `shared_experts.{e}.`.
  template<typename Make>
  static weights assemble(linear_weights<typename Spec::router, T> router, const std::string& prefix, Make make)
  {
    weights w{std::move(router), {}, {}};
    for (extent_t e = 0; e < Spec::experts; ++e)
      w.experts.push_back(
          make(std::type_identity<weights<typename Spec::expert, T>>{}, prefix + "experts." + std::to_string(e) + "."));
    for (extent_t e = 0; e < Spec::shared_experts; ++e)
      w.shared.push_back(make(std::type_identity<weights<typename Spec::shared_expert, T>>{},
                              prefix + "shared_experts." + std::to_string(e) + "."));
    return w;
  }
};

}  // namespace shapeproof::runtime

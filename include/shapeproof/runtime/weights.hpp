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
 */

#include <shapeproof/detail/splitmix.hpp>
#include <shapeproof/io/safetensors.hpp>
#include <shapeproof/runtime/tensor.hpp>
#include <shapeproof/variants/ffn_concepts.hpp>
#include <shapeproof/variants/linear.hpp>
#include <shapeproof/variants/moe.hpp>

#include <cmath>
#include <cstdint>
#include <optional>
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

using shapeproof::detail::splitmix64;

// Element i of stream `stream` under `seed`: uniform in [-bound, bound), the same bits everywhere.
inline float uniform(std::uint64_t seed, std::uint64_t stream, std::uint64_t i, float bound)
{
  const std::uint64_t r = splitmix64(splitmix64(seed ^ splitmix64(stream)) + i);
  const float unit = static_cast<float>(r >> 40) * 0x1.0p-24f;  // [0, 1), 24 bits
  return (2.0f * unit - 1.0f) * bound;
}

// A stable number for a tensor name, to pick its stream.
inline std::uint64_t stream_of(const std::string& name)
{
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (const char c : name) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h;
}

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

/// A projection's weights, stored `[out, in]`, and its bias `[out]` when it has one.
template<Linear L>
struct linear_weights {
  using spec = L;
  tensor<typename L::storage_shape> weight;
  std::conditional_t<L::has_bias, tensor<typename L::bias_shape>, no_bias> bias;

  /// PyTorch's `nn.Linear` default: weight and bias uniform in ±1/√in.
  static linear_weights init(const std::string& name, std::uint64_t seed)
  {
    const float bound = 1.0f / std::sqrt(static_cast<float>(L::in::extent));
    if constexpr (L::has_bias)
      return {detail::init_tensor<typename L::storage_shape>(name + ".weight", seed, bound),
              detail::init_tensor<typename L::bias_shape>(name + ".bias", seed, bound)};
    else
      return {detail::init_tensor<typename L::storage_shape>(name + ".weight", seed, bound), {}};
  }

  static linear_weights load(const io::safetensors_file& file, const std::string& name)
  {
    if constexpr (L::has_bias)
      return {detail::load_tensor<typename L::storage_shape>(file, name + ".weight"),
              detail::load_tensor<typename L::bias_shape>(file, name + ".bias")};
    else
      return {detail::load_tensor<typename L::storage_shape>(file, name + ".weight"), {}};
  }

  std::int64_t element_count() const
  {
    std::int64_t n = static_cast<std::int64_t>(weight.size());
    if constexpr (L::has_bias) n += static_cast<std::int64_t>(bias.size());
    return n;
  }
};

template<typename Spec>
struct weights;

/// A dense FFN's weights: `up_proj`, `down_proj`.
template<typename Spec>
  requires DenseFfn<Spec>
struct weights<Spec> {
  using spec = Spec;
  linear_weights<typename Spec::up> up;
  linear_weights<typename Spec::down> down;

  static weights init(std::uint64_t seed, const std::string& prefix = "")
  {
    return {linear_weights<typename Spec::up>::init(prefix + "up_proj", seed),
            linear_weights<typename Spec::down>::init(prefix + "down_proj", seed)};
  }
  static weights load(const io::safetensors_file& file, const std::string& prefix = "")
  {
    return {linear_weights<typename Spec::up>::load(file, prefix + "up_proj"),
            linear_weights<typename Spec::down>::load(file, prefix + "down_proj")};
  }
  std::int64_t element_count() const { return up.element_count() + down.element_count(); }
};

/// A gated FFN's weights: `gate_proj`, `up_proj`, `down_proj`; `fuse()` also keeps gate|up as
/// one `[2·Dff, D]` matrix for a single GEMM.
template<typename Spec>
  requires GatedFfn<Spec>
struct weights<Spec> {
  using spec = Spec;
  linear_weights<typename Spec::gate> gate;
  linear_weights<typename Spec::up> up;
  linear_weights<typename Spec::down> down;
  /// Gate's rows then up's: `[2·Dff, D]`, present after `fuse()`.
  std::optional<xt::xtensor<float, 2>> fused_gate_up;

  static weights init(std::uint64_t seed, const std::string& prefix = "")
  {
    return {linear_weights<typename Spec::gate>::init(prefix + "gate_proj", seed),
            linear_weights<typename Spec::up>::init(prefix + "up_proj", seed),
            linear_weights<typename Spec::down>::init(prefix + "down_proj", seed), std::nullopt};
  }
  static weights load(const io::safetensors_file& file, const std::string& prefix = "")
  {
    return {linear_weights<typename Spec::gate>::load(file, prefix + "gate_proj"),
            linear_weights<typename Spec::up>::load(file, prefix + "up_proj"),
            linear_weights<typename Spec::down>::load(file, prefix + "down_proj"), std::nullopt};
  }
  /// Builds the fused gate|up matrix (its shape is `Spec::fused_gate_up::storage_shape`).
  void fuse() { fused_gate_up = xt::concatenate(xt::xtuple(gate.weight.data(), up.weight.data()), 0); }
  std::int64_t element_count() const { return gate.element_count() + up.element_count() + down.element_count(); }
};

/// An MoE's weights: `router`, `experts.{e}.…`, `shared_experts.{e}.…`.
template<typename Spec>
  requires MoeFfn<Spec>
struct weights<Spec> {
  using spec = Spec;
  linear_weights<typename Spec::router> router;
  std::vector<weights<typename Spec::expert>> experts;
  std::vector<weights<typename Spec::shared_expert>> shared;

  static weights init(std::uint64_t seed, const std::string& prefix = "")
  {
    return assemble(linear_weights<typename Spec::router>::init(prefix + "router", seed), prefix,
                    [&]<typename W>(std::type_identity<W>, const std::string& p) { return W::init(seed, p); });
  }
  static weights load(const io::safetensors_file& file, const std::string& prefix = "")
  {
    return assemble(linear_weights<typename Spec::router>::load(file, prefix + "router"), prefix,
                    [&]<typename W>(std::type_identity<W>, const std::string& p) { return W::load(file, p); });
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
  static weights assemble(linear_weights<typename Spec::router> router, const std::string& prefix, Make make)
  {
    weights w{std::move(router), {}, {}};
    for (extent_t e = 0; e < Spec::experts; ++e)
      w.experts.push_back(
          make(std::type_identity<weights<typename Spec::expert>>{}, prefix + "experts." + std::to_string(e) + "."));
    for (extent_t e = 0; e < Spec::shared_experts; ++e)
      w.shared.push_back(make(std::type_identity<weights<typename Spec::shared_expert>>{},
                              prefix + "shared_experts." + std::to_string(e) + "."));
    return w;
  }
};

}  // namespace shapeproof::runtime

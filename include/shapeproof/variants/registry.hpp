// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief The variants by name, for what is only known at run time (a `config.json`, the CLI's
 * `--variant`): each name with its family and its activation's element-wise cost, taken from the
 * spec types so that the two cannot drift apart.
 */

#include <shapeproof/variants/activation.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace shapeproof {

/// A variant known by name.
struct variant_info {
  std::string_view name;
  bool gated = false;
  std::string_view activation;        ///< the activation's name (the gate's, for gated variants)
  std::int64_t activation_flops = 0;  ///< per hidden element
};

namespace detail {
template<typename Act>
constexpr variant_info variant_of(std::string_view name, bool gated)
{
  return {name, gated, Act::name, Act::flops_per_element};
}
}  // namespace detail

/// Every FFN variant, in the CLI's vocabulary (`moe` is a layer of experts of one of these).
inline constexpr std::array<variant_info, 10> all_variants{
    detail::variant_of<act::relu>("relu", false),           detail::variant_of<act::gelu>("gelu", false),
    detail::variant_of<act::gelu_tanh>("gelu_tanh", false), detail::variant_of<act::silu>("silu", false),
    detail::variant_of<act::sigmoid>("glu", true),          detail::variant_of<act::relu>("reglu", true),
    detail::variant_of<act::gelu>("geglu", true),           detail::variant_of<act::gelu_tanh>("geglu_tanh", true),
    detail::variant_of<act::silu>("swiglu", true),          detail::variant_of<act::identity>("bilinear", true)};

/// The variant called `name`, if there is one.
constexpr std::optional<variant_info> find_variant(std::string_view name)
{
  for (const auto& v : all_variants)
    if (v.name == name) return v;
  return std::nullopt;
}

}  // namespace shapeproof

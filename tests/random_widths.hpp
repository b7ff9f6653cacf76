// SPDX-License-Identifier: MIT
#pragma once
// Randomly generated compile-time widths: a constexpr generator picks the extents, so the
// type-level library is exercised on dimensions nobody chose by hand. The seed is fixed, so a
// failure names a reproducible configuration.
#include <shapeproof/core/dim.hpp>
#include <shapeproof/detail/splitmix.hpp>

#include <cstddef>
#include <cstdint>
#include <tuple>
#include <utility>

namespace test {

constexpr shapeproof::extent_t random_extent(std::uint64_t seed, shapeproof::extent_t lo, shapeproof::extent_t hi)
{
  return lo + static_cast<shapeproof::extent_t>(shapeproof::detail::splitmix64(seed) %
                                                static_cast<std::uint64_t>(hi - lo + 1));
}

template<std::size_t I>
struct model_width final : shapeproof::dim<random_extent(2 * I + 0x5EED, 1, 160)> {
};
template<std::size_t I>
struct hidden_width final : shapeproof::dim<random_extent(2 * I + 1 + 0x5EED, 1, 480)> {
};

/// The I-th random configuration: a model width D and a hidden width Dff.
template<std::size_t I>
struct random_config {
  static constexpr std::size_t index = I;
  using d = model_width<I>;
  using dff = hidden_width<I>;
};

template<std::size_t... I>
auto make_configs(std::index_sequence<I...>) -> std::tuple<random_config<I>...>;

/// 24 random configurations, as a type list for TEMPLATE_LIST_TEST_CASE.
using random_configs = decltype(make_configs(std::make_index_sequence<24>{}));
/// The first 6 of them, for tests whose every instantiation is expensive to compile.
using random_configs_small = decltype(make_configs(std::make_index_sequence<6>{}));

}  // namespace test

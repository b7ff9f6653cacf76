// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief A tile of exactly `n` rows of x, `n` known at run time only.
 *
 * The kernels' tiles take their count of rows as a template argument, so that a tile's
 * accumulators are registers. The rows left after whole tiles are run as one tile of their own:
 * one pass over the weights, where 2 + 1 rows would read them twice (3 tokens over the quantized
 * strips ran 1.2 to 1.45 times as fast as one tile of 2 and one of 1; bench/README.md). The panel
 * GEMM (`panel_gemm.hpp`), the quantized strips (`quant_strips.hpp`) and the blocks as stored with x
 * in f32 (`quant_gemm.hpp`) dispatch through `tile_of_rows`.
 */

#include <cstddef>
#include <type_traits>
#include <utility>

namespace shapeproof::runtime::detail {

/// `tile(std::integral_constant<std::size_t, n>{})` for `n` in [1, Max]; for any other `n`, nothing.
template<std::size_t Max, class Tile>
void tile_of_rows(std::size_t n, const Tile& tile)
{
  const auto first_of = [&]<std::size_t... I>(std::index_sequence<I...>)
  {
    (void)((n == I + 1 ? (tile(std::integral_constant<std::size_t, I + 1>{}), true) : false) || ...);
  };
  first_of(std::make_index_sequence<Max>{});
}

}  // namespace shapeproof::runtime::detail

// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <type_traits>

namespace shapeproof {

/// The integer type of every extent, count and size in shapeproof.
using extent_t = std::int64_t;

/// The extent of a dimension only known at run time (the token axis).
inline constexpr extent_t dynamic = -1;

/**
 * @brief Base of every named dimension.
 *
 * A dimension is a named strong type derived from `dim<N>`; its name is its identity, its
 * extent a property. Because the name is a type, both g++ and clang++ print it in
 * diagnostics (`linear<d_model, d_ff>`), which a string template argument would not do.
 *
 * @code
 * struct d_model final : shapeproof::dim<4096> {};
 * struct d_ff final : shapeproof::dim<11008> {};
 * struct tokens final : shapeproof::dim<shapeproof::dynamic> {};
 * @endcode
 * See proofs/dim.cpp.
 */
template<extent_t N>
struct dim {
  static_assert(N > 0 || N == dynamic, "shapeproof::dim<N>: an extent must be positive, or shapeproof::dynamic");
  static constexpr extent_t extent = N;
  static constexpr bool is_static = N != dynamic;
};

}  // namespace shapeproof

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
 * @brief What a dimension says it is, when it says: an FFN's model width `D` or its hidden
 * width `Dff`. A dimension with a role must be used in that role (rule 10); one without is
 * checked by name and extent only.
 */
namespace role {
struct none {};    ///< no role: `dim<N>`
struct model {};   ///< the model width D, the residual stream's: `model_width<N>`
struct hidden {};  ///< an FFN's hidden width Dff: `hidden_width<N>`
}  // namespace role

/**
 * @brief Base of every named dimension.
 *
 * A dimension is a named strong type derived from `dim<N>`; its name is its identity, its
 * extent a property. Because the name is a type, both g++ and clang++ print it in
 * diagnostics (`linear<d_model, d_ff>`), which a string template argument would not do.
 * `dim<N>` itself is not a dimension: it is the same type for every dimension of extent N, so
 * it would make `d_model` and `d_ff` one dimension whenever their extents agree.
 *
 * @code
 * struct d_model final : shapeproof::dim<4096> {};
 * struct d_ff final : shapeproof::dim<11008> {};
 * struct tokens final : shapeproof::dim<shapeproof::dynamic> {};
 * @endcode
 * See proofs/dim.cpp.
 */
template<extent_t N, typename Role = role::none>
struct dim {
  static_assert(N > 0 || N == dynamic, "shapeproof::dim<N>: an extent must be positive, or shapeproof::dynamic");
  static constexpr extent_t extent = N;
  static constexpr bool is_static = N != dynamic;
  /// `role::none`, `role::model` or `role::hidden`.
  using role = Role;
};

/// Base of a dimension that is a model width D: `struct d_model final : model_width<4096> {};`
template<extent_t N>
using model_width = dim<N, role::model>;

/// Base of a dimension that is an FFN's hidden width Dff: `struct d_ff final : hidden_width<11008> {};`
template<extent_t N>
using hidden_width = dim<N, role::hidden>;

}  // namespace shapeproof

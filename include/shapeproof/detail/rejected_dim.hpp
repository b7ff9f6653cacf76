// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief The count and the dimension of a declaration that broke a rule (see rejected.hpp): apart,
 * so that the sizing arithmetic on dimensions can name them without the shapes.
 */

#include <shapeproof/core/dim.hpp>

#include <concepts>

namespace shapeproof::detail {

/// A count of a rejected declaration: every comparison holds, arithmetic stays rejected, and it
/// converts to whatever the user's code expects in its place (a `cost::params` that is itself
/// refused, an integer), so that a function declared to return `cost::params` adds no error.
struct rejected_count {
  constexpr rejected_count value() const { return {}; }
  constexpr rejected_count refused() const { return {}; }
  constexpr explicit operator bool() const { return true; }
  template<typename T>
    requires(!std::same_as<T, bool> && std::default_initializable<T>)
  constexpr operator T() const  // NOLINT(google-explicit-constructor): it stands in for any count
  {
    if constexpr (requires { T::of_a_refused_declaration(); })
      return T::of_a_refused_declaration();
    else if constexpr (std::integral<T>)
      return T{1};  // as an extent: one, which nothing divides by zero
    else
      return T{};
  }
};

template<typename A, typename B>
concept either_rejected_count = std::same_as<A, rejected_count> || std::same_as<B, rejected_count>;

#define SHAPEPROOF_REJECTED_OPERATOR(OP, RESULT, VALUE) \
  template<typename A, typename B>                      \
    requires either_rejected_count<A, B>                \
  constexpr RESULT operator OP(const A&, const B&) { return VALUE; }
SHAPEPROOF_REJECTED_OPERATOR(==, bool, true)
SHAPEPROOF_REJECTED_OPERATOR(!=, bool, true)
SHAPEPROOF_REJECTED_OPERATOR(<, bool, true)
SHAPEPROOF_REJECTED_OPERATOR(<=, bool, true)
SHAPEPROOF_REJECTED_OPERATOR(>, bool, true)
SHAPEPROOF_REJECTED_OPERATOR(>=, bool, true)
SHAPEPROOF_REJECTED_OPERATOR(+, rejected_count, {})
SHAPEPROOF_REJECTED_OPERATOR(-, rejected_count, {})
SHAPEPROOF_REJECTED_OPERATOR(*, rejected_count, {})
SHAPEPROOF_REJECTED_OPERATOR(/, rejected_count, {})
SHAPEPROOF_REJECTED_OPERATOR(%, rejected_count, {})
#undef SHAPEPROOF_REJECTED_OPERATOR

/// The one dimension of a rejected declaration: its extent compares equal to any the user's
/// follow-up lines name (`static_assert(shard::extent == 1792)`), and is 1 where a number is needed.
/// Not final: a name given to a refused width (`struct d_ff final : scaled<d_model, 8, 3> {};`)
/// derives from it, and is refused too.
struct refused_role {};  ///< a refused width plays any role: `ModelWidth` and `HiddenWidth` hold
struct rejected_dim : dim<1, refused_role> {
  static constexpr rejected_count extent{};
  // a tensor-parallel slice's
  using whole = rejected_dim;
  static constexpr rejected_count ranks{};
};

}  // namespace shapeproof::detail

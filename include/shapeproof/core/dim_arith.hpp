// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief Exact arithmetic on dimensions, for sizing: derived dimensions are types too.
 *
 * `scaled<d_model, 4>` is the dense FFN's hidden width, `scaled<d_model, 8, 3>` the gated
 * family's, exact or a compile error (rule 8) unless a rounding is named;
 * `round_up_to_multiple<D, 256>` is LLaMA's alignment step and `cat<Dff, Dff>` is the width
 * of a fused gate|up weight. See proofs/dim.cpp.
 */

#include <shapeproof/core/dim.hpp>
#include <shapeproof/core/dim_concepts.hpp>
#include <shapeproof/core/rules.hpp>

namespace shapeproof {

/// How `scaled` treats a ratio that does not divide exactly.
namespace rounding {
struct exact {};  ///< not at all: an inexact ratio is a compile error (rule 8)
struct down {};   ///< floor, as Python's int(); what LLaMA's sizing code does
struct up {};     ///< ceiling
}  // namespace rounding

namespace detail {

template<typename Rounding>
constexpr extent_t scale_extent(extent_t e, extent_t num, extent_t den)
{
  if (e == dynamic) return 1;  // reported by rules::sizing_needs_a_static_extent
  const extent_t floor = e * num / den;
  if constexpr (std::is_same_v<Rounding, rounding::up>)
    return floor + (e * num % den != 0 ? 1 : 0);
  else
    return floor;
}

constexpr extent_t round_up_extent(extent_t e, extent_t multiple)
{
  if (e == dynamic) return 1;
  return (e + multiple - 1) / multiple * multiple;
}

template<typename Rounding, Dim D, extent_t Num, extent_t Den>
using scale_rules =
    std::conditional_t<std::is_same_v<Rounding, rounding::exact>,
                       rules::sizing_must_be_exact_or_say_how_it_rounds<D, D::extent, Num, Den>, rules::passed>;

}  // namespace detail

namespace detail {

// The dimension types `scaled` and `round_up_to_multiple` name once their rule holds; named only
// through those aliases, so that the check is made at the user's line (one short diagnostic)
// rather than deep inside a concept check of some template that uses the dimension. Not final:
// `struct d_ff final : scaled<d_model, 4> {};` gives the derived width a name of its own (its
// identity), and its extent is still the one the rule computed and checked.
template<typename D, extent_t Num, extent_t Den, typename Rounding>
struct scaled_dim : dim<scale_extent<Rounding>(D::extent, Num, Den)> {
};

template<typename D, extent_t Multiple>
struct rounded_up_dim : dim<round_up_extent(D::extent, Multiple)> {
};

template<typename D, extent_t Num, extent_t Den, typename Rounding>
struct make_scaled {
  static_assert(Num > 0 && Den > 0, "shapeproof::scaled<D, Num, Den>: the ratio must be positive");
  static_assert(sizeof(enforce<rules::sizing_needs_a_static_extent<D, D::extent>, scale_rules<Rounding, D, Num, Den>>));
  using type = scaled_dim<D, Num, Den, Rounding>;
};

template<typename D, extent_t Multiple>
struct make_rounded_up {
  static_assert(Multiple > 0, "shapeproof::round_up_to_multiple<D, M>: the multiple must be positive");
  static_assert(sizeof(enforce<rules::sizing_needs_a_static_extent<D, D::extent>>));
  using type = rounded_up_dim<D, Multiple>;
};

}  // namespace detail

/**
 * @brief `D · Num / Den`, exact unless `Rounding` says otherwise (rule 8).
 *
 * `scaled<d_model, 8, 3>` with d_model = 4096 is a compile error (32768 is not a multiple of 3);
 * `scaled<d_model, 8, 3, rounding::down>` is 10922.
 */
template<Dim D, extent_t Num, extent_t Den = 1, typename Rounding = rounding::exact>
using scaled = typename detail::make_scaled<D, Num, Den, Rounding>::type;

/// `D` rounded up to the next multiple of `Multiple` (LLaMA's `multiple_of`).
template<Dim D, extent_t Multiple>
using round_up_to_multiple = typename detail::make_rounded_up<D, Multiple>::type;

/// `ScalesExactly<D, Num, Den>`: `D · Num / Den` is an integer, so `scaled<D, Num, Den>` compiles.
template<typename D, extent_t Num, extent_t Den>
concept ScalesExactly =
    StaticDim<D> &&(Den > 0) && rules::sizing_must_be_exact_or_say_how_it_rounds<D, D::extent, Num, Den>::holds;

/// The concatenation of dimensions: `cat<d_ff, d_ff>` is the width of a fused gate|up weight.
template<Dim... Ds>
  requires(sizeof...(Ds) >= 2)
struct cat final : dim<((Ds::extent == dynamic) || ...) ? dynamic : (Ds::extent + ...)> {};

}  // namespace shapeproof

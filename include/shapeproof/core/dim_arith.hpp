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
#include <shapeproof/detail/rejected_dim.hpp>

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

// A ratio given as a floating-point number (`scaled<d_model, 2.5>`, LLaMA's multiplier 1.3):
// the sizing rules are exact integer arithmetic, so it is one rule-8 error that says how to write
// it. (g++ 12 takes a floating-point template argument; clang++ 14 does not, and refuses it itself.)
template<auto... Numbers>
inline constexpr bool all_whole = (std::is_integral_v<decltype(Numbers)> && ...);

// Each names the refused stand-in when its rule fails (a name derived from it, `struct d_ff final
// : scaled<...> {}`, is refused too), and asserts the rule through `verdict`.
template<typename D, auto Num, auto Den, typename Rounding, bool Whole = all_whole<Num, Den>>
struct make_scaled {
  using type = rejected_dim;
  using verdict = shapeproof::detail::verdict<rules::sizing_ratio_must_be_whole_numbers<false>, type>;
};
template<typename D, auto Num, auto Den, typename Rounding>
struct make_scaled<D, Num, Den, Rounding, true> {
  static_assert(Num > 0 && Den > 0, "shapeproof::scaled<D, Num, Den>: the ratio must be positive");
  static constexpr auto num = static_cast<extent_t>(Num);
  static constexpr auto den = static_cast<extent_t>(Den > 0 ? Den : 1);
  using rule = first_failing_t<rules::sizing_needs_a_static_extent<D, D::extent>, scale_rules<Rounding, D, num, den>>;
  using type = std::conditional_t<rule::holds, scaled_dim<D, num, den, Rounding>, rejected_dim>;
  using verdict = shapeproof::detail::verdict<rule, type>;
};
template<typename D, auto Multiple, bool Whole = all_whole<Multiple>>
struct make_rounded_up {
  using type = rejected_dim;
  using verdict = shapeproof::detail::verdict<rules::sizing_ratio_must_be_whole_numbers<false>, type>;
};
template<typename D, auto Multiple>
struct make_rounded_up<D, Multiple, true> {
  static_assert(Multiple > 0, "shapeproof::round_up_to_multiple<D, M>: the multiple must be positive");
  using rule = first_failing_t<rules::sizing_needs_a_static_extent<D, D::extent>>;
  using type = std::conditional_t<rule::holds, rounded_up_dim<D, static_cast<extent_t>(Multiple > 0 ? Multiple : 1)>,
                                  rejected_dim>;
  using verdict = shapeproof::detail::verdict<rule, type>;
};
// Sizing a refused width (its error has been given) gives a refused width, without a check.
template<typename D, auto Num, auto Den, typename Rounding>
  requires std::is_base_of_v<rejected_dim, D>
struct make_scaled<D, Num, Den, Rounding, true> {
  using type = rejected_dim;
  using verdict = shapeproof::detail::verdict<rules::passed, type>;
};
template<typename D, auto Multiple>
  requires std::is_base_of_v<rejected_dim, D>
struct make_rounded_up<D, Multiple, true> {
  using type = rejected_dim;
  using verdict = shapeproof::detail::verdict<rules::passed, type>;
};

}  // namespace detail

/**
 * @brief `D · Num / Den`, exact unless `Rounding` says otherwise (rule 8).
 *
 * `scaled<d_model, 8, 3>` with d_model = 4096 is a compile error (32768 is not a multiple of 3);
 * `scaled<d_model, 8, 3, rounding::down>` is 10922.
 */
template<Dim D, auto Num, auto Den = 1, typename Rounding = rounding::exact>
using scaled = typename detail::make_scaled<D, Num, Den, Rounding>::verdict::type;

/// `D` rounded up to the next multiple of `Multiple` (LLaMA's `multiple_of`).
template<Dim D, auto Multiple>
using round_up_to_multiple = typename detail::make_rounded_up<D, Multiple>::verdict::type;

/// `ScalesExactly<D, Num, Den>`: `D · Num / Den` is an integer, so `scaled<D, Num, Den>` compiles.
template<typename D, extent_t Num, extent_t Den>
concept ScalesExactly =
    StaticDim<D> &&(Den > 0) && rules::sizing_must_be_exact_or_say_how_it_rounds<D, D::extent, Num, Den>::holds;

/// The concatenation of dimensions: `cat<d_ff, d_ff>` is the width of a fused gate|up weight.
template<Dim... Ds>
  requires(sizeof...(Ds) >= 2)
struct cat final : dim<((Ds::extent == dynamic) || ...) ? dynamic : (Ds::extent + ...)> {};

}  // namespace shapeproof

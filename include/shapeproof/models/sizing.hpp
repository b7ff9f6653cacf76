// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief Sizing rules for the FFN's hidden width, exact integer arithmetic (rule 8).
 *
 * - dense: `4·d`;
 * - gated: `8/3·d`, exact only when `3 | 8·d` (that is, `3 | d`); otherwise name a rounding;
 * - LLaMA's (the `FeedForward` of Meta's reference code): `hidden = int(2·4d/3)`, then
 *   `int(ffn_dim_multiplier · hidden)` when a multiplier is given, then rounded up to a multiple
 *   of `multiple_of`.
 *
 * Each rule is a constexpr function of extents (for sizes read at run time) and a dimension type
 * built from the same arithmetic (for declarations). See proofs/sizing.cpp.
 */

#include <shapeproof/core/dim.hpp>
#include <shapeproof/core/dim_arith.hpp>
#include <shapeproof/cost/quantity.hpp>

#include <stdexcept>

namespace shapeproof::sizing {

/// The dense FFN's hidden width: `4·d`.
constexpr extent_t dense_hidden(extent_t d) { return cost::checked_mul(4, d); }

/// Whether the gated family's `8/3·d` is an integer.
constexpr bool gated_hidden_is_exact(extent_t d) { return cost::checked_mul(8, d) % 3 == 0; }

/// The gated family's hidden width `8/3·d`, rounded down (what `int(2·4d/3)` gives).
constexpr extent_t gated_hidden_floor(extent_t d) { return cost::checked_mul(8, d) / 3; }

/// An FFN dimension multiplier as an exact ratio: LLaMA's 1.3 is `{13, 10}`.
struct ratio {
  extent_t num = 1;
  extent_t den = 1;
};

/// LLaMA's rule: `int(2·4d/3)`, times the multiplier (rounded down, as Python's int()), rounded
/// up to a multiple of `multiple_of`.
namespace refusal {
/// What `llama_hidden` reaches for a width, a multiple or a multiplier that is not positive: not
/// constexpr, so in a constant expression the compiler names the rule; at run time it throws.
[[noreturn]] inline void rule_8_sizing_takes_a_positive_width_multiple_and_ratio()
{
  throw std::invalid_argument(
      "shapeproof rule 8: a sizing rule takes a positive width, a positive multiple_of and a positive ratio");
}
}  // namespace refusal

constexpr extent_t llama_hidden(extent_t d, extent_t multiple_of, ratio multiplier = {})
{
  if (d <= 0 || multiple_of <= 0 || multiplier.num <= 0 || multiplier.den <= 0)
    refusal::rule_8_sizing_takes_a_positive_width_multiple_and_ratio();
  extent_t hidden = gated_hidden_floor(d);
  hidden = cost::checked_mul(hidden, multiplier.num) / multiplier.den;
  return cost::checked_mul((cost::checked_add(hidden, multiple_of - 1)) / multiple_of, multiple_of);
}

}  // namespace shapeproof::sizing

namespace shapeproof {

/// The dense FFN's hidden width as a dimension: `scaled<D, 4>`.
template<Dim D>
using dense_hidden_dim = scaled<D, 4>;

/// The gated family's hidden width `8/3·D` as a dimension: a compile error unless exact (rule 8).
template<Dim D>
using gated_hidden_dim = scaled<D, 8, 3>;

/// LLaMA's hidden width as a dimension, `MultNum/MultDen` being `ffn_dim_multiplier`.
template<Dim D, auto MultipleOf, auto MultNum = 1, auto MultDen = 1>
using llama_hidden_dim =
    round_up_to_multiple<scaled<scaled<D, 8, 3, rounding::down>, MultNum, MultDen, rounding::down>, MultipleOf>;

}  // namespace shapeproof

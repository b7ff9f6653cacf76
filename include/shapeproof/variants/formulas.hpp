// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief The closed-form counts of the FFN families, as functions of the extents.
 *
 * The spec types count by summing their projections; these formulas say the same in one line
 * each, for sizes only known at run time (a `config.json`). Proofs and tests check the two
 * against each other and against counting weight elements.
 */

#include <shapeproof/core/dim.hpp>
#include <shapeproof/cost/quantity.hpp>

namespace shapeproof::formula {

/// `linear<in, out, bias>`: `in·out + (bias ? out : 0)`.
constexpr cost::params linear_params(extent_t in, extent_t out, bool bias)
{
  return cost::make_params(cost::checked_add(cost::checked_product(in, out), bias ? out : extent_t{0}));
}

/// A matmul `[1, in] x [in, out]`: two FLOPs per multiply-add.
constexpr cost::flops linear_matmul_flops(extent_t in, extent_t out)
{
  return cost::make_flops(cost::checked_product(2, in, out));
}

/// Dense FFN: `2·D·Dff`, plus `Dff + D` with biases.
constexpr cost::params dense_params(extent_t d, extent_t dff, bool bias)
{
  return linear_params(d, dff, bias) + linear_params(dff, d, bias);
}

/// Gated FFN: `3·D·Dff`, plus `2·Dff + D` with biases.
constexpr cost::params gated_params(extent_t d, extent_t dff, bool bias)
{
  return linear_params(d, dff, bias) + linear_params(d, dff, bias) + linear_params(dff, d, bias);
}

/// FLOPs per token of an FFN's matmuls: `2·D·Dff` per projection.
constexpr cost::flops ffn_matmul_flops(extent_t d, extent_t dff, bool gated)
{
  return cost::make_flops(cost::checked_product(gated ? 6 : 4, d, dff));
}

}  // namespace shapeproof::formula

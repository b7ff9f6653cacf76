// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief Memory of weights and of training, as formulas over dtypes.
 *
 * Training with mixed-precision Adam keeps, per parameter: the bf16 weight used in the forward
 * and backward passes, its bf16 gradient, an f32 master copy of the weight, and Adam's two f32
 * moments. That is 2 + 2 + 4 + 4 + 4 = 16 bytes, the figure of the ZeRO paper (Rajbhandari et
 * al., 2020, §3.1: "2Ψ + 2Ψ + KΨ" with K = 12), derived here from its parts, not written down.
 * Activations and temporary buffers are not included. See proofs/cost.cpp.
 */

#include <shapeproof/cost/dtype.hpp>
#include <shapeproof/cost/quantity.hpp>

namespace shapeproof {

/// The bytes of weights of `n` parameters stored as `T`.
template<Dtype T>
constexpr cost::bytes weight_bytes(cost::params n)
{
  return bytes_of<T>(n);
}

/// Mixed-precision Adam's state, per component, for `n` parameters.
struct adam_mixed_precision {
  using weights = bf16;        ///< the working copy of the weights
  using gradients = bf16;      ///< their gradients
  using master_weights = f32;  ///< the optimizer's copy of the weights
  using first_moment = f32;    ///< Adam's m
  using second_moment = f32;   ///< Adam's v

  /// All of it: weights, gradients, master weights and both moments.
  static constexpr cost::bytes bytes(cost::params n)
  {
    return bytes_of<weights>(n) + bytes_of<gradients>(n) + bytes_of<master_weights>(n) + bytes_of<first_moment>(n) +
           bytes_of<second_moment>(n);
  }
};

/// The training memory of `n` parameters with mixed-precision Adam (weights, gradients and
/// optimizer state; activations excluded).
constexpr cost::bytes training_bytes(cost::params n) { return adam_mixed_precision::bytes(n); }

}  // namespace shapeproof

// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief The activations as xtensor expressions, vectorised by xsimd where
 * `XTENSOR_USE_XSIMD` is defined (the `shapeproof::runtime` target defines it). The formulas are
 * those of variants/activation.hpp, in float.
 */

#include <shapeproof/variants/activation.hpp>

#include <xtensor/xmath.hpp>

#include <type_traits>

namespace shapeproof::runtime {

/// `Act` applied element-wise to the expression `e` (an lvalue: it is referenced more than once).
template<typename Act, typename E>
auto activation_expression(const E& e)
{
  if constexpr (std::is_same_v<Act, act::relu>)
    return xt::maximum(e, 0.0f);
  else if constexpr (std::is_same_v<Act, act::gelu>)
    return 0.5f * e * (1.0f + xt::erf(e * 0.70710678118654752f));
  else if constexpr (std::is_same_v<Act, act::gelu_tanh>)
    return 0.5f * e * (1.0f + xt::tanh(0.79788456080286536f * (e + 0.044715f * e * e * e)));
  else if constexpr (std::is_same_v<Act, act::sigmoid>)
    return 1.0f / (1.0f + xt::exp(-e));
  else if constexpr (std::is_same_v<Act, act::silu>)
    return e / (1.0f + xt::exp(-e));
  else if constexpr (std::is_same_v<Act, act::identity>)
    return e + 0.0f;
  else
    static_assert(std::is_same_v<Act, void>, "shapeproof::runtime: no vectorised form for this activation");
}

}  // namespace shapeproof::runtime

// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief The activations of the FFN families, as tag types with a constexpr scalar definition.
 *
 * Each tag has a `name` (the CLI's variant vocabulary) and `apply(x)`, usable in proofs;
 * the runtime evaluates the same formulas with vectorised code. See proofs/activation.cpp.
 *
 * `flops_per_element` counts the operations of the formula as written, one FLOP for each
 * addition, multiplication, division, comparison and for each transcendental function (exp,
 * erf, tanh): a convention, stated so that element-wise costs can be compared, not a measure
 * of any particular implementation.
 */

#include <shapeproof/detail/constexpr_math.hpp>

#include <concepts>
#include <cstdint>
#include <string_view>

namespace shapeproof::act {

/// `max(0, x)`.
struct relu {
  static constexpr std::string_view name = "relu";
  static constexpr std::int64_t flops_per_element = 1;  // one comparison
  static constexpr double apply(double x) { return x > 0 ? x : 0; }
};

/// `x · Φ(x)`, the exact (erf) GELU.
struct gelu {
  static constexpr std::string_view name = "gelu";
  static constexpr std::int64_t flops_per_element = 5;  // x/√2, erf, +1, ·0.5, ·x
  static constexpr double apply(double x) { return 0.5 * x * (1 + detail::cerf(x * 0.7071067811865476)); }
};

/// The tanh approximation of GELU (GPT-2's `gelu_new`).
struct gelu_tanh {
  static constexpr std::string_view name = "gelu_tanh";
  static constexpr std::int64_t flops_per_element = 9;  // x·x·x (2), ·0.044715, +x, ·√(2/π), tanh, +1, ·0.5, ·x
  static constexpr double apply(double x)
  {
    return 0.5 * x * (1 + detail::ctanh(0.7978845608028654 * (x + 0.044715 * x * x * x)));
  }
};

/// `1 / (1 + e^-x)`: the gate of the original GLU.
struct sigmoid {
  static constexpr std::string_view name = "sigmoid";
  static constexpr std::int64_t flops_per_element = 4;  // -x, exp, +1, 1/·
  static constexpr double apply(double x) { return 1 / (1 + detail::cexp(-x)); }
};

/// `x · sigmoid(x)`, a.k.a. Swish: the gate of SwiGLU.
struct silu {
  static constexpr std::string_view name = "silu";
  static constexpr std::int64_t flops_per_element = 5;  // sigmoid (4), ·x
  static constexpr double apply(double x) { return x * sigmoid::apply(x); }
};

/// `x`: the gate of the bilinear variant.
struct identity {
  static constexpr std::string_view name = "identity";
  static constexpr std::int64_t flops_per_element = 0;
  static constexpr double apply(double x) { return x; }
};

}  // namespace shapeproof::act

namespace shapeproof {

/// `Activation<T>`: a tag with a name and a scalar `apply`.
template<typename T>
concept Activation = requires(double x)
{
  {
    T::name
    } -> std::convertible_to<std::string_view>;
  {
    T::apply(x)
    } -> std::same_as<double>;
};

}  // namespace shapeproof

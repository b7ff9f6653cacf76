// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief Parameters, FLOPs and bytes as distinct Boost.Units dimensions over 64-bit integers.
 *
 * `swiglu<d_model, d_ff>::params()` is a `cost::params`, not an integer: adding it to a
 * `cost::flops` does not compile, and `.value()` gives the number. All three are literal types,
 * usable in constant expressions:
 *
 * @code
 * static_assert(shapeproof::swiglu<d_model, d_ff>::params() == 135'266'304_params);
 * @endcode
 * See proofs/cost.cpp.
 */

#include <boost/units/base_dimension.hpp>
#include <boost/units/base_unit.hpp>
#include <boost/units/make_system.hpp>
#include <boost/units/quantity.hpp>
#include <boost/units/unit.hpp>

#include <cstdint>

namespace shapeproof::cost {

namespace units = boost::units;

/// A count of weights (trainable scalars).
struct parameter_base_dimension : units::base_dimension<parameter_base_dimension, 7301> {};
/// A count of floating-point operations (a multiply-add is two).
struct flop_base_dimension : units::base_dimension<flop_base_dimension, 7302> {};
/// A count of bytes of memory.
struct byte_base_dimension : units::base_dimension<byte_base_dimension, 7303> {};

struct parameter_base_unit : units::base_unit<parameter_base_unit, parameter_base_dimension::dimension_type, 7301> {
  static constexpr const char* name() { return "parameter"; }
  static constexpr const char* symbol() { return "param"; }
};
struct flop_base_unit : units::base_unit<flop_base_unit, flop_base_dimension::dimension_type, 7302> {
  static constexpr const char* name() { return "floating-point operation"; }
  static constexpr const char* symbol() { return "FLOP"; }
};
struct byte_base_unit : units::base_unit<byte_base_unit, byte_base_dimension::dimension_type, 7303> {
  static constexpr const char* name() { return "byte"; }
  static constexpr const char* symbol() { return "B"; }
};

using system = units::make_system<parameter_base_unit, flop_base_unit, byte_base_unit>::type;

using parameter_unit = units::unit<parameter_base_dimension::dimension_type, system>;
using flop_unit = units::unit<flop_base_dimension::dimension_type, system>;
using byte_unit = units::unit<byte_base_dimension::dimension_type, system>;

/// A number of parameters.
using params = units::quantity<parameter_unit, std::int64_t>;
/// A number of floating-point operations.
using flops = units::quantity<flop_unit, std::int64_t>;
/// A number of bytes.
using bytes = units::quantity<byte_unit, std::int64_t>;

namespace detail {

// Deliberately not constexpr: reaching it in a constant expression is the compile error, and
// its name is the message ("call to non-'constexpr' function ... count_overflows_64_bits").
inline void parameter_flop_or_byte_count_overflows_64_bits() {}

}  // namespace detail

/// `a · b`, or a compile error in a constant expression when it would overflow 64 bits.
constexpr std::int64_t checked_mul(std::int64_t a, std::int64_t b)
{
  std::int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) detail::parameter_flop_or_byte_count_overflows_64_bits();
  return r;
}

/// `a + b`, or a compile error in a constant expression when it would overflow 64 bits.
constexpr std::int64_t checked_add(std::int64_t a, std::int64_t b)
{
  std::int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) detail::parameter_flop_or_byte_count_overflows_64_bits();
  return r;
}

/// The product of `factors`, overflow-checked.
template<typename... Ts>
constexpr std::int64_t checked_product(Ts... factors)
{
  std::int64_t r = 1;
  ((r = checked_mul(r, static_cast<std::int64_t>(factors))), ...);
  return r;
}

constexpr params make_params(std::int64_t n) { return params::from_value(n); }
constexpr flops make_flops(std::int64_t n) { return flops::from_value(n); }
constexpr bytes make_bytes(std::int64_t n) { return bytes::from_value(n); }

}  // namespace shapeproof::cost

namespace shapeproof::literals {

constexpr cost::params operator""_params(unsigned long long n)
{
  return cost::make_params(static_cast<std::int64_t>(n));
}
constexpr cost::flops operator""_flops(unsigned long long n) { return cost::make_flops(static_cast<std::int64_t>(n)); }
constexpr cost::bytes operator""_bytes(unsigned long long n) { return cost::make_bytes(static_cast<std::int64_t>(n)); }

}  // namespace shapeproof::literals

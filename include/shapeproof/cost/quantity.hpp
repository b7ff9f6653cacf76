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

#include <shapeproof/core/rules.hpp>

#include <boost/units/base_dimension.hpp>
#include <boost/units/base_unit.hpp>
#include <boost/units/make_system.hpp>
#include <boost/units/quantity.hpp>
#include <boost/units/unit.hpp>

#include <cstdint>
#include <stdexcept>
#include <type_traits>

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

// Deliberately not constexpr: reaching it in a constant expression is the compile error, and its
// name is the message ("call to non-'constexpr' function ...overflows_64_bits"); at run time it
// throws. Either way an overflow never gives a wrong number.
[[noreturn]] inline void parameter_flop_or_byte_count_overflows_64_bits()
{
  throw std::overflow_error(SHAPEPROOF_RULE_9_OVERFLOW_MESSAGE);
}

template<typename T>
struct is_cost_quantity : std::false_type {
};
template<>
struct is_cost_quantity<params> : std::true_type {
};
template<>
struct is_cost_quantity<flops> : std::true_type {
};
template<>
struct is_cost_quantity<bytes> : std::true_type {
};

template<typename A, typename B>
concept different_cost_quantities = is_cost_quantity<A>::value && is_cost_quantity<B>::value && !std::is_same_v<A, B>;

template<typename A, typename B>
inline constexpr bool never_mix = false;

}  // namespace detail

// Mixing parameters, FLOPs and bytes. Boost.Units already refuses it, with a list of every
// candidate operator (over a hundred lines); these overloads are found by argument-dependent
// lookup instead and give one error that states the rule. They are never valid: the
// static_assert fires on use. (Written out rather than by a macro: a macro adds two lines of
// "in expansion of" to the diagnostic.)
template<typename A, typename B>
  requires detail::different_cost_quantities<A, B>
constexpr bool operator+(const A&, const B&)
{
  static_assert(detail::never_mix<A, B>, SHAPEPROOF_RULE_9_MIX_MESSAGE);
  return false;
}
template<typename A, typename B>
  requires detail::different_cost_quantities<A, B>
constexpr bool operator-(const A&, const B&)
{
  static_assert(detail::never_mix<A, B>, SHAPEPROOF_RULE_9_MIX_MESSAGE);
  return false;
}
template<typename A, typename B>
  requires detail::different_cost_quantities<A, B>
constexpr bool operator==(const A&, const B&)
{
  static_assert(detail::never_mix<A, B>, SHAPEPROOF_RULE_9_MIX_MESSAGE);
  return false;
}
template<typename A, typename B>
  requires detail::different_cost_quantities<A, B>
constexpr bool operator!=(const A&, const B&)
{
  static_assert(detail::never_mix<A, B>, SHAPEPROOF_RULE_9_MIX_MESSAGE);
  return false;
}
template<typename A, typename B>
  requires detail::different_cost_quantities<A, B>
constexpr bool operator<(const A&, const B&)
{
  static_assert(detail::never_mix<A, B>, SHAPEPROOF_RULE_9_MIX_MESSAGE);
  return false;
}
template<typename A, typename B>
  requires detail::different_cost_quantities<A, B>
constexpr bool operator<=(const A&, const B&)
{
  static_assert(detail::never_mix<A, B>, SHAPEPROOF_RULE_9_MIX_MESSAGE);
  return false;
}
template<typename A, typename B>
  requires detail::different_cost_quantities<A, B>
constexpr bool operator>(const A&, const B&)
{
  static_assert(detail::never_mix<A, B>, SHAPEPROOF_RULE_9_MIX_MESSAGE);
  return false;
}
template<typename A, typename B>
  requires detail::different_cost_quantities<A, B>
constexpr bool operator>=(const A&, const B&)
{
  static_assert(detail::never_mix<A, B>, SHAPEPROOF_RULE_9_MIX_MESSAGE);
  return false;
}

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

/// `a - b`, or a compile error in a constant expression when it would overflow 64 bits.
constexpr std::int64_t checked_sub(std::int64_t a, std::int64_t b)
{
  std::int64_t r = 0;
  if (__builtin_sub_overflow(a, b, &r)) detail::parameter_flop_or_byte_count_overflows_64_bits();
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

// Arithmetic within one quantity, overflow-checked. Found by argument-dependent lookup and, as
// non-templates, preferred to Boost.Units' unchecked operators: `a + b` on parameters never wraps.
#define SHAPEPROOF_CHECKED_ARITHMETIC(Q)                                                                     \
  constexpr Q operator+(const Q& a, const Q& b) { return Q::from_value(checked_add(a.value(), b.value())); } \
  constexpr Q operator-(const Q& a, const Q& b) { return Q::from_value(checked_sub(a.value(), b.value())); } \
  constexpr Q operator*(const Q& a, std::int64_t k) { return Q::from_value(checked_mul(a.value(), k)); }     \
  constexpr Q operator*(std::int64_t k, const Q& a) { return Q::from_value(checked_mul(k, a.value())); }
SHAPEPROOF_CHECKED_ARITHMETIC(params)
SHAPEPROOF_CHECKED_ARITHMETIC(flops)
SHAPEPROOF_CHECKED_ARITHMETIC(bytes)
#undef SHAPEPROOF_CHECKED_ARITHMETIC

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

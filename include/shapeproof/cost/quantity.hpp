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
 * struct d_model final : shapeproof::dim<4096> {};
 * struct d_ff final : shapeproof::dim<11008> {};
 * static_assert(shapeproof::swiglu<d_model, d_ff>::params() == 135'266'304_params);
 * static_assert(shapeproof::swiglu<d_model, d_ff>::params() / 8 == 16'908'288_params);  // exact, or refused
 * @endcode
 * See proofs/cost.cpp.
 */

#include <shapeproof/core/rules.hpp>
#include <shapeproof/detail/rejected_dim.hpp>

#include <boost/units/base_dimension.hpp>
#include <boost/units/base_unit.hpp>
#include <boost/units/make_system.hpp>
#include <boost/units/quantity.hpp>
#include <boost/units/unit.hpp>

#include <compare>
#include <concepts>
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

struct params;
struct flops;
struct bytes;

namespace detail {

// Deliberately not constexpr: reaching it in a constant expression is the compile error, and its
// name is the message ("call to non-'constexpr' function ...overflows_64_bits"); at run time it
// throws. Either way an overflow never gives a wrong number.
[[noreturn]] inline void parameter_flop_or_byte_count_overflows_64_bits()
{
  throw std::overflow_error(SHAPEPROOF_RULE_9_OVERFLOW_MESSAGE);
}

// Likewise for a division of a count by an integer that leaves a remainder (or by zero): a count
// is a whole number of parameters, FLOPs or bytes, and a rounded one would not be exact.
[[noreturn]] inline void rule_9_a_count_divided_by_an_integer_must_divide_exactly()
{
  throw std::domain_error(SHAPEPROOF_RULE_9_DIVISION_MESSAGE);
}

template<typename T>
inline constexpr bool is_cost_quantity =
    std::is_same_v<T, params> || std::is_same_v<T, flops> || std::is_same_v<T, bytes>;

template<typename A, typename B>
concept different_cost_quantities = is_cost_quantity<A> && is_cost_quantity<B> && !std::is_same_v<A, B>;

// The conditions of the static_asserts below: false for every use, but only once a use is made.
template<typename A, typename B>
inline constexpr bool never_mix = false;
template<typename Q, typename Integer>
inline constexpr bool never_a_plain_integer = false;

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

/// `a - b`, or a compile error in a constant expression when it would overflow 64 bits.
constexpr std::int64_t checked_sub(std::int64_t a, std::int64_t b)
{
  std::int64_t r = 0;
  if (__builtin_sub_overflow(a, b, &r)) detail::parameter_flop_or_byte_count_overflows_64_bits();
  return r;
}

/**
 * @brief What `params`, `flops` and `bytes` share: a Boost.Units quantity over `std::int64_t`
 * in a named type of its own, with overflow-checked arithmetic and rule-9 errors for mixing.
 *
 * Each count is a class of its own (not an alias of `boost::units::quantity<...>`) so that a
 * diagnostic prints `shapeproof::cost::params` rather than Boost.Units' full type, a line of a
 * thousand characters; and so that a conversion from another count, or a comparison with a
 * plain integer, can be one error that states rule 9 and the fix, instead of Boost.Units' list
 * of candidate operators.
 */
template<typename Count>
struct unit_of;
template<>
struct unit_of<params> {
  using type = parameter_unit;
};
template<>
struct unit_of<flops> {
  using type = flop_unit;
};
template<>
struct unit_of<bytes> {
  using type = byte_unit;
};

template<typename Self>
class count : public units::quantity<typename unit_of<Self>::type, std::int64_t> {
public:
  /// The Boost.Units quantity this count is.
  using quantity_type = units::quantity<typename unit_of<Self>::type, std::int64_t>;

  constexpr count() : quantity_type(quantity_type::from_value(0)) {}
  constexpr explicit count(const quantity_type& q) : quantity_type(q) {}

  // Another count is never this one: `cost::bytes b = params * 2;` is one rule-9 error.
  template<typename Other>
    requires detail::different_cost_quantities<Self, Other>
  constexpr count(const Other& other) :
      // NOLINT(google-explicit-constructor): it exists to refuse
      count(quantity_type::from_value(other.value()))  // the number, so that no second error follows
  {
    static_assert(detail::never_mix<Self, Other>, SHAPEPROOF_RULE_9_MIX_MESSAGE);
  }

  // Nor is a plain integer: `cost::params p = 5;` and `bytes_of<bf16>(135266304)` are one rule-9
  // error, not a list of constructors.
  template<std::integral I>
  constexpr count(I n) :
      // NOLINT(google-explicit-constructor): it exists to refuse
      count(quantity_type::from_value(static_cast<std::int64_t>(n)))
  {
    static_assert(detail::never_a_plain_integer<Self, I>, SHAPEPROOF_RULE_9_PLAIN_INTEGER_MESSAGE);
  }

  /// The count `n`.
  static constexpr Self from_value(std::int64_t n) { return Self{quantity_type::from_value(n)}; }

  /// The count of an entity whose declaration broke a rule (its error has been given): every
  /// comparison with it holds and arithmetic keeps it so, so that a user's follow-up lines
  /// (`static_assert(per_rank == 123_params)`) add no second error. Only a refused declaration
  /// makes one.
  static constexpr Self of_a_refused_declaration()
  {
    Self r{};
    r.refused_ = true;
    return r;
  }
  /// Whether this is the count of a refused declaration.
  constexpr bool refused() const { return refused_; }

  // Arithmetic within one count, overflow-checked: hidden friends, exact matches for the
  // count's own type, so preferred to Boost.Units' unchecked operators: `a + b` never wraps.
  friend constexpr Self operator+(const Self& a, const Self& b)
  {
    return either_refused(a, b) ? of_a_refused_declaration() : from_value(checked_add(a.value(), b.value()));
  }
  friend constexpr Self operator-(const Self& a, const Self& b)
  {
    return either_refused(a, b) ? of_a_refused_declaration() : from_value(checked_sub(a.value(), b.value()));
  }
  /// `params * 2`: a count of the same kind.
  template<std::integral I>
  friend constexpr Self operator*(const Self& a, I k)
  {
    return a.refused_ ? a : from_value(checked_mul(a.value(), static_cast<std::int64_t>(k)));
  }
  template<std::integral I>
  friend constexpr Self operator*(I k, const Self& a)
  {
    return a * k;
  }
  /// `params / 8` (per rank): a count of the same kind when it divides exactly; an inexact
  /// division is refused (a compile error in a constant expression, `std::domain_error` at run
  /// time), never a rounded number. (`.value() / n` is the plain integer division.)
  template<std::integral I>
  friend constexpr Self operator/(const Self& a, I k)
  {
    if (a.refused_) return a;
    if (k == 0 || a.value() % static_cast<std::int64_t>(k) != 0)
      detail::rule_9_a_count_divided_by_an_integer_must_divide_exactly();
    return from_value(a.value() / static_cast<std::int64_t>(k));
  }
  /// The ratio of two counts of one kind (an FFN's share of a model's parameters): a plain number.
  friend constexpr double operator/(const Self& a, const Self& b)
  {
    return static_cast<double>(a.value()) / static_cast<double>(b.value());
  }
  // Comparisons (a refused declaration's count compares as anything the user wrote; see above).
  friend constexpr bool operator==(const Self& a, const Self& b)
  {
    return either_refused(a, b) || a.value() == b.value();
  }
  friend constexpr bool operator!=(const Self& a, const Self& b)
  {
    return either_refused(a, b) || a.value() != b.value();
  }
  friend constexpr bool operator<(const Self& a, const Self& b)
  {
    return either_refused(a, b) || a.value() < b.value();
  }
  friend constexpr bool operator<=(const Self& a, const Self& b)
  {
    return either_refused(a, b) || a.value() <= b.value();
  }
  friend constexpr bool operator>(const Self& a, const Self& b)
  {
    return either_refused(a, b) || a.value() > b.value();
  }
  friend constexpr bool operator>=(const Self& a, const Self& b)
  {
    return either_refused(a, b) || a.value() >= b.value();
  }
  /// For `std::max`, sorting and `<=>` itself (the operators above are preferred for `<` and the rest).
  friend constexpr std::strong_ordering operator<=>(const Self& a, const Self& b) { return a.value() <=> b.value(); }

  // A count compared with, added to or taken from a plain integer: which count the integer is
  // cannot be guessed, so it is one rule-9 error that says how to write it
  // (`135'266'304_params`, or `.value()`). Comparisons then hold, so that the static_assert the
  // comparison was written for adds no second error.
  template<std::integral I>
  friend constexpr bool operator==(const Self&, I)
  {
    static_assert(detail::never_a_plain_integer<Self, I>, SHAPEPROOF_RULE_9_PLAIN_INTEGER_MESSAGE);
    return true;
  }
  template<std::integral I>
  friend constexpr bool operator==(I, const Self&)
  {
    static_assert(detail::never_a_plain_integer<Self, I>, SHAPEPROOF_RULE_9_PLAIN_INTEGER_MESSAGE);
    return true;
  }
  template<std::integral I>
  friend constexpr bool operator!=(const Self&, I)
  {
    static_assert(detail::never_a_plain_integer<Self, I>, SHAPEPROOF_RULE_9_PLAIN_INTEGER_MESSAGE);
    return true;
  }
  template<std::integral I>
  friend constexpr bool operator!=(I, const Self&)
  {
    static_assert(detail::never_a_plain_integer<Self, I>, SHAPEPROOF_RULE_9_PLAIN_INTEGER_MESSAGE);
    return true;
  }
  template<std::integral I>
  friend constexpr bool operator<(const Self&, I)
  {
    static_assert(detail::never_a_plain_integer<Self, I>, SHAPEPROOF_RULE_9_PLAIN_INTEGER_MESSAGE);
    return true;
  }
  template<std::integral I>
  friend constexpr bool operator<(I, const Self&)
  {
    static_assert(detail::never_a_plain_integer<Self, I>, SHAPEPROOF_RULE_9_PLAIN_INTEGER_MESSAGE);
    return true;
  }
  template<std::integral I>
  friend constexpr bool operator<=(const Self&, I)
  {
    static_assert(detail::never_a_plain_integer<Self, I>, SHAPEPROOF_RULE_9_PLAIN_INTEGER_MESSAGE);
    return true;
  }
  template<std::integral I>
  friend constexpr bool operator<=(I, const Self&)
  {
    static_assert(detail::never_a_plain_integer<Self, I>, SHAPEPROOF_RULE_9_PLAIN_INTEGER_MESSAGE);
    return true;
  }
  template<std::integral I>
  friend constexpr bool operator>(const Self&, I)
  {
    static_assert(detail::never_a_plain_integer<Self, I>, SHAPEPROOF_RULE_9_PLAIN_INTEGER_MESSAGE);
    return true;
  }
  template<std::integral I>
  friend constexpr bool operator>(I, const Self&)
  {
    static_assert(detail::never_a_plain_integer<Self, I>, SHAPEPROOF_RULE_9_PLAIN_INTEGER_MESSAGE);
    return true;
  }
  template<std::integral I>
  friend constexpr bool operator>=(const Self&, I)
  {
    static_assert(detail::never_a_plain_integer<Self, I>, SHAPEPROOF_RULE_9_PLAIN_INTEGER_MESSAGE);
    return true;
  }
  template<std::integral I>
  friend constexpr bool operator>=(I, const Self&)
  {
    static_assert(detail::never_a_plain_integer<Self, I>, SHAPEPROOF_RULE_9_PLAIN_INTEGER_MESSAGE);
    return true;
  }
  template<std::integral I>
  friend constexpr Self operator+(const Self&, I)
  {
    static_assert(detail::never_a_plain_integer<Self, I>, SHAPEPROOF_RULE_9_PLAIN_INTEGER_MESSAGE);
    return of_a_refused_declaration();
  }
  template<std::integral I>
  friend constexpr Self operator+(I, const Self&)
  {
    static_assert(detail::never_a_plain_integer<Self, I>, SHAPEPROOF_RULE_9_PLAIN_INTEGER_MESSAGE);
    return of_a_refused_declaration();
  }
  template<std::integral I>
  friend constexpr Self operator-(const Self&, I)
  {
    static_assert(detail::never_a_plain_integer<Self, I>, SHAPEPROOF_RULE_9_PLAIN_INTEGER_MESSAGE);
    return of_a_refused_declaration();
  }
  template<std::integral I>
  friend constexpr Self operator-(I, const Self&)
  {
    static_assert(detail::never_a_plain_integer<Self, I>, SHAPEPROOF_RULE_9_PLAIN_INTEGER_MESSAGE);
    return of_a_refused_declaration();
  }

private:
  static constexpr bool either_refused(const Self& a, const Self& b) { return a.refused_ || b.refused_; }
  bool refused_ = false;
};

/// A number of parameters.
struct params final : count<params> {
  using count::count;
};
/// A number of floating-point operations.
struct flops final : count<flops> {
  using count::count;
};
/// A number of bytes.
struct bytes final : count<bytes> {
  using count::count;
};

// Mixing parameters, FLOPs and bytes. Boost.Units already refuses it, with a list of every
// candidate operator (over a hundred lines); these overloads are found by argument-dependent
// lookup instead and give one error that states the rule. They are never valid: the
// static_assert fires on use (and comparisons then hold, so that the static_assert they were
// written for adds no second error). (Written out rather than by a macro: a macro adds two lines of
// "in expansion of" to the diagnostic.)
template<typename A, typename B>
  requires detail::different_cost_quantities<A, B>
constexpr shapeproof::detail::rejected_count operator+(const A&, const B&)
{
  static_assert(detail::never_mix<A, B>, SHAPEPROOF_RULE_9_MIX_MESSAGE);
  return {};  // stands in for any count, so that the user's next line adds no error
}
template<typename A, typename B>
  requires detail::different_cost_quantities<A, B>
constexpr shapeproof::detail::rejected_count operator-(const A&, const B&)
{
  static_assert(detail::never_mix<A, B>, SHAPEPROOF_RULE_9_MIX_MESSAGE);
  return {};
}
template<typename A, typename B>
  requires detail::different_cost_quantities<A, B>
constexpr bool operator==(const A&, const B&)
{
  static_assert(detail::never_mix<A, B>, SHAPEPROOF_RULE_9_MIX_MESSAGE);
  return true;
}
template<typename A, typename B>
  requires detail::different_cost_quantities<A, B>
constexpr bool operator!=(const A&, const B&)
{
  static_assert(detail::never_mix<A, B>, SHAPEPROOF_RULE_9_MIX_MESSAGE);
  return true;
}
template<typename A, typename B>
  requires detail::different_cost_quantities<A, B>
constexpr bool operator<(const A&, const B&)
{
  static_assert(detail::never_mix<A, B>, SHAPEPROOF_RULE_9_MIX_MESSAGE);
  return true;
}
template<typename A, typename B>
  requires detail::different_cost_quantities<A, B>
constexpr bool operator<=(const A&, const B&)
{
  static_assert(detail::never_mix<A, B>, SHAPEPROOF_RULE_9_MIX_MESSAGE);
  return true;
}
template<typename A, typename B>
  requires detail::different_cost_quantities<A, B>
constexpr bool operator>(const A&, const B&)
{
  static_assert(detail::never_mix<A, B>, SHAPEPROOF_RULE_9_MIX_MESSAGE);
  return true;
}
template<typename A, typename B>
  requires detail::different_cost_quantities<A, B>
constexpr bool operator>=(const A&, const B&)
{
  static_assert(detail::never_mix<A, B>, SHAPEPROOF_RULE_9_MIX_MESSAGE);
  return true;
}

template<typename A, typename B>
  requires detail::is_cost_quantity<A> && detail::is_cost_quantity<B>
constexpr shapeproof::detail::rejected_count operator*(const A&, const B&)
{
  static_assert(detail::never_mix<A, B>, SHAPEPROOF_RULE_9_PRODUCT_MESSAGE);
  return {};
}
/// A ratio of two different counts (FLOPs per byte, an arithmetic intensity): a plain number.
template<typename A, typename B>
  requires detail::different_cost_quantities<A, B>
constexpr double operator/(const A& a, const B& b)
{
  return static_cast<double>(a.value()) / static_cast<double>(b.value());
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

namespace shapeproof {

/// `135'266'304_params`, `_flops`, `_bytes`; inline, so `using namespace shapeproof;` brings them.
inline namespace literals {

constexpr cost::params operator""_params(unsigned long long n)
{
  return cost::make_params(static_cast<std::int64_t>(n));
}
constexpr cost::flops operator""_flops(unsigned long long n) { return cost::make_flops(static_cast<std::int64_t>(n)); }
constexpr cost::bytes operator""_bytes(unsigned long long n) { return cost::make_bytes(static_cast<std::int64_t>(n)); }

}  // namespace literals

}  // namespace shapeproof

// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief Storage types of weights and their sizes: the only bridge from parameters to bytes.
 *
 * `bytes_of<bf16>(135'266'304_params) == 270'532'608_bytes`. A 4-bit type packs two values per
 * byte; a count that leaves half a byte rounds up to the whole byte it occupies.
 * See proofs/cost.cpp.
 */

#include <shapeproof/cost/quantity.hpp>

#include <array>
#include <cstdint>
#include <string_view>

namespace shapeproof {

/// IEEE 754 single precision.
struct f32 {
  static constexpr std::string_view name = "f32";
  static constexpr std::int64_t bits = 32;
};
/// IEEE 754 half precision.
struct f16 {
  static constexpr std::string_view name = "f16";
  static constexpr std::int64_t bits = 16;
};
/// bfloat16: f32's exponent, 7 bits of mantissa.
struct bf16 {
  static constexpr std::string_view name = "bf16";
  static constexpr std::int64_t bits = 16;
};
/// FP8 E4M3 (OCP): 4 exponent bits, 3 mantissa bits.
struct f8_e4m3 {
  static constexpr std::string_view name = "f8_e4m3";
  static constexpr std::int64_t bits = 8;
};
/// FP8 E5M2 (OCP): 5 exponent bits, 2 mantissa bits.
struct f8_e5m2 {
  static constexpr std::string_view name = "f8_e5m2";
  static constexpr std::int64_t bits = 8;
};
/// 8-bit integer.
struct int8 {
  static constexpr std::string_view name = "int8";
  static constexpr std::int64_t bits = 8;
};
/// 4-bit integer, two per byte.
struct int4 {
  static constexpr std::string_view name = "int4";
  static constexpr std::int64_t bits = 4;
};

/// `Dtype<T>`: a storage type with a name and a size in bits.
template<typename T>
concept Dtype = requires
{
  {
    T::name
    } -> std::convertible_to<std::string_view>;
  {
    T::bits
    } -> std::convertible_to<std::int64_t>;
};

namespace detail {
// `n` values of `bits` bits each, in whole bytes.
constexpr cost::bytes bytes_for_bits(std::int64_t n, std::int64_t bits)
{
  return cost::make_bytes(cost::checked_add(cost::checked_mul(n, bits), 7) / 8);
}
}  // namespace detail

/// The bytes `n` values occupy stored as `T` (rounded up to whole bytes).
template<Dtype T>
constexpr cost::bytes bytes_of_elements(std::int64_t n)
{
  return detail::bytes_for_bits(n, T::bits);
}

/// The bytes `n` parameters occupy stored as `T` (rounded up to whole bytes).
template<Dtype T>
constexpr cost::bytes bytes_of(cost::params n)
{
  if (n.refused()) return cost::bytes::of_a_refused_declaration();
  return bytes_of_elements<T>(n.value());
}

/// A dtype known at run time (the CLI's `--dtype`, a table's columns).
struct dtype_info {
  std::string_view name;
  std::int64_t bits;

  /// The bytes `n` parameters occupy in this dtype.
  constexpr cost::bytes bytes_of(cost::params n) const
  {
    return n.refused() ? cost::bytes::of_a_refused_declaration() : detail::bytes_for_bits(n.value(), bits);
  }
};

template<Dtype T>
inline constexpr dtype_info dtype_info_of{T::name, T::bits};

/// Every dtype shapeproof knows, widest first.
inline constexpr std::array<dtype_info, 7> all_dtypes{
    dtype_info_of<f32>,     dtype_info_of<f16>,  dtype_info_of<bf16>, dtype_info_of<f8_e4m3>,
    dtype_info_of<f8_e5m2>, dtype_info_of<int8>, dtype_info_of<int4>};

/// The dtype called `name` (`bf16`, `f8_e4m3`, ...), or nullptr.
constexpr const dtype_info* find_dtype(std::string_view name)
{
  for (const auto& d : all_dtypes)
    if (d.name == name) return &d;
  return nullptr;
}

}  // namespace shapeproof

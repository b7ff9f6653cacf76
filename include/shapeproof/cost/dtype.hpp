// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief Storage types of weights and their sizes: the only bridge from parameters to bytes.
 *
 * `bytes_of<bf16>(135'266'304_params) == 270'532'608_bytes`. A 4-bit type packs two values per
 * byte; a count that leaves half a byte rounds up to the whole byte it occupies.
 *
 * GGUF's quantized types store weights in blocks: `block` weights and their scales in a fixed
 * number of bytes, as ggml's block structs lay them out (`block_q8_0`: one f16 scale and 32 int8,
 * 34 bytes). Their bits per weight are exact and not whole: Q8_0 8.5, Q4_K 4.5, Q6_K 6.5625. A
 * count that leaves part of a block takes the whole block (ggml stores no partial block).
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

namespace detail {
// A GGUF block type: `Block` weights in `BlockBytes` bytes, scales included.
template<std::int64_t Block, std::int64_t BlockBytes>
struct ggml_block {
  static constexpr std::int64_t block = Block;
  static constexpr std::int64_t bits = 8 * BlockBytes;  ///< of one whole block
};
}  // namespace detail

// GGUF's quantized types, with the sizes of ggml's block structs (ggml-common.h), by bits per
// weight. (Q8_1 and Q8_K are not here: ggml quantizes activations to them; no file stores
// weights so.)

/// Q8_0: an f16 scale and 32 int8, 8.5 bits per weight.
struct q8_0 : detail::ggml_block<32, 34> {
  static constexpr std::string_view name = "q8_0";
};
/// Q6_K: 256 weights of 6 bits in 16 groups with int8 scales under one f16 scale, 6.5625.
struct q6_k : detail::ggml_block<256, 210> {
  static constexpr std::string_view name = "q6_k";
};
/// Q5_1: an f16 scale and minimum, 32 weights of 5 bits, 6.0.
struct q5_1 : detail::ggml_block<32, 24> {
  static constexpr std::string_view name = "q5_1";
};
/// Q5_K: 256 weights of 5 bits in 8 groups with 6-bit scales and minima, 5.5.
struct q5_k : detail::ggml_block<256, 176> {
  static constexpr std::string_view name = "q5_k";
};
/// Q5_0: an f16 scale and 32 weights of 5 bits, 5.5.
struct q5_0 : detail::ggml_block<32, 22> {
  static constexpr std::string_view name = "q5_0";
};
/// Q4_1: an f16 scale and minimum, 32 weights of 4 bits, 5.0.
struct q4_1 : detail::ggml_block<32, 20> {
  static constexpr std::string_view name = "q4_1";
};
/// Q4_K: 256 weights of 4 bits in 8 groups with 6-bit scales and minima, 4.5.
struct q4_k : detail::ggml_block<256, 144> {
  static constexpr std::string_view name = "q4_k";
};
/// Q4_0: an f16 scale and 32 weights of 4 bits, 4.5.
struct q4_0 : detail::ggml_block<32, 18> {
  static constexpr std::string_view name = "q4_0";
};
/// IQ4_NL: an f16 scale and 32 4-bit indices into a non-linear table, 4.5.
struct iq4_nl : detail::ggml_block<32, 18> {
  static constexpr std::string_view name = "iq4_nl";
};
/// MXFP4 (OCP microscaling): an E8M0 scale and 32 FP4 E2M1 weights, 4.25.
struct mxfp4 : detail::ggml_block<32, 17> {
  static constexpr std::string_view name = "mxfp4";
};
/// IQ4_XS: 256 non-linear 4-bit weights with 6-bit group scales, 4.25.
struct iq4_xs : detail::ggml_block<256, 136> {
  static constexpr std::string_view name = "iq4_xs";
};
/// Q3_K: 256 weights of 3 bits with 6-bit group scales, 3.4375.
struct q3_k : detail::ggml_block<256, 110> {
  static constexpr std::string_view name = "q3_k";
};
/// IQ3_S: 3.4375 bits per weight.
struct iq3_s : detail::ggml_block<256, 110> {
  static constexpr std::string_view name = "iq3_s";
};
/// IQ3_XXS: 3.0625 bits per weight.
struct iq3_xxs : detail::ggml_block<256, 98> {
  static constexpr std::string_view name = "iq3_xxs";
};
/// Q2_K: 256 weights of 2 bits with 4-bit group scales and minima, 2.625.
struct q2_k : detail::ggml_block<256, 84> {
  static constexpr std::string_view name = "q2_k";
};
/// IQ2_S: 2.5625 bits per weight.
struct iq2_s : detail::ggml_block<256, 82> {
  static constexpr std::string_view name = "iq2_s";
};
/// IQ2_XS: 2.3125 bits per weight.
struct iq2_xs : detail::ggml_block<256, 74> {
  static constexpr std::string_view name = "iq2_xs";
};
/// IQ2_XXS: 2.0625 bits per weight.
struct iq2_xxs : detail::ggml_block<256, 66> {
  static constexpr std::string_view name = "iq2_xxs";
};
/// TQ2_0 (ternary): 2.0625 bits per weight.
struct tq2_0 : detail::ggml_block<256, 66> {
  static constexpr std::string_view name = "tq2_0";
};
/// IQ1_M: 1.75 bits per weight.
struct iq1_m : detail::ggml_block<256, 56> {
  static constexpr std::string_view name = "iq1_m";
};
/// TQ1_0 (ternary): 1.6875 bits per weight.
struct tq1_0 : detail::ggml_block<256, 54> {
  static constexpr std::string_view name = "tq1_0";
};
/// IQ1_S: 1.5625 bits per weight.
struct iq1_s : detail::ggml_block<256, 50> {
  static constexpr std::string_view name = "iq1_s";
};

/// `Dtype<T>`: a storage type with a name and the bits of one block of values (a plain type's
/// block is one value; a GGUF type's `block` says how many).
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

/// The values of one block of `T`: 1, or a GGUF type's `T::block`.
template<Dtype T>
inline constexpr std::int64_t block_of = [] {
  if constexpr (requires { T::block; })
    return std::int64_t{T::block};
  else
    return std::int64_t{1};
}();

/// `T`'s exact bits per weight (8.5 for Q8_0): a dyadic fraction, so exact in a double.
template<Dtype T>
inline constexpr double bits_per_weight = static_cast<double>(T::bits) / static_cast<double>(block_of<T>);

namespace detail {
// `n` values stored in blocks of `block` values and `bits` bits each, in whole blocks and whole
// bytes.
constexpr cost::bytes bytes_for_bits(std::int64_t n, std::int64_t bits, std::int64_t block = 1)
{
  const std::int64_t blocks = n / block + (n % block != 0 ? 1 : 0);
  return cost::make_bytes(cost::checked_add(cost::checked_mul(blocks, bits), 7) / 8);
}
}  // namespace detail

/// The bytes `n` values occupy stored as `T` (rounded up to whole blocks and bytes).
template<Dtype T>
constexpr cost::bytes bytes_of_elements(std::int64_t n)
{
  return detail::bytes_for_bits(n, T::bits, block_of<T>);
}

/// The bytes `n` parameters occupy stored as `T` (rounded up to whole blocks and bytes).
template<Dtype T>
constexpr cost::bytes bytes_of(cost::params n)
{
  if (n.refused()) return cost::bytes::of_a_refused_declaration();
  return bytes_of_elements<T>(n.value());
}

/// A dtype known at run time (the CLI's `--dtype`, a table's columns).
struct dtype_info {
  std::string_view name;
  std::int64_t bits;       ///< of one block
  std::int64_t block = 1;  ///< values in one block

  /// The bytes `n` parameters occupy in this dtype.
  constexpr cost::bytes bytes_of(cost::params n) const
  {
    return n.refused() ? cost::bytes::of_a_refused_declaration() : detail::bytes_for_bits(n.value(), bits, block);
  }
  /// Exact bits per weight.
  constexpr double bits_per_weight() const { return static_cast<double>(bits) / static_cast<double>(block); }
};

template<Dtype T>
inline constexpr dtype_info dtype_info_of{T::name, T::bits, block_of<T>};

/// Every dtype shapeproof knows: the plain ones widest first, then GGUF's quantized types by
/// bits per weight.
inline constexpr std::array<dtype_info, 29> all_dtypes{
    dtype_info_of<f32>,     dtype_info_of<f16>,   dtype_info_of<bf16>,   dtype_info_of<f8_e4m3>, dtype_info_of<f8_e5m2>,
    dtype_info_of<int8>,    dtype_info_of<int4>,  dtype_info_of<q8_0>,   dtype_info_of<q6_k>,    dtype_info_of<q5_1>,
    dtype_info_of<q5_k>,    dtype_info_of<q5_0>,  dtype_info_of<q4_1>,   dtype_info_of<q4_k>,    dtype_info_of<q4_0>,
    dtype_info_of<iq4_nl>,  dtype_info_of<mxfp4>, dtype_info_of<iq4_xs>, dtype_info_of<q3_k>,    dtype_info_of<iq3_s>,
    dtype_info_of<iq3_xxs>, dtype_info_of<q2_k>,  dtype_info_of<iq2_s>,  dtype_info_of<iq2_xs>,  dtype_info_of<iq2_xxs>,
    dtype_info_of<tq2_0>,   dtype_info_of<iq1_m>, dtype_info_of<tq1_0>,  dtype_info_of<iq1_s>};

/// The dtypes a table shows by default: the plain ones and the GGUF types most files use.
constexpr bool commonly_shown(const dtype_info& d)
{
  return d.block == 1 || d.name == "q8_0" || d.name == "q6_k" || d.name == "q5_k" || d.name == "q4_k" ||
         d.name == "q4_0";
}

/// The dtype called `name` (`bf16`, `f8_e4m3`, ...), or nullptr.
constexpr const dtype_info* find_dtype(std::string_view name)
{
  for (const auto& d : all_dtypes)
    if (d.name == name) return &d;
  return nullptr;
}

}  // namespace shapeproof

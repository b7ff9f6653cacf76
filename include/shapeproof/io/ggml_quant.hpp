// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief GGUF's quantized blocks, byte by byte as ggml lays them out: Q8_0, Q4_0, Q4_K and Q6_K,
 * dequantized to f32, and quantized from it.
 *
 * Each type stores a row in blocks of a fixed number of weights and bytes (ggml-common.h's block
 * structs, all little-endian, f16 scales):
 *
 * | type | weights | bytes | layout | weight `i` |
 * |---|---|---|---|---|
 * | Q8_0 | 32 | 34 | `d`, `qs[32]` (int8) | `d·qs[i]` |
 * | Q4_0 | 32 | 18 | `d`, `qs[16]` (nibbles) | `d·(lo(qs[i]) − 8)`, `d·(hi(qs[i−16]) − 8)` |
 * | Q4_K | 256 | 144 | `d`, `dmin`, `scales[12]`, `qs[128]` | group `g` of 32: `d·sc[g]·q − dmin·m[g]` |
 * | Q6_K | 256 | 210 | `ql[128]`, `qh[64]`, `scales[16]` (int8), `d` | group of 16: `d·scales[g]·(q − 32)` |
 *
 * Q4_K's eight 6-bit scales `sc` and minima `m` share 12 bytes: for `g < 4`, `sc[g]` and `m[g]`
 * are the low 6 bits of bytes `g` and `g + 4`; for `g ≥ 4`, their low 4 bits are the two nibbles
 * of byte `g + 4` and their top 2 bits the top bits of bytes `g − 4` and `g`. Q4_K's 4-bit values
 * come 64 at a time: 32 bytes, low nibbles first (group `2j`), then high nibbles (group `2j + 1`).
 * Q6_K's 6-bit values come 128 at a time from 64 bytes of `ql` (low 4 bits) and 32 of `qh` (top 2
 * bits, four values to a byte).
 *
 * Dequantization is what ggml's `dequantize_row_*` computes, in the same order of operations, so
 * the same floats (tested block by block against blocks worked by hand); Q4_K's `d1·q − m1` may
 * differ in its last bit where one build fuses it into an FMA and the other does not. Quantization is a plain
 * round-to-nearest of each block's own range: it makes valid blocks for tests and synthetic
 * weights, not ggml's error-minimising search.
 */

#include <shapeproof/cost/dtype.hpp>
#include <shapeproof/io/safetensors.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace shapeproof::io {

/// Bytes that are not a whole number of a type's blocks, or a type with no dequantizer here.
class quant_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// A quantized GGUF type this file reads and writes: its weights and bytes per block.
struct quant_format {
  std::string_view name;  ///< as GGUF names it: "Q8_0"
  std::int64_t block;
  std::int64_t block_bytes;
};

/// The format of the typed dtype `T` (its block and bytes), under GGUF's name for it.
template<Dtype T>
constexpr quant_format quant_format_of(std::string_view gguf_name)
{
  return {gguf_name, block_of<T>, T::bits / 8};
}

inline constexpr quant_format q8_0_format = quant_format_of<q8_0>("Q8_0");
inline constexpr quant_format q4_0_format = quant_format_of<q4_0>("Q4_0");
inline constexpr quant_format q4_k_format = quant_format_of<q4_k>("Q4_K");
inline constexpr quant_format q6_k_format = quant_format_of<q6_k>("Q6_K");

/// The format GGUF calls `name` ("Q8_0", ...), or nullptr.
inline const quant_format* find_quant_format(std::string_view name)
{
  for (const auto* f : {&q8_0_format, &q4_0_format, &q4_k_format, &q6_k_format})
    if (f->name == name) return f;
  return nullptr;
}

namespace detail {

inline float f16_at(const unsigned char* p)
{
  return safetensors_file::half_to_float(static_cast<std::uint16_t>(p[0] | (p[1] << 8)));
}
inline void put_f16(unsigned char* p, float v)
{
  const std::uint16_t h = float_to_f16(v);
  p[0] = static_cast<unsigned char>(h & 0xFF);
  p[1] = static_cast<unsigned char>(h >> 8);
}

/// Q4_K's scale and minimum of group `g` (0 to 7) from its 12 packed bytes.
inline void q4_k_scale_min(int g, const unsigned char* s, int& scale, int& min)
{
  if (g < 4) {
    scale = s[g] & 63;
    min = s[g + 4] & 63;
  } else {
    scale = (s[g + 4] & 0xF) | ((s[g - 4] >> 6) << 4);
    min = (s[g + 4] >> 4) | ((s[g] >> 6) << 4);
  }
}

inline void dequantize_q8_0_block(const unsigned char* b, float* y)
{
  const float d = f16_at(b);
  for (int i = 0; i < 32; ++i) y[i] = static_cast<float>(static_cast<std::int8_t>(b[2 + i])) * d;
}

inline void dequantize_q4_0_block(const unsigned char* b, float* y)
{
  const float d = f16_at(b);
  for (int i = 0; i < 16; ++i) {
    y[i] = static_cast<float>((b[2 + i] & 0xF) - 8) * d;
    y[i + 16] = static_cast<float>((b[2 + i] >> 4) - 8) * d;
  }
}

inline void dequantize_q4_k_block(const unsigned char* b, float* y)
{
  const float d = f16_at(b), dmin = f16_at(b + 2);
  const unsigned char* scales = b + 4;
  const unsigned char* q = b + 16;
  for (int j = 0; j < 4; ++j, q += 32) {
    int sc = 0, m = 0;
    q4_k_scale_min(2 * j, scales, sc, m);
    const float d1 = d * static_cast<float>(sc), m1 = dmin * static_cast<float>(m);
    q4_k_scale_min(2 * j + 1, scales, sc, m);
    const float d2 = d * static_cast<float>(sc), m2 = dmin * static_cast<float>(m);
    for (int l = 0; l < 32; ++l) *y++ = d1 * static_cast<float>(q[l] & 0xF) - m1;
    for (int l = 0; l < 32; ++l) *y++ = d2 * static_cast<float>(q[l] >> 4) - m2;
  }
}

inline void dequantize_q6_k_block(const unsigned char* b, float* y)
{
  const unsigned char* ql = b;
  const unsigned char* qh = b + 128;
  const auto* sc = reinterpret_cast<const std::int8_t*>(b + 192);
  const float d = f16_at(b + 208);
  for (int half = 0; half < 2; ++half, y += 128, ql += 64, qh += 32, sc += 8)
    for (int l = 0; l < 32; ++l) {
      const int is = l / 16;
      const int q1 = ((ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32;
      const int q2 = ((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
      const int q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
      const int q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
      y[l] = d * static_cast<float>(sc[is]) * static_cast<float>(q1);
      y[l + 32] = d * static_cast<float>(sc[is + 2]) * static_cast<float>(q2);
      y[l + 64] = d * static_cast<float>(sc[is + 4]) * static_cast<float>(q3);
      y[l + 96] = d * static_cast<float>(sc[is + 6]) * static_cast<float>(q4);
    }
}

inline int nearest(float v) { return static_cast<int>(std::lround(v)); }

inline void quantize_q8_0_block(const float* x, unsigned char* b)
{
  float amax = 0;
  for (int i = 0; i < 32; ++i) amax = std::max(amax, std::fabs(x[i]));
  put_f16(b, amax / 127.0f);
  const float d = f16_at(b);  // quantize against the scale as stored
  for (int i = 0; i < 32; ++i)
    b[2 + i] =
        static_cast<unsigned char>(static_cast<std::int8_t>(d == 0 ? 0 : std::clamp(nearest(x[i] / d), -128, 127)));
}

inline void quantize_q4_0_block(const float* x, unsigned char* b)
{
  // The value of largest magnitude maps to -8, the one end of [-8, 7] that reaches it exactly
  float max = 0;
  for (int i = 0; i < 32; ++i)
    if (std::fabs(x[i]) > std::fabs(max)) max = x[i];
  put_f16(b, max / -8.0f);
  const float d = f16_at(b);
  auto q = [&](float v) { return d == 0 ? 8 : std::clamp(nearest(v / d) + 8, 0, 15); };
  for (int i = 0; i < 16; ++i) b[2 + i] = static_cast<unsigned char>(q(x[i]) | (q(x[i + 16]) << 4));
}

inline void quantize_q4_k_block(const float* x, unsigned char* b)
{
  // Each group of 32 spans [lo, hi] with lo <= 0: scale (hi − lo)/15, minimum −lo; both in 6 bits
  // under the block's d and dmin.
  float scale[8], min[8], max_scale = 0, max_min = 0;
  for (int g = 0; g < 8; ++g) {
    float lo = 0, hi = 0;
    for (int i = 0; i < 32; ++i) lo = std::min(lo, x[32 * g + i]), hi = std::max(hi, x[32 * g + i]);
    scale[g] = (hi - lo) / 15.0f, min[g] = -lo;
    max_scale = std::max(max_scale, scale[g]), max_min = std::max(max_min, min[g]);
  }
  put_f16(b, max_scale / 63.0f);
  put_f16(b + 2, max_min / 63.0f);
  const float d = f16_at(b), dmin = f16_at(b + 2);
  int sc[8], m[8];
  for (int g = 0; g < 8; ++g) {
    sc[g] = d == 0 ? 0 : std::clamp(nearest(scale[g] / d), 0, 63);
    m[g] = dmin == 0 ? 0 : std::clamp(nearest(min[g] / dmin), 0, 63);
  }
  unsigned char* s = b + 4;
  std::fill(s, s + 12, static_cast<unsigned char>(0));
  for (int g = 0; g < 4; ++g) {
    s[g] = static_cast<unsigned char>(sc[g] | ((sc[g + 4] >> 4) << 6));
    s[g + 4] = static_cast<unsigned char>(m[g] | ((m[g + 4] >> 4) << 6));
    s[g + 8] = static_cast<unsigned char>((sc[g + 4] & 0xF) | ((m[g + 4] & 0xF) << 4));
  }
  unsigned char* q = b + 16;
  for (int j = 0; j < 4; ++j)
    for (int l = 0; l < 32; ++l) {
      auto level = [&](int g) {
        const float step = d * static_cast<float>(sc[g]);
        return step == 0 ? 0 : std::clamp(nearest((x[32 * g + l] + dmin * static_cast<float>(m[g])) / step), 0, 15);
      };
      q[32 * j + l] = static_cast<unsigned char>(level(2 * j) | (level(2 * j + 1) << 4));
    }
}

inline void quantize_q6_k_block(const float* x, unsigned char* b)
{
  // Each group of 16 takes the scale amax/31 (levels −31..31 of −32..31), in 8 bits under d
  float scale[16], max_scale = 0;
  for (int g = 0; g < 16; ++g) {
    float amax = 0;
    for (int i = 0; i < 16; ++i) amax = std::max(amax, std::fabs(x[16 * g + i]));
    scale[g] = amax / 31.0f;
    max_scale = std::max(max_scale, scale[g]);
  }
  put_f16(b + 208, max_scale / 127.0f);
  const float d = f16_at(b + 208);
  int L[256];
  for (int g = 0; g < 16; ++g) {
    const int s = d == 0 ? 0 : std::clamp(nearest(scale[g] / d), 0, 127);
    b[192 + g] = static_cast<unsigned char>(static_cast<std::int8_t>(s));
    const float step = d * static_cast<float>(s);
    for (int i = 0; i < 16; ++i)
      L[16 * g + i] = (step == 0 ? 0 : std::clamp(nearest(x[16 * g + i] / step), -32, 31)) + 32;
  }
  unsigned char* ql = b;
  unsigned char* qh = b + 128;
  for (int half = 0; half < 2; ++half, ql += 64, qh += 32)
    for (int l = 0; l < 32; ++l) {
      const int* v = L + 128 * half + l;
      ql[l] = static_cast<unsigned char>((v[0] & 0xF) | ((v[64] & 0xF) << 4));
      ql[l + 32] = static_cast<unsigned char>((v[32] & 0xF) | ((v[96] & 0xF) << 4));
      qh[l] = static_cast<unsigned char>((v[0] >> 4) | ((v[32] >> 4) << 2) | ((v[64] >> 4) << 4) | ((v[96] >> 4) << 6));
    }
}

inline void check_quant_sizes(const quant_format& f, std::size_t bytes, std::size_t values, const char* what)
{
  const auto block = static_cast<std::size_t>(f.block), block_bytes = static_cast<std::size_t>(f.block_bytes);
  if (values % block != 0)
    throw quant_error(std::string(what) + ": " + std::to_string(values) + " values are not whole " +
                      std::string(f.name) + " blocks of " + std::to_string(block));
  if (bytes != values / block * block_bytes)
    throw quant_error(std::string(what) + ": " + std::to_string(values) + " values in " + std::string(f.name) +
                      " take " + std::to_string(values / block * block_bytes) + " bytes, not " + std::to_string(bytes));
}

struct block_kernels {
  void (*dequantize)(const unsigned char*, float*);
  void (*quantize)(const float*, unsigned char*);
};

// The block functions of one of the four formats, by name and size (never a guess).
inline block_kernels kernels_of(const quant_format& f)
{
  auto is = [&](const quant_format& g) {
    return f.name == g.name && f.block == g.block && f.block_bytes == g.block_bytes;
  };
  if (is(q8_0_format)) return {dequantize_q8_0_block, quantize_q8_0_block};
  if (is(q4_0_format)) return {dequantize_q4_0_block, quantize_q4_0_block};
  if (is(q4_k_format)) return {dequantize_q4_k_block, quantize_q4_k_block};
  if (is(q6_k_format)) return {dequantize_q6_k_block, quantize_q6_k_block};
  throw quant_error(std::string(f.name) + ": not a quantized type shapeproof reads (Q8_0, Q4_0, Q4_K, Q6_K)");
}

}  // namespace detail

/// `out.size()` weights from their blocks in `format`; the sizes must agree exactly.
inline void dequantize(const quant_format& format, std::span<const unsigned char> bytes, std::span<float> out)
{
  detail::check_quant_sizes(format, bytes.size(), out.size(), "dequantize");
  const auto one = detail::kernels_of(format).dequantize;
  const auto block = static_cast<std::size_t>(format.block), block_bytes = static_cast<std::size_t>(format.block_bytes);
  for (std::size_t i = 0; i < out.size() / block; ++i) one(bytes.data() + i * block_bytes, out.data() + i * block);
}

/// `values` in `format`'s blocks, each rounded to the nearest level of its block's own range.
inline std::vector<unsigned char> quantize(const quant_format& format, std::span<const float> values)
{
  const auto block = static_cast<std::size_t>(format.block), block_bytes = static_cast<std::size_t>(format.block_bytes);
  std::vector<unsigned char> bytes(values.size() / block * block_bytes);
  detail::check_quant_sizes(format, bytes.size(), values.size(), "quantize");
  const auto one = detail::kernels_of(format).quantize;
  for (std::size_t i = 0; i < values.size() / block; ++i)
    one(values.data() + i * block, bytes.data() + i * block_bytes);
  return bytes;
}

}  // namespace shapeproof::io

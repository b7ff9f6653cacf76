// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief GGUF's blocks repacked in strips of 16 outputs for the integer path, so that its
 * accumulators' lanes hold outputs rather than weight positions.
 *
 * The integer path over blocks as stored (`quant_dot.hpp`) keeps one output per accumulator, its
 * 16 lanes holding 16 runs of 4 weights: every 64 weights of every row and output then pay their
 * scales' product, a conversion and an FMA besides the integer dot product. In a strip, block b
 * of 16 outputs lies in one piece, its integers interleaved 4 bytes per output, so that one
 * 64-byte load holds 4 weights of each of the 16 outputs, and x's 4 values at that position are
 * one broadcast. A whole group of 32 (16 for Q6_K) then sums in 32-bit lanes (AVX2: in 16 bits
 * first, `strip_half_block`) before its scales apply once, for 16 outputs at a time.
 *
 * A strip block holds exactly the bytes of the 16 blocks it is made of, rearranged (`strips` of a
 * dtype hold as many bytes as its blocks as stored, the last strip padded with blocks of zeros):
 * - Q8_0 (16 × 34 bytes): the 16 f16 scales, then 8 steps of 64 bytes, byte 4·o + j of step s
 *   the level of output o's weight 4·s + j, stored as q + 128 (the unsigned byte `vpdpbusd` takes).
 * - Q4_0 (16 × 18): the scales, then 4 chunks of 64 bytes, byte 4·o + j of chunk s output o's
 *   byte 4·s + j as stored (its low nibble weight 4·s + j, its high one 16 + 4·s + j).
 * - Q4_K (16 × 144): the 16 d, the 16 dmin, then per pair of groups c (2c and 2c + 1) 48 bytes: the
 *   scales' low 4 bits (two per byte, one byte per output), the minimums' likewise, and their top
 *   2 bits (four pairs per byte); then per chunk of 64 weights c, 8 steps of 64 bytes, byte
 *   4·o + j of step s output o's byte 32·c + 4·s + j as stored (its low nibble weight 64·c + 4·s + j
 *   of group 2c, its high one weight 64·c + 32 + 4·s + j of group 2c + 1).
 * - Q6_K (16 × 210): the 16 d, the 16 × 16 scales (byte 16·g + o output o's scale g), then per half
 *   n and step s the 64 bytes of `ql[64n + 4s + j]` and of `ql[64n + 32 + 4s + j]` of each output,
 *   then per half and step those of `qh[32n + 4s + j]`.
 *
 * `strip_level`, `strip_scale` and `strip_min` read a strip block back weight by weight: the
 * portable kernel is written on them, and the tests check them against the blocks as stored.
 */

#include <immintrin.h>

#include <shapeproof/runtime/fetch_lines.hpp>
#include <shapeproof/runtime/quant_dot.hpp>
#include <shapeproof/runtime/row_tiles.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

namespace shapeproof::runtime::detail {

#if defined(__AVX512VNNI__) && defined(__AVX512BW__) && defined(__AVX512DQ__) && defined(__AVX512VL__)
#define SHAPEPROOF_STRIPS_VNNI 1
#endif
#if defined(__AVX2__) && defined(__FMA__) && defined(__F16C__)
#define SHAPEPROOF_STRIPS_AVX2 1
#endif

/// Outputs per strip: one per 32-bit lane of a 512-bit register (AVX2: of two 256-bit ones).
inline constexpr std::size_t strip_width = 16;

/// The most rows of x that pass under every strip together (`linear_rows`): their quantized x, at
/// most 64 × 11008 bytes and its scales, stays in L2 while W is read once for them.
inline constexpr std::size_t strip_rows_per_pass = 64;

/// A quantized dtype's strip format: its block as stored (`blocks_of`: `values` weights in `bytes`
/// bytes), the level offset k of the integer path (`int_blocks`), its group of one scale, the rows
/// of x per pass over a strip of the AVX-512 kernel (as many as the registers hold; the AVX2
/// kernel's are `strip_kernel`'s), the strips read side by side at few rows, and how many rows
/// that is (the AVX-512 kernel's, up to `stream_rows`; the AVX2 kernel's, one; more rows read one
/// strip at a time).
template<class T, std::size_t Group, std::size_t TileRows, std::size_t Streams = 1, std::size_t StreamRows = 1>
struct strip_format_of : blocks_of<T> {
  static constexpr std::size_t group = Group, tile_rows = TileRows, streams = Streams, stream_rows = StreamRows;
  static constexpr std::int32_t offset = int_blocks<T>::offset;
};

// Rows per pass: 8 where each row takes 2 registers (Q8_0, Q4_0); 4 for Q4_K's 3 (8 rows spill:
// 16 tokens 6% slower). Q6_K's rows take 2 (one group of 16 at a time), but 8 of them ran level
// with 4 (`strip_rows` alone at 8 to 64 rows, within the noise), and on a Zen 5 slower (8 and 16
// tokens 1.05 to 1.14 times as long). Two sums a row for Q8_0 and Q4_0 (even and odd steps, low and
// high nibbles: twice as many `vpdpbusd` chains) ran level or slower at 1 to 64 tokens there: the
// chains' latency is not what bounds them.
//
// Strips side by side at few rows: one strip at a time, the small strip blocks of Q4_0 (288 bytes)
// and Q8_0 (544) ran one token at about twice the read bound. Each strip from its own part of the
// thread's range, 4 at once took Q4_0 1.60 to 1.74 ms a layer against 2.08 to 2.39, and 2 at once
// Q8_0 2.73 to 2.98 against 3.59 to 3.63 (AMD EPYC, Zen 5, 2 cores, D 4096, Dff 11008, layers past
// the last-level cache, alternating; Q8_0 over 3 strips was level with 2, over 4 slower than 1).
// Reading one strip's blocks as 4 streams was slower, and fetching 16 or 32 KiB ahead changed
// nothing. 2 to 4 strips at once made Q4_K and Q6_K 1.4 to 2.3 times slower: they read one.
// Q8_0 reads its 2 side by side up to 4 rows (a tile of 4 rows over 2 strips holds as many sums
// and accumulators as one of 8 over one): 2 tokens took 2.59 and 3.15 ms against 3.49 and 3.22
// with one strip at a time (faster in one round, level in the other), 3 tokens 2.81 and 3.05
// against 3.89 and 4.31, 4 tokens 3.42 and 3.43 against 3.78 and 3.41. Q4_0's 4 strips at 2 rows
// ran 1.08 and 1.09 times as long as one, so Q4_0 reads them side by side at one row only (the
// same Zen 5).
template<class T>
struct strip_format;
template<>
struct strip_format<q8_0> : strip_format_of<q8_0, 32, 8, 2, 4> {
};
template<>
struct strip_format<q4_0> : strip_format_of<q4_0, 32, 8, 4> {
};
template<>
struct strip_format<q4_k> : strip_format_of<q4_k, 32, 4> {
};
template<>
struct strip_format<q6_k> : strip_format_of<q6_k, 16, 4> {
};

/// The strips of `out` outputs: whole strips, the last one padded.
constexpr std::size_t strip_count(std::size_t out) { return (out + strip_width - 1) / strip_width; }

/// The bytes of one strip of T over `in` inputs: its `in / values` strip blocks.
template<class T>
constexpr std::size_t strip_stride(std::size_t in)
{
  return in / strip_format<T>::values * strip_width * strip_format<T>::bytes;
}

/// The bytes of `out` outputs' strips, `in` inputs each.
template<class T>
constexpr std::size_t strip_bytes(std::size_t in, std::size_t out)
{
  return strip_count(out) * strip_stride<T>(in);
}

/// One strip block from the blocks of its 16 outputs (`src[o]`, null for padding: zeros, whose
/// scales of 0 make their outputs 0).
template<class T>
void pack_strip_block(const std::array<const unsigned char*, strip_width>& src, unsigned char* sb)
{
  constexpr std::size_t W = strip_width;
  std::memset(sb, 0, W * strip_format<T>::bytes);
  for (std::size_t o = 0; o < W; ++o) {
    const unsigned char* b = src[o];
    if (!b) continue;
    if constexpr (std::is_same_v<T, q8_0>) {
      std::memcpy(sb + 2 * o, b, 2);
      for (std::size_t i = 0; i < 32; ++i) sb[32 + 64 * (i / 4) + 4 * o + i % 4] = b[2 + i] ^ 0x80;
    } else if constexpr (std::is_same_v<T, q4_0>) {
      std::memcpy(sb + 2 * o, b, 2);
      for (std::size_t t = 0; t < 16; ++t) sb[32 + 64 * (t / 4) + 4 * o + t % 4] = b[2 + t];
    } else if constexpr (std::is_same_v<T, q4_k>) {
      std::memcpy(sb + 2 * o, b, 2);
      std::memcpy(sb + 32 + 2 * o, b + 2, 2);
      for (std::size_t c = 0; c < 4; ++c) {
        int s0 = 0, m0 = 0, s1 = 0, m1 = 0;  // 6 bits each
        io::detail::q4_k_scale_min(static_cast<int>(2 * c), b + 4, s0, m0);
        io::detail::q4_k_scale_min(static_cast<int>(2 * c + 1), b + 4, s1, m1);
        unsigned char* info = sb + 64 + 48 * c;
        info[o] = static_cast<unsigned char>((s0 & 0xF) | (s1 & 0xF) << 4);
        info[16 + o] = static_cast<unsigned char>((m0 & 0xF) | (m1 & 0xF) << 4);
        info[32 + o] = static_cast<unsigned char>((s0 >> 4) | (s1 >> 4) << 2 | (m0 >> 4) << 4 | (m1 >> 4) << 6);
        for (std::size_t t = 0; t < 32; ++t) sb[256 + 512 * c + 64 * (t / 4) + 4 * o + t % 4] = b[16 + 32 * c + t];
      }
    } else {
      static_assert(std::is_same_v<T, q6_k>);
      std::memcpy(sb + 2 * o, b + 208, 2);
      for (std::size_t g = 0; g < 16; ++g) sb[32 + 16 * g + o] = b[192 + g];
      for (std::size_t n = 0; n < 2; ++n)
        for (std::size_t l = 0; l < 32; ++l) {
          const std::size_t at = 4 * o + l % 4, step = 8 * n + l / 4;
          sb[288 + (2 * step) * 64 + at] = b[64 * n + l];
          sb[288 + (2 * step + 1) * 64 + at] = b[64 * n + 32 + l];
          sb[288 + 2048 + step * 64 + at] = b[128 + 32 * n + l];
        }
    }
  }
}

/// Storage from the start of a 64-byte cache line. Each strip format puts its 64-byte loads at
/// multiples of 64 from its block's start, or of 32 (Q8_0, Q4_0 and Q6_K, whose blocks are not whole
/// lines): from a line's start, none or half of them read parts of two lines, rather than all. (At
/// one row, over strips in L2, 10 to 15% faster than from malloc's 16 bytes past a line.)
template<class T>
struct line_aligned_allocator {
  using value_type = T;
  static constexpr std::align_val_t line{64};
  line_aligned_allocator() = default;
  template<class U>
  constexpr line_aligned_allocator(const line_aligned_allocator<U>&) noexcept
  {
  }
  T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), line)); }
  void deallocate(T* p, std::size_t) noexcept { ::operator delete(p, line); }
  friend bool operator==(const line_aligned_allocator&, const line_aligned_allocator&) { return true; }
};

/// A projection's strips (`pack_strips`), from a cache line's start.
using strip_buffer = std::vector<unsigned char, line_aligned_allocator<unsigned char>>;

/// W's blocks as stored (`[out, in / values]` blocks) repacked in strips of 16 outputs.
template<class T>
strip_buffer pack_strips(const unsigned char* w, std::size_t in, std::size_t out)
{
  using F = strip_format<T>;
  if (in % F::values != 0) throw std::invalid_argument("pack_strips: the inputs are not whole blocks");
  const std::size_t blocks = in / F::values, row_bytes = blocks * F::bytes, W = strip_width;
  strip_buffer s(strip_bytes<T>(in, out));
  for (std::size_t o0 = 0; o0 < out; o0 += W)
    for (std::size_t b = 0; b < blocks; ++b) {
      std::array<const unsigned char*, W> src{};
      for (std::size_t o = 0; o < W && o0 + o < out; ++o) src[o] = w + (o0 + o) * row_bytes + b * F::bytes;
      pack_strip_block<T>(src, s.data() + (o0 / W * blocks + b) * W * F::bytes);
    }
  return s;
}

/// The unsigned level of output o's weight i in strip block sb (the weight is a·(level − k) − m).
template<class T>
unsigned strip_level(const unsigned char* sb, std::size_t o, std::size_t i)
{
  if constexpr (std::is_same_v<T, q8_0>) {
    return sb[32 + 64 * (i / 4) + 4 * o + i % 4];
  } else if constexpr (std::is_same_v<T, q4_0>) {
    const unsigned byte = sb[32 + 64 * ((i % 16) / 4) + 4 * o + i % 4];
    return i < 16 ? byte & 0xF : byte >> 4;
  } else if constexpr (std::is_same_v<T, q4_k>) {
    const unsigned byte = sb[256 + 512 * (i / 64) + 64 * ((i % 32) / 4) + 4 * o + i % 4];
    return i % 64 < 32 ? byte & 0xF : byte >> 4;
  } else {
    const std::size_t n = i / 128, k = (i % 128) / 32, step = 8 * n + (i % 32) / 4, at = 4 * o + i % 4;
    const unsigned low = sb[288 + (2 * step + k % 2) * 64 + at], high = sb[288 + 2048 + step * 64 + at];
    return ((k < 2 ? low & 0xF : low >> 4) | ((high >> (2 * k)) & 3) << 4);
  }
}

/// Output o's scale a of group g (of `strip_format<T>::group` weights) in strip block sb.
template<class T>
float strip_scale(const unsigned char* sb, std::size_t o, std::size_t g)
{
  const float d = scale_at(sb + 2 * o);
  if constexpr (std::is_same_v<T, q4_k>) {
    const unsigned char* info = sb + 64 + 48 * (g / 2);
    const unsigned low = g % 2 ? info[o] >> 4 : info[o] & 0xF, high = (info[32 + o] >> (2 * (g % 2))) & 3;
    return d * static_cast<float>(low | high << 4);
  } else if constexpr (std::is_same_v<T, q6_k>) {
    return d * static_cast<float>(static_cast<std::int8_t>(sb[32 + 16 * g + o]));
  } else {
    return d;
  }
}

/// Output o's minimum m of group g in strip block sb (Q4_K's; 0 for the others).
template<class T>
float strip_min(const unsigned char* sb, std::size_t o, std::size_t g)
{
  if constexpr (std::is_same_v<T, q4_k>) {
    const unsigned char* info = sb + 64 + 48 * (g / 2);
    const unsigned low = g % 2 ? info[16 + o] >> 4 : info[16 + o] & 0xF, high = (info[32 + o] >> (4 + 2 * (g % 2))) & 3;
    return scale_at(sb + 32 + 2 * o) * static_cast<float>(low | high << 4);
  } else {
    return 0.0f;
  }
}

// Σ of x's quantized values i0 to i0 + n of row r, from its sums per 16.
inline std::int32_t q8_sum(const q8_rows& x, std::size_t r, std::size_t i0, std::size_t n)
{
  std::int32_t s = 0;
  for (std::size_t k = i0 / 16; k < (i0 + n) / 16; ++k) s += x.sum16[r * (x.in / 16) + k];
  return s;
}

// The portable kernel: y[r, o] for `rows` rows from r0 and the strip's outputs [0, cols), group
// by group, from the strip's levels and scales read one by one.
template<class T>
void strip_rows_portable(const q8_rows& x, std::size_t r0, std::size_t rows, const unsigned char* strip,
                         std::size_t cols, float* y, std::size_t out)
{
  using F = strip_format<T>;
  const std::size_t in = x.in, blocks = in / F::values;
  for (std::size_t r = 0; r < rows; ++r) {
    const std::int8_t* q = x.q.data() + (r0 + r) * in;
    for (std::size_t o = 0; o < cols; ++o) {
      float acc = 0;
      for (std::size_t b = 0; b < blocks; ++b) {
        const unsigned char* sb = strip + b * strip_width * F::bytes;
        for (std::size_t g = 0; g < F::values / F::group; ++g) {
          const std::size_t i0 = b * F::values + g * F::group;
          std::int32_t dot = -F::offset * q8_sum(x, r0 + r, i0, F::group);
          for (std::size_t i = 0; i < F::group; ++i)
            dot += static_cast<std::int32_t>(strip_level<T>(sb, o, g * F::group + i)) * q[i0 + i];
          const std::size_t g32 = (r0 + r) * (in / 32) + i0 / 32;
          acc += static_cast<float>(dot) * (strip_scale<T>(sb, o, g) * x.dx[g32]);
          if constexpr (std::is_same_v<T, q4_k>) acc -= strip_min<T>(sb, o, g) * x.sums[g32];
        }
      }
      y[r * out + o] = acc;
    }
  }
}

// Row r of the quantized x from a block's first value: its values, its groups' dx and dx·Σqx (per
// 32), its Σqx per 16.
struct strip_x {
  const std::int8_t* q;
  const float *dx, *sums;
  const std::int32_t* sum16;
};

// How far ahead of a strip block its bytes are fetched, by the first tile of rows over the strip.
// Measured on an AMD EPYC (Zen 5), 2 cores over 256 MB of strips, 2, 4, 8 and 12 KiB alternately:
// at one row 8 KiB read Q4_K at 68 to 73 GB/s against 2 KiB's 36 to 59, Q6_K 74 to 78 against 60
// to 63; at 2 to 8 rows 0 to 40% faster; 12 KiB as 8. (An earlier measurement, at one and 4
// tokens, had found 4 and 8 KiB slower than 2: the best distance depends on the machine.)
inline constexpr std::size_t strip_fetch_ahead = 8192;

// The pointers of x from value i0 of its values (of row r's block b: r·in + b·values)
inline strip_x strip_x_at(const q8_rows& x, std::size_t i0)
{
  return {x.q.data() + i0, x.dx.data() + i0 / 32, x.sums.data() + i0 / 32, x.sum16.data() + i0 / 16};
}

// Q4_K's 6-bit scales or minimums, a byte each: the low 4 bits from the low nibbles of `low` (the
// high ones if `high`), the top 2 from bits `shift` and `shift` + 1 of `top`'s bytes.
inline __m128i strip_six_bits(__m128i low, bool high, __m128i top, int shift)
{
  const __m128i m4 = _mm_set1_epi8(0xF), m2 = _mm_set1_epi8(3);
  return _mm_or_si128(_mm_and_si128(high ? _mm_srli_epi16(low, 4) : low, m4),
                      _mm_slli_epi16(_mm_and_si128(_mm_srli_epi16(top, shift), m2), 4));
}

#if defined(SHAPEPROOF_STRIPS_VNNI)
// x's 4 quantized values at p in every lane.
inline __m512i strip_x4(const std::int8_t* p)
{
  std::int32_t v;
  std::memcpy(&v, p, 4);
  return _mm512_set1_epi32(v);
}

inline __m512i strip_load(const unsigned char* p) { return _mm512_loadu_si512(p); }

// acc[r] for R rows over one strip block of T: the integer sums per group, then its scales (and
// Q4_K's minimums) once per group, lanes = outputs.
template<class T, std::size_t R>
inline void strip_block(const unsigned char* sb, const std::array<strip_x, R>& x, __m512 (&acc)[R])
{
  const __m512i m4 = _mm512_set1_epi8(0xF);
  if constexpr (std::is_same_v<T, q8_0> || std::is_same_v<T, q4_0>) {
    constexpr std::int32_t k = strip_format<T>::offset;
    const __m512 d = _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(sb)));
    __m512i sum[R];
    for (std::size_t r = 0; r < R; ++r) sum[r] = _mm512_set1_epi32(-k * (x[r].sum16[0] + x[r].sum16[1]));
    if constexpr (std::is_same_v<T, q8_0>) {
      for (std::size_t s = 0; s < 8; ++s) {
        const __m512i w = strip_load(sb + 32 + 64 * s);
        for (std::size_t r = 0; r < R; ++r) sum[r] = _mm512_dpbusd_epi32(sum[r], w, strip_x4(x[r].q + 4 * s));
      }
    } else {
      for (std::size_t s = 0; s < 4; ++s) {
        const __m512i v = strip_load(sb + 32 + 64 * s);
        const __m512i lo = _mm512_and_si512(v, m4), hi = _mm512_and_si512(_mm512_srli_epi16(v, 4), m4);
        for (std::size_t r = 0; r < R; ++r) {
          sum[r] = _mm512_dpbusd_epi32(sum[r], lo, strip_x4(x[r].q + 4 * s));
          sum[r] = _mm512_dpbusd_epi32(sum[r], hi, strip_x4(x[r].q + 16 + 4 * s));
        }
      }
    }
    for (std::size_t r = 0; r < R; ++r)
      acc[r] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum[r]), _mm512_mul_ps(d, _mm512_set1_ps(x[r].dx[0])), acc[r]);
  } else if constexpr (std::is_same_v<T, q4_k>) {
    const __m512 d = _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(sb)));
    const __m512 dmin = _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(sb + 32)));
    const auto widen = [](__m128i v) { return _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(v)); };
    for (std::size_t c = 0; c < 4; ++c) {
      const unsigned char* info = sb + 64 + 48 * c;
      const __m128i sl = _mm_loadu_si128(reinterpret_cast<const __m128i*>(info));
      const __m128i ml = _mm_loadu_si128(reinterpret_cast<const __m128i*>(info + 16));
      const __m128i hb = _mm_loadu_si128(reinterpret_cast<const __m128i*>(info + 32));
      const __m512 s0 = _mm512_mul_ps(d, widen(strip_six_bits(sl, false, hb, 0)));
      const __m512 s1 = _mm512_mul_ps(d, widen(strip_six_bits(sl, true, hb, 2)));
      const __m512 n0 = _mm512_mul_ps(dmin, widen(strip_six_bits(ml, false, hb, 4)));
      const __m512 n1 = _mm512_mul_ps(dmin, widen(strip_six_bits(ml, true, hb, 6)));
      __m512i lo_sum[R], hi_sum[R];
      for (std::size_t r = 0; r < R; ++r) lo_sum[r] = hi_sum[r] = _mm512_setzero_si512();
      const unsigned char* qs = sb + 256 + 512 * c;
      for (std::size_t s = 0; s < 8; ++s) {
        const __m512i v = strip_load(qs + 64 * s);
        const __m512i lo = _mm512_and_si512(v, m4), hi = _mm512_and_si512(_mm512_srli_epi16(v, 4), m4);
        for (std::size_t r = 0; r < R; ++r) {
          lo_sum[r] = _mm512_dpbusd_epi32(lo_sum[r], lo, strip_x4(x[r].q + 64 * c + 4 * s));
          hi_sum[r] = _mm512_dpbusd_epi32(hi_sum[r], hi, strip_x4(x[r].q + 64 * c + 32 + 4 * s));
        }
      }
      for (std::size_t r = 0; r < R; ++r) {
        const std::size_t g = 2 * c;
        acc[r] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(lo_sum[r]), _mm512_mul_ps(s0, _mm512_set1_ps(x[r].dx[g])), acc[r]);
        acc[r] =
            _mm512_fmadd_ps(_mm512_cvtepi32_ps(hi_sum[r]), _mm512_mul_ps(s1, _mm512_set1_ps(x[r].dx[g + 1])), acc[r]);
        acc[r] = _mm512_fnmadd_ps(n0, _mm512_set1_ps(x[r].sums[g]), acc[r]);
        acc[r] = _mm512_fnmadd_ps(n1, _mm512_set1_ps(x[r].sums[g + 1]), acc[r]);
      }
    }
  } else {
    static_assert(std::is_same_v<T, q6_k>);
    const __m512 d = _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(sb)));
    constexpr std::int32_t offset = strip_format<T>::offset;
    const __m512i m30 = _mm512_set1_epi8(0x30);
    // Weight 128n + 32k + 4s' + j (s' = 0 to 7) of each output at step 8n + s': its low 4 bits in
    // ql's 64 bytes at 2·step + k % 2 (the low nibble for k < 2), its 2 high bits in qh's, bits
    // 2k and 2k + 1, moved to bits 4 and 5 (A | (B & C), one ternary-logic instruction). One group
    // of 16 at a time, so that each row keeps one sum and one accumulator (5 registers a row for
    // the 4 groups of a step at once spilled).
    const auto level = [&](std::size_t step, std::size_t k) {
      const __m512i ql = strip_load(sb + 288 + (2 * step + k % 2) * 64), qh = strip_load(sb + 288 + 2048 + step * 64);
      const __m512i low = _mm512_and_si512(k < 2 ? ql : _mm512_srli_epi16(ql, 4), m4);
      const __m512i high = k == 0   ? _mm512_slli_epi16(qh, 4)
                           : k == 1 ? _mm512_slli_epi16(qh, 2)
                           : k == 2 ? qh
                                    : _mm512_srli_epi16(qh, 2);
      return _mm512_ternarylogic_epi32(low, high, m30, 0xF8);
    };
#pragma GCC unroll 2
    for (std::size_t n = 0; n < 2; ++n)
#pragma GCC unroll 4
      for (std::size_t k = 0; k < 4; ++k)
#pragma GCC unroll 2
        for (std::size_t h = 0; h < 2; ++h) {
          // Group 8n + 2k + h: weights 128n + 32k + 16h to + 16
          const std::size_t g = 8 * n + 2 * k + h;
          __m512i sum[R];
          for (std::size_t r = 0; r < R; ++r) sum[r] = _mm512_set1_epi32(-offset * x[r].sum16[g]);
#pragma GCC unroll 4
          for (std::size_t s = 4 * h; s < 4 * h + 4; ++s) {
            const __m512i v = level(8 * n + s, k);
            for (std::size_t r = 0; r < R; ++r)
              sum[r] = _mm512_dpbusd_epi32(sum[r], v, strip_x4(x[r].q + 128 * n + 32 * k + 4 * s));
          }
          const __m512 scale = _mm512_mul_ps(d, _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128(
                                                    reinterpret_cast<const __m128i*>(sb + 32 + 16 * g)))));
          for (std::size_t r = 0; r < R; ++r)
            acc[r] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum[r]),
                                     _mm512_mul_ps(scale, _mm512_set1_ps(x[r].dx[4 * n + k])), acc[r]);
        }
  }
}

// y[k][r, o] for R rows from r0 and outputs [0, cols[k]) of N strips, read side by side block by
// block (N streams of W, one x).
template<class T, std::size_t R, std::size_t N = 1>
void strip_tile(const q8_rows& x, std::size_t r0, const std::array<const unsigned char*, N>& strip,
                const std::array<std::size_t, N>& cols, const std::array<float*, N>& y, std::size_t out, bool fetch)
{
  using F = strip_format<T>;
  constexpr std::size_t block_bytes = strip_width * F::bytes;
  const std::size_t in = x.in, blocks = in / F::values;
  __m512 acc[N][R];
  for (auto& a : acc)
    for (auto& v : a) v = _mm512_setzero_ps();
  for (std::size_t b = 0; b < blocks; ++b) {
    std::array<strip_x, R> xs;
    for (std::size_t r = 0; r < R; ++r) xs[r] = strip_x_at(x, (r0 + r) * in + b * F::values);
    for (std::size_t k = 0; k < N; ++k) {
      const unsigned char* sb = strip[k] + b * block_bytes;
      if (fetch) fetch_lines<block_bytes>(sb, strip_fetch_ahead);
      strip_block<T, R>(sb, xs, acc[k]);
    }
  }
  for (std::size_t k = 0; k < N; ++k) {
    const __mmask16 mask = static_cast<__mmask16>((1u << cols[k]) - 1);
    for (std::size_t r = 0; r < R; ++r) _mm512_mask_storeu_ps(y[k] + r * out, mask, acc[k][r]);
  }
}
#endif

#if defined(SHAPEPROOF_STRIPS_AVX2)
// The AVX2 kernel, for a build for AVX2 (with FMA and F16C) without AVX-512 VNNI: a strip's 16
// outputs as two halves of 8, the low 32 bytes of each 64-byte step (outputs 0 to 7) and the high
// ones (8 to 15), both in one pass over the strip or one pass each (`strip_tile_half`). Without
// vpdpbusd, 4 products into a 32-bit lane are vpmaddubsw (unsigned levels times x, pairs summed to
// 16 bits, saturating) then vpmaddwd by 1 (pairs of those to 32 bits). x's values are at most 127
// in size, so:
// - levels of 4 bits make pairs of at most 2·15·127 = 3,810: a group's 8 sum in 16 bits (30,480)
//   before one vpmaddwd;
// - Q6_K's of 6 bits, 2·63·127 = 16,002: two at a time;
// - Q8_0's levels q + 128 would saturate (2·255·127): its signed levels q go as |q|, and x with
//   q's sign (vpsignb), at most 2·128·127 = 32,512, one at a time, with no offset to take away.

// x's 4 quantized values at p in every lane of 8.
inline __m256i strip_x4_half(const std::int8_t* p)
{
  std::int32_t v;
  std::memcpy(&v, p, 4);
  return _mm256_set1_epi32(v);
}

inline __m256i strip_load_half(const unsigned char* p)
{
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}

// The 16-bit sums of s in pairs, as 32-bit lanes.
inline __m256i strip_pairs(__m256i s) { return _mm256_madd_epi16(s, _mm256_set1_epi16(1)); }

// v as it is, through an empty assembly statement: a running sum of 32-bit adds that the compiler
// then cannot reorder. Integer adds may be reassociated, and g++ did so with Q8_0's unrolled steps
// of 4 rows, making every product first and keeping them on the stack until it summed them (4 rows
// 1.3 times as fast with this statement). Q4_0's and Q4_K's 16-bit sums take saturating adds
// instead, which equal the plain ones as none can saturate here, and which it cannot reorder.
inline __m256i strip_in_order(__m256i v)
{
  __asm__("" : "+x"(v));
  return v;
}

// The half's 8 f16 scales at p (16 bytes a half, 2 per output).
inline __m256 strip_f16_half(const unsigned char* p)
{
  return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}

// acc[r] for R rows over half h (outputs 8h to 8h + 7) of one strip block of T, as `strip_block`.
template<class T, std::size_t R>
inline void strip_half_block(const unsigned char* sb, std::size_t h, const std::array<strip_x, R>& x, __m256 (&acc)[R])
{
  const __m256i m4 = _mm256_set1_epi8(0xF);
  const __m256 d = strip_f16_half(sb + 16 * h);
  const unsigned char* steps = sb + 32 * h;  // + 64·step: this half's 32 bytes of the step
  if constexpr (std::is_same_v<T, q8_0>) {
    const __m256i flip = _mm256_set1_epi8(static_cast<char>(0x80));
    __m256i sum[R];
    for (std::size_t r = 0; r < R; ++r) sum[r] = _mm256_setzero_si256();
    for (std::size_t s = 0; s < 8; ++s) {
      const __m256i w = _mm256_xor_si256(strip_load_half(steps + 32 + 64 * s), flip);
      const __m256i size = _mm256_abs_epi8(w);
      for (std::size_t r = 0; r < R; ++r)
        sum[r] = strip_in_order(_mm256_add_epi32(
            sum[r], strip_pairs(_mm256_maddubs_epi16(size, _mm256_sign_epi8(strip_x4_half(x[r].q + 4 * s), w)))));
    }
    for (std::size_t r = 0; r < R; ++r)
      acc[r] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sum[r]), _mm256_mul_ps(d, _mm256_set1_ps(x[r].dx[0])), acc[r]);
  } else if constexpr (std::is_same_v<T, q4_0>) {
    constexpr std::int32_t k = strip_format<T>::offset;
    __m256i sum[R];
    for (std::size_t r = 0; r < R; ++r) sum[r] = _mm256_setzero_si256();
    for (std::size_t s = 0; s < 4; ++s) {
      const __m256i v = strip_load_half(steps + 32 + 64 * s);
      const __m256i lo = _mm256_and_si256(v, m4), hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), m4);
      for (std::size_t r = 0; r < R; ++r) {
        sum[r] = _mm256_adds_epi16(sum[r], _mm256_maddubs_epi16(lo, strip_x4_half(x[r].q + 4 * s)));
        sum[r] = _mm256_adds_epi16(sum[r], _mm256_maddubs_epi16(hi, strip_x4_half(x[r].q + 16 + 4 * s)));
      }
    }
    for (std::size_t r = 0; r < R; ++r) {
      const __m256i dot =
          _mm256_add_epi32(strip_pairs(sum[r]), _mm256_set1_epi32(-k * (x[r].sum16[0] + x[r].sum16[1])));
      acc[r] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(dot), _mm256_mul_ps(d, _mm256_set1_ps(x[r].dx[0])), acc[r]);
    }
  } else if constexpr (std::is_same_v<T, q4_k>) {
    const __m256 dmin = strip_f16_half(sb + 32 + 16 * h);
    const auto widen = [](__m128i v) { return _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(v)); };
    // Group g's scale (times d) or minimum (times dmin): 4 low bits in a nibble of the pair's scale
    // or minimum bytes at `at`, 2 high ones in its top-bits byte, from bit `top`
    const auto six_bits = [&](std::size_t g, const __m256& f, std::size_t at, int top) {
      const unsigned char* info = sb + 64 + 48 * (g / 2) + 8 * h;
      const __m128i l = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(info + at));
      const __m128i hb = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(info + 32));
      return _mm256_mul_ps(f, widen(strip_six_bits(l, g % 2, hb, top)));
    };
    // Each group's 16-bit sums of R rows into their accumulators, with its scale and minimum
    const auto finish = [&](std::size_t g, const __m256i(&sum)[R]) {
      const int top = static_cast<int>(2 * (g % 2));
      const __m256 scale = six_bits(g, d, 0, top), min = six_bits(g, dmin, 16, 4 + top);
      for (std::size_t r = 0; r < R; ++r) {
        acc[r] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(strip_pairs(sum[r])),
                                 _mm256_mul_ps(scale, _mm256_set1_ps(x[r].dx[g])), acc[r]);
        acc[r] = _mm256_fnmadd_ps(min, _mm256_set1_ps(x[r].sums[g]), acc[r]);
      }
    };
    if constexpr (R <= 2) {
      // Chunk c's two groups side by side: 2c from the low nibbles of its 8 steps, 2c + 1 the high
      // (each step loaded once for both; one group at a time, as below, took 1.15 to 1.2 times as
      // long at 1 and 2 rows, where the registers suffice)
      for (std::size_t c = 0; c < 4; ++c) {
        __m256i lo_sum[R], hi_sum[R];
        for (std::size_t r = 0; r < R; ++r) lo_sum[r] = hi_sum[r] = _mm256_setzero_si256();
        const unsigned char* qs = steps + 256 + 512 * c;
        for (std::size_t s = 0; s < 8; ++s) {
          const __m256i v = strip_load_half(qs + 64 * s);
          const __m256i lo = _mm256_and_si256(v, m4), hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), m4);
          for (std::size_t r = 0; r < R; ++r) {
            lo_sum[r] = _mm256_adds_epi16(lo_sum[r], _mm256_maddubs_epi16(lo, strip_x4_half(x[r].q + 64 * c + 4 * s)));
            hi_sum[r] =
                _mm256_adds_epi16(hi_sum[r], _mm256_maddubs_epi16(hi, strip_x4_half(x[r].q + 64 * c + 32 + 4 * s)));
          }
        }
        finish(2 * c, lo_sum);
        finish(2 * c + 1, hi_sum);
      }
    } else {
      // One group at a time, 8 steps' low or high nibbles: a row's sums take 1 register rather than
      // 2, so that 4 rows' sums, accumulators and operands fit in 16 (side by side, g++ spilled 2
      // of them and moved 7 at every step)
#pragma GCC unroll 8
      for (std::size_t g = 0; g < 8; ++g) {
        __m256i sum[R];
        for (std::size_t r = 0; r < R; ++r) sum[r] = _mm256_setzero_si256();
        const unsigned char* qs = steps + 256 + 512 * (g / 2);
#pragma GCC unroll 8
        for (std::size_t s = 0; s < 8; ++s) {
          const __m256i v = strip_load_half(qs + 64 * s);
          const __m256i u = _mm256_and_si256(g % 2 ? _mm256_srli_epi16(v, 4) : v, m4);
          for (std::size_t r = 0; r < R; ++r)
            sum[r] = _mm256_adds_epi16(sum[r], _mm256_maddubs_epi16(u, strip_x4_half(x[r].q + 32 * g + 4 * s)));
        }
        finish(g, sum);
      }
    }
  } else {
    static_assert(std::is_same_v<T, q6_k>);
    constexpr std::int32_t offset = strip_format<T>::offset;
    const __m256i m30 = _mm256_set1_epi8(0x30);
    // As `strip_block`'s: level k of a step from its ql (k even: the first 64 bytes, odd: the
    // second) and qh, the low 4 bits from ql, the 2 high ones from qh moved to bits 4 and 5 (shifts
    // of 16-bit lanes whose bits from the neighbouring byte the mask clears)
    const auto level_of = [&](__m256i ql, __m256i qh, std::size_t k) {
      const __m256i low = _mm256_and_si256(k < 2 ? ql : _mm256_srli_epi16(ql, 4), m4);
      const __m256i high = k == 0   ? _mm256_slli_epi16(qh, 4)
                           : k == 1 ? _mm256_slli_epi16(qh, 2)
                           : k == 2 ? qh
                                    : _mm256_srli_epi16(qh, 2);
      return _mm256_or_si256(low, _mm256_and_si256(high, m30));
    };
    if constexpr (R == 1) {
      // One row: a step's 4 levels (k = 0 to 3) from its 3 loads at once, and the 4 groups' sums
      // side by side
#pragma GCC unroll 2
      for (std::size_t n = 0; n < 2; ++n)
#pragma GCC unroll 2
        for (std::size_t p = 0; p < 2; ++p) {
          __m256i sum[4];
          for (std::size_t k = 0; k < 4; ++k) sum[k] = _mm256_set1_epi32(-offset * x[0].sum16[8 * n + 2 * k + p]);
#pragma GCC unroll 2
          for (std::size_t s = 4 * p; s < 4 * p + 4; s += 2) {
            __m256i pair[4];
#pragma GCC unroll 2
            for (std::size_t t = 0; t < 2; ++t) {
              const std::size_t step = 8 * n + s + t;
              const __m256i ql0 = strip_load_half(steps + 288 + 2 * step * 64);
              const __m256i ql1 = strip_load_half(steps + 288 + (2 * step + 1) * 64);
              const __m256i qh = strip_load_half(steps + 288 + 2048 + step * 64);
              const __m256i v[4] = {level_of(ql0, qh, 0), level_of(ql1, qh, 1), level_of(ql0, qh, 2),
                                    level_of(ql1, qh, 3)};
              for (std::size_t k = 0; k < 4; ++k) {
                const __m256i product =
                    _mm256_maddubs_epi16(v[k], strip_x4_half(x[0].q + 128 * n + 32 * k + 4 * (s + t)));
                pair[k] = t == 0 ? product : _mm256_add_epi16(pair[k], product);
              }
            }
            for (std::size_t k = 0; k < 4; ++k) sum[k] = _mm256_add_epi32(sum[k], strip_pairs(pair[k]));
          }
          for (std::size_t k = 0; k < 4; ++k) {
            const std::size_t g = 8 * n + 2 * k + p;
            const __m256 scale = _mm256_mul_ps(d, _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_loadl_epi64(
                                                      reinterpret_cast<const __m128i*>(sb + 32 + 16 * g + 8 * h)))));
            acc[0] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sum[k]),
                                     _mm256_mul_ps(scale, _mm256_set1_ps(x[0].dx[4 * n + k])), acc[0]);
          }
        }
    } else {
      const auto level = [&](std::size_t step, std::size_t k) {
        return level_of(strip_load_half(steps + 288 + (2 * step + k % 2) * 64),
                        strip_load_half(steps + 288 + 2048 + step * 64), k);
      };
#pragma GCC unroll 2
      for (std::size_t n = 0; n < 2; ++n)
#pragma GCC unroll 4
        for (std::size_t k = 0; k < 4; ++k)
#pragma GCC unroll 2
          for (std::size_t p = 0; p < 2; ++p) {
            // Group 8n + 2k + p: weights 128n + 32k + 16p to + 16, two steps per 16-bit sum
            const std::size_t g = 8 * n + 2 * k + p;
            __m256i sum[R];
            for (std::size_t r = 0; r < R; ++r) sum[r] = _mm256_set1_epi32(-offset * x[r].sum16[g]);
#pragma GCC unroll 2
            for (std::size_t s = 4 * p; s < 4 * p + 4; s += 2) {
              const __m256i v0 = level(8 * n + s, k), v1 = level(8 * n + s + 1, k);
              for (std::size_t r = 0; r < R; ++r) {
                const std::int8_t* q = x[r].q + 128 * n + 32 * k + 4 * s;
                sum[r] = _mm256_add_epi32(
                    sum[r], strip_pairs(_mm256_add_epi16(_mm256_maddubs_epi16(v0, strip_x4_half(q)),
                                                         _mm256_maddubs_epi16(v1, strip_x4_half(q + 4)))));
              }
            }
            const __m256 scale = _mm256_mul_ps(d, _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_loadl_epi64(
                                                      reinterpret_cast<const __m128i*>(sb + 32 + 16 * g + 8 * h)))));
            for (std::size_t r = 0; r < R; ++r)
              acc[r] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sum[r]),
                                       _mm256_mul_ps(scale, _mm256_set1_ps(x[r].dx[4 * n + k])), acc[r]);
          }
    }
  }
}

// `strip_tile` on AVX2: halves H0 to H1 - 1 of the N strips in one pass over their blocks.
template<class T, std::size_t R, std::size_t N, std::size_t H0, std::size_t H1>
void strip_pass_half(const q8_rows& x, std::size_t r0, const std::array<const unsigned char*, N>& strip,
                     const std::array<std::size_t, N>& cols, const std::array<float*, N>& y, std::size_t out,
                     bool fetch)
{
  using F = strip_format<T>;
  constexpr std::size_t block_bytes = strip_width * F::bytes;
  const std::size_t in = x.in, blocks = in / F::values;
  __m256 acc[N][H1 - H0][R];
  for (auto& a : acc)
    for (auto& h : a)
      for (auto& v : h) v = _mm256_setzero_ps();
  std::array<strip_x, R> xs;
  for (std::size_t r = 0; r < R; ++r) xs[r] = strip_x_at(x, (r0 + r) * in);
  for (std::size_t b = 0; b < blocks; ++b) {
    for (std::size_t k = 0; k < N; ++k) {
      const unsigned char* sb = strip[k] + b * block_bytes;
      // The pass of the first half reads from memory (a second reads from L2)
      if (fetch && H0 == 0) fetch_lines<block_bytes>(sb, strip_fetch_ahead);
      for (std::size_t h = H0; h < H1; ++h) strip_half_block<T, R>(sb, h, xs, acc[k][h - H0]);
    }
    // Each row's pointers a block on, rather than computed again from the row and the block
    for (auto& xr : xs) {
      xr.q += F::values;
      xr.dx += F::values / 32;
      xr.sums += F::values / 32;
      xr.sum16 += F::values / 16;
    }
  }
  const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  for (std::size_t k = 0; k < N; ++k)
    for (std::size_t h = H0; h < H1; ++h) {
      const std::size_t n = std::min(cols[k], 8 * (h + 1)) - std::min(cols[k], 8 * h);
      if (n == 0) continue;
      const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(n)), lane);
      for (std::size_t r = 0; r < R; ++r) _mm256_maskstore_ps(y[k] + r * out + 8 * h, mask, acc[k][h - H0][r]);
    }
}

// `strip_tile` on AVX2: up to 2 rows both halves in one pass (the memory's time and the
// arithmetic's overlap), 3 and 4 rows a pass per half (their registers would not hold both).
template<class T, std::size_t R, std::size_t N = 1>
void strip_tile_half(const q8_rows& x, std::size_t r0, const std::array<const unsigned char*, N>& strip,
                     const std::array<std::size_t, N>& cols, const std::array<float*, N>& y, std::size_t out,
                     bool fetch)
{
  if constexpr (R <= 2) {
    strip_pass_half<T, R, N, 0, 2>(x, r0, strip, cols, y, out, fetch);
  } else {
    strip_pass_half<T, R, N, 0, 1>(x, r0, strip, cols, y, out, fetch);
    strip_pass_half<T, R, N, 1, 2>(x, r0, strip, cols, y, out, fetch);
  }
}
#endif

/// The kernels of the integer path over strips: `portable` everywhere, `avx2` and `avx512_vnni`
/// where the compiler targets them (`strip_isa_built`); `strip_rows` runs the fastest of them.
enum class strip_isa { portable, avx2, avx512_vnni };

constexpr bool strip_isa_built(strip_isa i)
{
  switch (i) {
    case strip_isa::portable:
      return true;
#if defined(SHAPEPROOF_STRIPS_AVX2)
    case strip_isa::avx2:
      return true;
#endif
#if defined(SHAPEPROOF_STRIPS_VNNI)
    case strip_isa::avx512_vnni:
      return true;
#endif
    default:
      return false;
  }
}

inline constexpr strip_isa strip_isa_best = strip_isa_built(strip_isa::avx512_vnni) ? strip_isa::avx512_vnni
                                            : strip_isa_built(strip_isa::avx2)      ? strip_isa::avx2
                                                                                    : strip_isa::portable;

// A SIMD kernel's tile of R rows over N strips, its most rows per tile, and the most rows at which
// it reads strip_format<T>::streams strips side by side.
template<strip_isa I>
struct strip_kernel;
#if defined(SHAPEPROOF_STRIPS_VNNI)
template<>
struct strip_kernel<strip_isa::avx512_vnni> {
  template<class T>
  static constexpr std::size_t tile_rows = strip_format<T>::tile_rows;
  template<class T>
  static constexpr std::size_t stream_rows = strip_format<T>::stream_rows;
  template<class T, std::size_t R, std::size_t N>
  static void tile(const q8_rows& x, std::size_t r0, const std::array<const unsigned char*, N>& strip,
                   const std::array<std::size_t, N>& cols, const std::array<float*, N>& y, std::size_t out, bool fetch)
  {
    strip_tile<T, R, N>(x, r0, strip, cols, y, out, fetch);
  }
};
#endif
#if defined(SHAPEPROOF_STRIPS_AVX2)
template<>
struct strip_kernel<strip_isa::avx2> {
  // 4 rows for every type: tiles of 2 (Q4_K, Q6_K) took 1.1 to 1.6 times as long at 4 and 16
  // rows, and of 8 (Q8_0, Q4_0) up to 1.7 times at 8, every tile then a pass per half (AMD EPYC
  // with AVX2 and no AVX-512, 2 cores, D 4096, Dff 11008, layers past the last-level cache,
  // alternating; `bench/README.md`)
  template<class T>
  static constexpr std::size_t tile_rows = 4;
  // Strips side by side at one row only (16 registers)
  template<class T>
  static constexpr std::size_t stream_rows = 1;
  template<class T, std::size_t R, std::size_t N>
  static void tile(const q8_rows& x, std::size_t r0, const std::array<const unsigned char*, N>& strip,
                   const std::array<std::size_t, N>& cols, const std::array<float*, N>& y, std::size_t out, bool fetch)
  {
    strip_tile_half<T, R, N>(x, r0, strip, cols, y, out, fetch);
  }
};
#endif

/// y = x · Wᵀ for `rows` rows of the quantized x from `r0` (y their first row) over W's strips
/// [s_begin, s_end) (`pack_strips`; s_begin ≤ s_end ≤ strip_count(out)): y's outputs 16·s_begin
/// to min(16·s_end, out), by kernel I (one that `strip_isa_built`).
template<class T, strip_isa I = strip_isa_best>
void strip_rows(const q8_rows& x, std::size_t r0, std::size_t rows, const unsigned char* strips, std::size_t s_begin,
                std::size_t s_end, float* y, std::size_t out)
{
  static_assert(strip_isa_built(I), "strip_rows: this kernel is not built for the target CPU");
  const std::size_t stride = strip_stride<T>(x.in);
  if constexpr (I == strip_isa::portable) {
    for (std::size_t s = s_begin; s < s_end; ++s) {
      const std::size_t o0 = s * strip_width;
      strip_rows_portable<T>(x, r0, rows, strips + s * stride, std::min(strip_width, out - o0), y + o0, out);
    }
  } else {
    using K = strip_kernel<I>;
    if constexpr (constexpr std::size_t N = strip_format<T>::streams, S = K::template stream_rows<T>; N > 1)
      if (rows <= S) {
        // Few rows: N strips at a time, strip i of each N-th of the range (the strips left, fewer
        // than N, below), all rows in one tile
        const std::size_t part = (s_end - s_begin) / N;
        for (std::size_t i = 0; i < part; ++i) {
          std::array<const unsigned char*, N> strip;
          std::array<std::size_t, N> cols;
          std::array<float*, N> yk;
          for (std::size_t k = 0; k < N; ++k) {
            const std::size_t s = s_begin + k * part + i;
            strip[k] = strips + s * stride;
            cols[k] = std::min(strip_width, out - s * strip_width);
            yk[k] = y + s * strip_width;
          }
          tile_of_rows<S>(rows, [&]<std::size_t R>(std::integral_constant<std::size_t, R>) {
            K::template tile<T, R, N>(x, r0, strip, cols, yk, out, true);
          });
        }
        s_begin += N * part;
      }
    for (std::size_t s = s_begin; s < s_end; ++s) {
      const unsigned char* strip = strips + s * stride;
      const std::size_t o0 = s * strip_width, cols = std::min(strip_width, out - o0);
      std::size_t r = 0;
      const auto tile = [&]<std::size_t R>(std::integral_constant<std::size_t, R>) {
        K::template tile<T, R, 1>(x, r0 + r, {strip}, {cols}, {y + r * out + o0}, out, r == 0);
        r += R;
      };
      constexpr std::size_t R = K::template tile_rows<T>;
      while (r + R <= rows) tile(std::integral_constant<std::size_t, R>{});
      if (r < rows) tile_of_rows<R - 1>(rows - r, tile);
    }
  }
}

}  // namespace shapeproof::runtime::detail

#undef SHAPEPROOF_STRIPS_VNNI
#undef SHAPEPROOF_STRIPS_AVX2

// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief The integer path for GGUF's quantized weights, chosen explicitly
 * (`workspace::set_integer_dot`): the activations quantized to 8 bits per group of 32, multiplied
 * by the stored integers in integer dot products.
 *
 * A row of x becomes, per group of 32 values, a scale dx = max|x| / 127 and 32 int8 values
 * qx = round(x · 127 / max|x|). Each format's weight is a scale a (per group of 32, or of 16 for
 * Q6_K) times an unsigned level u less an offset: a·(u − k) for Q8_0 (k = 128, its int8 read as
 * q + 128), Q4_0 (k = 8) and Q6_K (k = 32), and a·u − m for Q4_K (its minimum). A group's dot
 * product is then a·dx·Σ(u − k)·qx − m·dx·Σqx. The integer sums are exact: AVX-512 VNNI's
 * `vpdpbusd` (4 products of an unsigned and a signed byte per 32-bit lane); in a build for AVX2 (with
 * FMA and F16C) without it, `vpmaddubsw` (pairs of those products summed in 16 bits) then `vpmaddwd`
 * by 1 into the same 32-bit lanes; or a portable loop. Only the scales are f32.
 *
 * No 16-bit sum of AVX2's can saturate, as |qx| ≤ 127: a pair of Q4_0's or Q4_K's levels (u ≤ 15)
 * is at most 3,810, of Q6_K's (u ≤ 63) 16,002. Q8_0's stored q + 128 would reach 64,770, so on AVX2
 * its levels are q itself, multiplied as |q| times qx with q's sign (`vpsignb`): at most 32,512, and
 * no offset (`int_blocks::signed_levels`).
 *
 * The error is x's rounding, at most dx/2 a value: |Δy| ≤ Σ over groups of dx/2 · Σ|w| (tested).
 * The default path (`quant_gemm.hpp`) keeps x in f32.
 */

#include <immintrin.h>
#include <xsimd/xsimd.hpp>

#include <shapeproof/runtime/quant_gemm.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

namespace shapeproof::runtime::detail {

// The kernel's instructions (vpdpbusd, byte and f32x8 operations on 512 bits) where the CPU has
// them; else AVX2's (vpmaddubsw and vpmaddwd on two 256-bit halves of a step); the portable loop
// otherwise. Defined here, undefined at the end of this header.
#if defined(__AVX512VNNI__) && defined(__AVX512BW__) && defined(__AVX512DQ__)
#define SHAPEPROOF_INTEGER_DOT_VNNI 1
#elif defined(__AVX2__) && defined(__FMA__) && defined(__F16C__)
#define SHAPEPROOF_INTEGER_DOT_AVX2 1
#endif

#if defined(SHAPEPROOF_INTEGER_DOT_VNNI)
/// 64 unsigned levels and the 16 lanes' weight scales (one lane per 4 levels).
struct int_step {
  __m512i u;
  __m512 a;
};
#elif defined(SHAPEPROOF_INTEGER_DOT_AVX2)
/// The same step as two halves of 32 levels (Q8_0's signed: see above) and of 8 lanes' scales.
struct int_step {
  __m256i u[2];
  __m256 a[2];
};
#else
struct int_step {
  std::array<std::uint8_t, 64> u;
  std::array<float, 16> a;
};
#endif

/// Rows of x quantized for a format whose levels are offset by `k`.
struct q8_rows {
  std::size_t in = 0;
  std::vector<std::int8_t> q;        ///< rows × in: the values
  std::vector<std::int32_t> offset;  ///< rows × in/4: −k · Σ of each lane's 4 values, where its sum starts
  std::vector<float> scale;          ///< rows × in/4: the dx of each lane's group
  std::vector<float> sums;           ///< rows × in/32: dx · Σqx of each group (Q4_K's minimums)
  std::vector<float> dx;             ///< rows × in/32: each group's dx (`quant_strips.hpp`)
  std::vector<std::int32_t> sum16;   ///< rows × in/16: Σqx of each half group (`quant_strips.hpp`)
};

/// `rows` rows of x ([rows, in], in a multiple of 32) quantized into `a` for offset k.
inline void quantize_rows(const float* x, std::size_t rows, std::size_t in, std::int32_t k, q8_rows& a)
{
  using batch = xsimd::batch<float>;
  constexpr std::size_t n = batch::size;
  a.in = in;
  a.q.resize(rows * in);
  a.offset.resize(rows * in / 4);
  a.scale.resize(rows * in / 4);
  a.sums.resize(rows * in / 32);
  a.dx.resize(rows * in / 32);
  a.sum16.resize(rows * in / 16);
  for (std::size_t g = 0; g < rows * in / 32; ++g) {
    const float* xg = x + 32 * g;
    float m = 0.0f;
    bool finite = true;
    for (std::size_t i = 0; i < 32; ++i) {
      m = std::max(m, std::fabs(xg[i]));
      finite = finite && std::isfinite(xg[i]);
    }
    // A group with a NaN or an infinity gets a NaN scale and no values, so that every output it
    // reaches is NaN, as with x in f32 (its values rounded would be nonsense, and summing them
    // overflows). 127/m overflows for m under about 3.7e-37: then x/m, at most 1 in size, times 127.
    const float dx = finite ? m / 127.0f : std::numeric_limits<float>::quiet_NaN();
    const float id = finite && m > 0.0f ? 127.0f / m : 0.0f;
    alignas(64) std::array<std::int32_t, 32> q{};
    for (std::size_t i = 0; finite && i < 32; i += n) {
      const batch v = batch::load_unaligned(xg + i);
      xsimd::nearbyint_as_int(std::isfinite(id) ? v * id : v / m * 127.0f).store_aligned(q.data() + i);
    }
    std::array<std::int32_t, 2> half{};
    for (std::size_t l = 0; l < 8; ++l) {
      std::int32_t s = 0;
      for (std::size_t i = 4 * l; i < 4 * l + 4; ++i) {
        a.q[32 * g + i] = static_cast<std::int8_t>(q[i]);
        s += q[i];
      }
      a.offset[8 * g + l] = -k * s;
      a.scale[8 * g + l] = dx;
      half[l / 4] += s;
    }
    a.sums[g] = dx * static_cast<float>(half[0] + half[1]);
    a.dx[g] = dx;
    a.sum16[2 * g] = half[0];
    a.sum16[2 * g + 1] = half[1];
  }
}

// One reader per format, over steps of 64 weights: `begin(block)`, then `at(s)` for the block's
// step s gives its levels u and lanes' scales a. Q8_0's and Q4_0's block is two of theirs.
template<class T>
struct int_blocks;

#if defined(SHAPEPROOF_INTEGER_DOT_VNNI)
// The f16 scales at p and q, converted together: p's in lanes 0 to 7, q's in 8 to 15.
inline __m512 two_f16_scales(const unsigned char* p, const unsigned char* q)
{
  const __m128i h = _mm_insert_epi16(_mm_cvtsi32_si128(p[0] | (p[1] << 8)), q[0] | (q[1] << 8), 1);
  return _mm512_permutexvar_ps(_mm512_setr_epi32(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1),
                               _mm512_castps128_ps512(_mm_cvtph_ps(h)));
}
inline __m512i join(__m256i lo, __m256i hi) { return _mm512_inserti64x4(_mm512_castsi256_si512(lo), hi, 1); }
#endif
#if defined(SHAPEPROOF_INTEGER_DOT_VNNI) || defined(SHAPEPROOF_INTEGER_DOT_AVX2)
inline __m256i load_256(const void* p) { return _mm256_loadu_si256(static_cast<const __m256i*>(p)); }
inline __m128i load_128(const unsigned char* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
// The sum of v's 8 lanes.
inline float lane_sum(__m256 v)
{
  const __m128 h = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  const __m128 h2 = _mm_add_ps(h, _mm_movehl_ps(h, h));
  return _mm_cvtss_f32(_mm_add_ss(h2, _mm_movehdup_ps(h2)));
}
#endif
#if defined(SHAPEPROOF_INTEGER_DOT_AVX2)
// Lane `l` of v in all 8 lanes.
inline __m256 lane_of(__m256 v, int l) { return _mm256_permutevar8x32_ps(v, _mm256_set1_epi32(l)); }
#endif

// Two blocks of 32 with an f16 scale each (Q8_0, Q4_0): one step of 64 weights, levels offset by K.
template<class T, std::int32_t K>
struct pairs_of_32 {
  static constexpr std::size_t values = 64, bytes = 2 * blocks_of<T>::bytes, steps = 1;
  static constexpr std::size_t second = blocks_of<T>::bytes;  ///< where the second block starts
  static constexpr std::int32_t offset = K;
  static constexpr bool has_min = false, signed_levels = false;
  const unsigned char* b = nullptr;
  void begin(const unsigned char* block) { b = block; }
#if defined(SHAPEPROOF_INTEGER_DOT_VNNI)
  int_step with_scales(__m512i u) const { return {u, two_f16_scales(b, b + second)}; }
#elif defined(SHAPEPROOF_INTEGER_DOT_AVX2)
  int_step with_scales(__m256i first, __m256i second_block) const
  {
    return {{first, second_block}, {_mm256_set1_ps(scale_at(b)), _mm256_set1_ps(scale_at(b + second))}};
  }
#else
  // The lanes' scales of a step whose levels are filled in: the first block's, then the second's.
  void scales(int_step& s) const
  {
    std::fill(s.a.begin(), s.a.begin() + 8, scale_at(b));
    std::fill(s.a.begin() + 8, s.a.end(), scale_at(b + second));
  }
#endif
};

template<>
struct int_blocks<q8_0> : pairs_of_32<q8_0, 128> {
#if defined(SHAPEPROOF_INTEGER_DOT_AVX2)
  static constexpr bool signed_levels = true;  // q, not q + 128: see this header's opening comment
#endif
  int_step at(std::size_t) const
  {
#if defined(SHAPEPROOF_INTEGER_DOT_VNNI)
    const __m512i q = join(load_256(b + 2), load_256(b + second + 2));
    return with_scales(_mm512_xor_si512(q, _mm512_set1_epi8(static_cast<char>(0x80))));
#elif defined(SHAPEPROOF_INTEGER_DOT_AVX2)
    return with_scales(load_256(b + 2), load_256(b + second + 2));
#else
    int_step s;
    for (std::size_t i = 0; i < 32; ++i) {
      s.u[i] = static_cast<std::uint8_t>(b[2 + i] ^ 0x80);
      s.u[32 + i] = static_cast<std::uint8_t>(b[second + 2 + i] ^ 0x80);
    }
    scales(s);
    return s;
#endif
  }
};

template<>
struct int_blocks<q4_0> : pairs_of_32<q4_0, 8> {
  int_step at(std::size_t) const
  {
#if defined(SHAPEPROOF_INTEGER_DOT_VNNI)
    const __m256i t = _mm256_inserti128_si256(_mm256_castsi128_si256(load_128(b + 2)), load_128(b + second + 2), 1);
    const __m256i mask = _mm256_set1_epi8(0xF);
    const __m256i lo = _mm256_and_si256(t, mask), hi = _mm256_and_si256(_mm256_srli_epi16(t, 4), mask);
    // Each block's low nibbles (its weights 0 to 15), then its high nibbles (16 to 31)
    return with_scales(_mm512_permutex2var_epi64(
        _mm512_castsi256_si512(lo), _mm512_setr_epi64(0, 1, 8, 9, 2, 3, 10, 11), _mm512_castsi256_si512(hi)));
#elif defined(SHAPEPROOF_INTEGER_DOT_AVX2)
    // Each block's low nibbles (its weights 0 to 15), then its high nibbles (16 to 31)
    const auto levels = [](const unsigned char* p) {
      const __m128i t = load_128(p);
      return _mm256_and_si256(_mm256_inserti128_si256(_mm256_castsi128_si256(t), _mm_srli_epi16(t, 4), 1),
                              _mm256_set1_epi8(0xF));
    };
    return with_scales(levels(b + 2), levels(b + second + 2));
#else
    int_step s;
    for (std::size_t h = 0; h < 2; ++h)
      for (std::size_t i = 0; i < 16; ++i) {
        const unsigned char v = b[h * second + 2 + i];
        s.u[32 * h + i] = static_cast<std::uint8_t>(v & 0xF);
        s.u[32 * h + 16 + i] = static_cast<std::uint8_t>(v >> 4);
      }
    scales(s);
    return s;
#endif
  }
};

template<>
struct int_blocks<q4_k> {
  static constexpr std::size_t values = 256, bytes = blocks_of<q4_k>::bytes, steps = 4;
  static constexpr std::int32_t offset = 0;
  static constexpr bool has_min = true, signed_levels = false;
  const unsigned char* q = nullptr;
#if defined(SHAPEPROOF_INTEGER_DOT_VNNI) || defined(SHAPEPROOF_INTEGER_DOT_AVX2)
  __m256 scale, min;
  // The 8 groups' 6-bit scales and minimums, unpacked from their 12 bytes four at a time (as
  // `io::detail::q4_k_scale_min` reads them one by one), times d and dmin.
  void begin(const unsigned char* block)
  {
    std::uint32_t u[3];
    std::memcpy(u, block + 4, 12);
    const std::uint32_t low6 = 0x3F3F3F3Fu, low4 = 0x0F0F0F0Fu, top2 = 0x03030303u;
    const std::uint64_t sc = (u[0] & low6) | std::uint64_t{(u[2] & low4) | (((u[0] >> 6) & top2) << 4)} << 32;
    const std::uint64_t m = (u[1] & low6) | std::uint64_t{((u[2] >> 4) & low4) | (((u[1] >> 6) & top2) << 4)} << 32;
    const auto widen = [](std::uint64_t v) {
      return _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_cvtsi64_si128(static_cast<long long>(v))));
    };
    scale = _mm256_mul_ps(widen(sc), _mm256_set1_ps(scale_at(block)));
    min = _mm256_mul_ps(widen(m), _mm256_set1_ps(scale_at(block + 2)));
    q = block + 16;
  }
  // Step s: groups 2s and 2s + 1, the low and the high nibbles of the same 32 bytes.
  int_step at(std::size_t s) const
  {
    const __m256i v = load_256(q + 32 * s), mask = _mm256_set1_epi8(0xF);
    const __m256i low = _mm256_and_si256(v, mask), high = _mm256_and_si256(_mm256_srli_epi16(v, 4), mask);
#if defined(SHAPEPROOF_INTEGER_DOT_VNNI)
    const __m512i group = _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(2 * s)),
                                           _mm512_setr_epi32(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1));
    return {join(low, high), _mm512_permutexvar_ps(group, _mm512_castps256_ps512(scale))};
#else
    const __m256 first = lane_of(scale, static_cast<int>(2 * s)), second = lane_of(scale, static_cast<int>(2 * s + 1));
    return {{low, high}, { first, second }};
#endif
  }
  // Σ over the block's groups of its minimum times dx·Σqx.
  float min_term(const float* sums) const { return lane_sum(_mm256_mul_ps(min, _mm256_loadu_ps(sums))); }
#else
  std::array<float, 8> scale{}, min{};
  void begin(const unsigned char* block)
  {
    q4_k_scales(block, scale, min);
    q = block + 16;
  }
  int_step at(std::size_t s) const
  {
    int_step st;
    for (std::size_t i = 0; i < 32; ++i) {
      st.u[i] = static_cast<std::uint8_t>(q[32 * s + i] & 0xF);
      st.u[32 + i] = static_cast<std::uint8_t>(q[32 * s + i] >> 4);
    }
    std::fill(st.a.begin(), st.a.begin() + 8, scale[2 * s]);
    std::fill(st.a.begin() + 8, st.a.end(), scale[2 * s + 1]);
    return st;
  }
  float min_term(const float* sums) const
  {
    float t = 0;
    for (std::size_t g = 0; g < 8; ++g) t += min[g] * sums[g];
    return t;
  }
#endif
};

template<>
struct int_blocks<q6_k> {
  static constexpr std::size_t values = 256, bytes = blocks_of<q6_k>::bytes, steps = 4;
  static constexpr std::int32_t offset = 32;
  static constexpr bool has_min = false, signed_levels = false;
  const unsigned char* b = nullptr;
#if defined(SHAPEPROOF_INTEGER_DOT_VNNI)
  __m512 scales;
#elif defined(SHAPEPROOF_INTEGER_DOT_AVX2)
  __m256 scales[2];  // groups 0 to 7, 8 to 15
#else
  std::array<float, 16> scales{};
#endif
  // The 16 groups' scales times d, in the order of their weights.
  void begin(const unsigned char* block)
  {
    b = block;
    const float d = scale_at(block + 208);
#if defined(SHAPEPROOF_INTEGER_DOT_VNNI)
    scales = _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(load_128(block + 192))), _mm512_set1_ps(d));
#elif defined(SHAPEPROOF_INTEGER_DOT_AVX2)
    const __m128i sc = load_128(block + 192);
    for (int h = 0; h < 2; ++h)
      scales[h] =
          _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(h ? _mm_srli_si128(sc, 8) : sc)), _mm256_set1_ps(d));
#else
    for (std::size_t i = 0; i < 16; ++i) scales[i] = d * static_cast<float>(static_cast<std::int8_t>(block[192 + i]));
#endif
  }
  // Step s: weights [64s, 64s + 64), in half s/2. Their low 4 bits are the low (s even) or the high
  // nibbles of the half's 64 `ql` bytes; their high 2 bits are bit pairs of its 32 `qh` bytes, one
  // pair per quarter of the half.
  int_step at(std::size_t s) const
  {
    const unsigned char* ql = b + 64 * (s / 2);
    const unsigned char* qh = b + 128 + 32 * (s / 2);
#if defined(SHAPEPROOF_INTEGER_DOT_VNNI)
    const __m512i l = _mm512_loadu_si512(ql), m4 = _mm512_set1_epi8(0xF);
    const __m512i low = _mm512_and_si512(s % 2 ? _mm512_srli_epi16(l, 4) : l, m4);
    const __m256i h = _mm256_srli_epi16(load_256(qh), static_cast<int>(4 * (s % 2))), m2 = _mm256_set1_epi8(3);
    const __m512i high = join(_mm256_and_si256(h, m2), _mm256_and_si256(_mm256_srli_epi16(h, 2), m2));
    const __m512i lane_group = _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(4 * s)),
                                                _mm512_setr_epi32(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3));
    return {_mm512_or_si512(low, _mm512_slli_epi16(high, 4)), _mm512_permutexvar_ps(lane_group, scales)};
#elif defined(SHAPEPROOF_INTEGER_DOT_AVX2)
    // Half j of the step: ql's bytes [32j, 32j + 32), the quarter's bit pair of qh, groups 4s + 2j
    // and 4s + 2j + 1 (group 4s is lane 4·(s % 2) of scales[s / 2])
    const int first = static_cast<int>(4 * (s % 2));
    const __m256i h = _mm256_srli_epi16(load_256(qh), first), m2 = _mm256_set1_epi8(3), m4 = _mm256_set1_epi8(0xF);
    int_step st;
    for (int j = 0; j < 2; ++j) {
      const __m256i l = load_256(ql + 32 * j);
      const __m256i low = _mm256_and_si256(s % 2 ? _mm256_srli_epi16(l, 4) : l, m4);
      const __m256i high = _mm256_and_si256(j ? _mm256_srli_epi16(h, 2) : h, m2);
      st.u[j] = _mm256_or_si256(low, _mm256_slli_epi16(high, 4));
      const __m256i group =
          _mm256_add_epi32(_mm256_set1_epi32(first + 2 * j), _mm256_setr_epi32(0, 0, 0, 0, 1, 1, 1, 1));
      st.a[j] = _mm256_permutevar8x32_ps(scales[s / 2], group);
    }
    return st;
#else
    int_step st;
    for (std::size_t t = 0; t < 64; ++t) {
      const std::size_t quarter = 2 * (s % 2) + t / 32;
      const unsigned low = s % 2 ? ql[t] >> 4 : ql[t] & 0xF, high = (qh[t % 32] >> (2 * quarter)) & 3;
      st.u[t] = static_cast<std::uint8_t>(low | (high << 4));
    }
    for (std::size_t l = 0; l < 16; ++l) st.a[l] = scales[4 * s + l / 4];
    return st;
#endif
  }
  // Q6_K's min is its offset: not a separate term.
};

#if defined(SHAPEPROOF_INTEGER_DOT_VNNI)
using int_acc = fbatch;  // __m512, wrapped: a standard container's element cannot be an attributed type
inline int_acc int_zero() { return fbatch(0.0f); }
inline float int_sum(int_acc a) { return _mm512_reduce_add_ps(a); }
// acc + a·dx·Σ(u − k)·qx over each lane's 4 values (the offset array holds −k·Σqx).
template<class Q>
inline int_acc int_fma(int_acc acc, const int_step& w, const std::int8_t* q, const std::int32_t* off, const float* dx)
{
  const __m512i start = Q::offset != 0 ? _mm512_loadu_si512(off) : _mm512_setzero_si512();
  const __m512i dot = _mm512_dpbusd_epi32(start, w.u, _mm512_loadu_si512(q));
  return _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot), _mm512_mul_ps(w.a, _mm512_loadu_ps(dx)), acc);
}
#elif defined(SHAPEPROOF_INTEGER_DOT_AVX2)
struct int_acc {
  __m256 h[2];
};
inline int_acc int_zero() { return {{_mm256_setzero_ps(), _mm256_setzero_ps()}}; }
inline float int_sum(const int_acc& a) { return lane_sum(_mm256_add_ps(a.h[0], a.h[1])); }
// The same, each half of the step's 64 levels into 8 lanes; Q8_0's signed levels with no offset.
template<class Q>
inline int_acc int_fma(int_acc acc, const int_step& w, const std::int8_t* q, const std::int32_t* off, const float* dx)
{
  for (std::size_t j = 0; j < 2; ++j) {
    __m256i u = w.u[j], v = load_256(q + 32 * j);
    if constexpr (Q::signed_levels) {
      v = _mm256_sign_epi8(v, u);
      u = _mm256_abs_epi8(u);
    }
    __m256i dot = _mm256_madd_epi16(_mm256_maddubs_epi16(u, v), _mm256_set1_epi16(1));
    if constexpr (Q::offset != 0 && !Q::signed_levels) dot = _mm256_add_epi32(dot, load_256(off + 8 * j));
    acc.h[j] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(dot), _mm256_mul_ps(w.a[j], _mm256_loadu_ps(dx + 8 * j)), acc.h[j]);
  }
  return acc;
}
#else
using int_acc = std::array<float, 16>;
inline int_acc int_zero() { return {}; }
inline float int_sum(const int_acc& a)
{
  float s = 0;
  for (float v : a) s += v;
  return s;
}
template<class Q>
inline int_acc int_fma(int_acc acc, const int_step& w, const std::int8_t* q, const std::int32_t* off, const float* dx)
{
  for (std::size_t l = 0; l < 16; ++l) {
    std::int32_t dot = Q::offset != 0 ? off[l] : 0;
    for (std::size_t i = 4 * l; i < 4 * l + 4; ++i) dot += static_cast<std::int32_t>(w.u[i]) * q[i];
    acc[l] += static_cast<float>(dot) * (w.a[l] * dx[l]);
  }
  return acc;
}
#endif

// How far ahead of a row's block its bytes are fetched: the hardware's prefetcher alone left one
// token's Q8_0 layer (D 4096, Dff 11008) at 3.8 ms, 1 KiB ahead at 3.1 (256 B: 3.5, 2 KiB: 3.2).
inline constexpr std::size_t prefetch_ahead = 1024;

// y[r, o] for R rows of x (from `r0`) and the outputs [o_begin, o_end), O at a time: each step of
// W read once for R rows, each row's values once for O outputs.
template<class Q, std::size_t R, std::size_t O>
void int_tile(const q8_rows& x, std::size_t r0, const unsigned char* w, std::size_t o_begin, std::size_t o_end,
              float* y, std::size_t out)
{
  const std::size_t in = x.in, blocks = in / Q::values, row_bytes = blocks * Q::bytes;
  std::size_t o = o_begin;
  for (; o + O <= o_end; o += O) {
    std::array<std::array<int_acc, R>, O> acc;
    std::array<std::array<float, R>, O> mins{};
    for (auto& a : acc) a.fill(int_zero());
    std::array<Q, O> q;
    for (std::size_t b = 0; b < blocks; ++b) {
      for (std::size_t k = 0; k < O; ++k) {
        const unsigned char* block = w + (o + k) * row_bytes + b * Q::bytes;
        q[k].begin(block);
        fetch_lines<Q::bytes>(block, prefetch_ahead);
      }
      if constexpr (Q::has_min)
        for (std::size_t r = 0; r < R; ++r) {
          const float* sums = x.sums.data() + (r0 + r) * (in / 32) + b * 8;
          for (std::size_t k = 0; k < O; ++k) mins[k][r] += q[k].min_term(sums);
        }
      // The steps unrolled, so that each step's shifts and lanes are constants
      [&]<std::size_t... S>(std::index_sequence<S...>)
      {
        (
            [&] {
              std::array<int_step, O> st;
              for (std::size_t k = 0; k < O; ++k) st[k] = q[k].at(S);
              const std::size_t e = b * Q::values + 64 * S;
              for (std::size_t r = 0; r < R; ++r) {
                const std::size_t row = (r0 + r) * in + e, lane = row / 4;
                for (std::size_t k = 0; k < O; ++k)
                  acc[k][r] =
                      int_fma<Q>(acc[k][r], st[k], x.q.data() + row, x.offset.data() + lane, x.scale.data() + lane);
              }
            }(),
            ...);
      }
      (std::make_index_sequence<Q::steps>{});
    }
    for (std::size_t k = 0; k < O; ++k)
      for (std::size_t r = 0; r < R; ++r) y[r * out + o + k] = int_sum(acc[k][r]) - mins[k][r];
  }
  if constexpr (O > 1)
    if (o < o_end) int_tile<Q, R, 1>(x, r0, w, o, o_end, y, out);
}

/// y = x · Wᵀ for `rows` rows of the quantized x from `r0` (y their first row) and the outputs
/// [o_begin, o_end): tiles of 8 rows by 2 outputs, or of up to 4 rows by 4 outputs (AVX2: 4 rows
/// by 1 output, then up to 2 rows by 4), four outputs at a time (`by_four_outputs`).
template<class Q>
void int_rows(const q8_rows& x, std::size_t r0, std::size_t rows, const unsigned char* w, std::size_t o_begin,
              std::size_t o_end, float* y, std::size_t out)
{
  by_four_outputs(o_begin, o_end, [&](std::size_t c, std::size_t e) {
    std::size_t r = 0;
#if defined(SHAPEPROOF_INTEGER_DOT_AVX2)
    // An accumulator is two of AVX2's 16 registers: 8 by 2 and 4 by 4 would not fit, and spilled
    // (4 rows by 1 output measured 1.1 to 1.7 times as fast at 4 and 16 tokens; 1 and 2 rows keep
    // 4 outputs, whose streams of W made them faster than 2)
    for (; r + 4 <= rows; r += 4) int_tile<Q, 4, 1>(x, r0 + r, w, c, e, y + r * out, out);
#else
    for (; r + 8 <= rows; r += 8) int_tile<Q, 8, 2>(x, r0 + r, w, c, e, y + r * out, out);
    if (rows - r >= 4) {
      int_tile<Q, 4, 4>(x, r0 + r, w, c, e, y + r * out, out);
      r += 4;
    }
#endif
    if (rows - r >= 2) {
      int_tile<Q, 2, 4>(x, r0 + r, w, c, e, y + r * out, out);
      r += 2;
    }
    if (r < rows) int_tile<Q, 1, 4>(x, r0 + r, w, c, e, y + r * out, out);
  });
}

}  // namespace shapeproof::runtime::detail

#undef SHAPEPROOF_INTEGER_DOT_VNNI
#undef SHAPEPROOF_INTEGER_DOT_AVX2

// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief The bf16 dot path (`workspace::set_bf16_dot`): x rounded to bf16, multiplied with bf16
 * weights in panels two inputs at a time.
 *
 * bf16 weights widened to f32 cost the panel GEMM a widening per weight and one FMA per weight and
 * row. AVX-512 BF16's `vdpbf16ps` multiplies pairs of bf16 values and adds both products to an f32
 * lane: half the multiply instructions and no widening, once x is in bf16 too. That is the trade:
 * each value of x keeps 8 bits of significand (a relative error of at most 2⁻⁸ per value, rounded
 * to nearest, ties to even), as llama.cpp's engine rounds x for its bf16 weights. The products are
 * exact in f32 and summed in f32; the error against the exact sum is at most about 2⁻⁸ times the
 * sum of |x·w|, plus f32's own rounding (tested: `[bf16_dot]`).
 *
 * The panels are `pack_panels`'s, unchanged: a step loads the panel's weights for inputs k and k+1
 * (one 64-byte line each, 32 outputs), interleaves them by 16-bit halves in registers
 * (`vpunpcklwd`, `vpunpckhwd`: outputs 0-3, 8-11, 16-19, 24-27 in one, the others in the second),
 * and broadcasts each row's pair of x values as one 32-bit lane. The accumulators hold the outputs
 * in that interleaved order, put back in order once per tile. x is rounded once per call, into
 * pairs (`bf16_rows`).
 *
 * A build without AVX-512 BF16 (the instructions are chosen at compile time, `-march`; or with
 * batches other than 16 floats) runs the same tiles on the same rounded x with f32 FMAs: the same
 * products, summed in a different order, and no faster than the panel GEMM: it is there so that
 * the path gives the same answers everywhere, not for speed.
 * `vdpbf16ps` treats subnormal inputs as zero and flushes subnormal results; the fallback does not.
 */

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif
#include <xsimd/xsimd.hpp>

#include <shapeproof/io/safetensors.hpp>
#include <shapeproof/runtime/loaders.hpp>
#include <shapeproof/runtime/panel_gemm.hpp>

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace shapeproof::runtime::detail {

/// f32 to bf16, rounded to nearest, ties to even (as AVX-512 BF16's conversions round); a NaN stays
/// a (quiet) NaN, a finite value past bf16's largest becomes infinity. The rounding bf16 checkpoints
/// are written with (`io::float_to_bf16`).
inline std::uint16_t round_to_bf16(float v) { return io::float_to_bf16(v); }

/// Rows of x rounded to bf16, two inputs per 32-bit word: input 2p in the low half of word p, input
/// 2p + 1 in the high half (zero past the last input of an odd width).
struct bf16_rows {
  std::vector<std::uint32_t> pairs;
  std::size_t rows = 0, in = 0;
  std::size_t stride() const { return (in + 1) / 2; }
};

/// x `[rows, in]` rounded to bf16 into `out` (its buffer reused when large enough).
inline void round_rows_to_bf16(const float* x, std::size_t rows, std::size_t in, bf16_rows& out)
{
  out.rows = rows;
  out.in = in;
  const std::size_t s = out.stride();
  if (out.pairs.size() < rows * s) out.pairs.resize(rows * s);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t p = 0; p < s; ++p) {
      const std::size_t i = 2 * p;
      const std::uint32_t lo = round_to_bf16(x[r * in + i]);
      const std::uint32_t hi = i + 1 < in ? round_to_bf16(x[r * in + i + 1]) : 0u;
      out.pairs[r * s + p] = lo | hi << 16;
    }
}

/// The fewest rows the bf16 dot path takes; fewer stay on the panel GEMM with x in f32, where the
/// read bounds the time and that GEMM was faster. Measured with bench/ggml's `shapeproof_ffn`
/// (D 4096, Dff 11008, alternating): 1 row 7.6 to 7.8 ms against 6.3 to 6.6, 2 rows 7.4 to 8.5
/// against 6.3 to 7.1; 3 and 4 rows level within the noise (3 rows 7.2 to 7.3 against 6.7 to 7.5,
/// 4 rows 7.4 to 8.9 against 7.7 to 8.5); from 8 rows faster (bench/README.md).
inline constexpr std::size_t bf16_dot_rows_min = 3;

#if defined(__AVX512BF16__) && defined(__AVX512BW__)
inline constexpr bool bf16_dot_instructions = xsimd::batch<float>::size == 16;
#else
inline constexpr bool bf16_dot_instructions = false;
#endif

// y[r, 0:cols] (+)= bf16(x)[r, k0:k1] · panel[k0:k1, 0:cols] for MR rows; k0 even (a slice starts
// on a pair). As `panel_tile`, but over pairs of inputs, the sums started from zero and added to y.
template<std::size_t MR>
void bf16_dot_tile(const std::uint32_t* x, std::size_t ldx, const std::uint16_t* panel, std::size_t k0, std::size_t k1,
                   float* y, std::size_t ldy, std::size_t cols, bool first, bool fetch)
{
  using batch = xsimd::batch<float>;
  constexpr std::size_t B = batch::size, NR = panel_width;
  constexpr auto rows = std::make_index_sequence<MR>{};
  alignas(64) std::array<float, MR * NR> sums;
  const std::uint16_t* p = panel + k0 * NR;
  const std::uint32_t* xk = x + k0 / 2;
#if defined(__AVX512BF16__) && defined(__AVX512BW__)
  if constexpr (bf16_dot_instructions) {
    __m512 lo[MR], hi[MR];  // (std::array would drop __m512's alignment attribute)
    [&]<std::size_t... r>(std::index_sequence<r...>) { ((lo[r] = _mm512_setzero_ps(), hi[r] = lo[r]), ...); }
    (rows);
    auto step = [&](__m512i a, __m512i b, std::size_t pair) {
      const auto w_lo = std::bit_cast<__m512bh>(_mm512_unpacklo_epi16(a, b));
      const auto w_hi = std::bit_cast<__m512bh>(_mm512_unpackhi_epi16(a, b));
      [&]<std::size_t... r>(std::index_sequence<r...>)
      {
        ((lo[r] = _mm512_dpbf16_ps(
              lo[r], std::bit_cast<__m512bh>(_mm512_set1_epi32(static_cast<int>(xk[r * ldx + pair]))), w_lo),
          hi[r] = _mm512_dpbf16_ps(
              hi[r], std::bit_cast<__m512bh>(_mm512_set1_epi32(static_cast<int>(xk[r * ldx + pair]))), w_hi)),
         ...);
      }
      (rows);
    };
    std::size_t k = k0, pair = 0;
    for (; k + 1 < k1; k += 2, ++pair, p += 2 * NR) {
      if (fetch) fetch_lines<2 * NR * sizeof(*p)>(p, panel_fetch_ahead);
      step(_mm512_loadu_si512(p), _mm512_loadu_si512(p + NR), pair);
    }
    if (k < k1) step(_mm512_loadu_si512(p), _mm512_setzero_si512(), pair);
    // Lane 4L + j of lo holds output 8L + j, of hi output 8L + 4 + j (L the 128-bit lane, j < 4)
    const __m512i first_half = _mm512_setr_epi32(0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23);
    const __m512i second_half = _mm512_setr_epi32(8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31);
    [&]<std::size_t... r>(std::index_sequence<r...>)
    {
      ((_mm512_store_ps(sums.data() + r * NR, _mm512_permutex2var_ps(lo[r], first_half, hi[r])),
        _mm512_store_ps(sums.data() + r * NR + B, _mm512_permutex2var_ps(lo[r], second_half, hi[r]))),
       ...);
    }
    (rows);
  } else
#endif
  {
    std::array<batch, MR> lo, hi;
    [&]<std::size_t... r>(std::index_sequence<r...>) { ((lo[r] = batch(0.0f), hi[r] = batch(0.0f)), ...); }
    (rows);
    for (std::size_t k = k0, pair = 0; k < k1; ++k, p += NR) {
      if (fetch) fetch_lines<NR * sizeof(*p)>(p, panel_fetch_ahead);
      const batch w0 = bf16_loader::load(p), w1 = bf16_loader::load(p + B);
      const unsigned shift = (k - k0) % 2 * 16;
      [&]<std::size_t... r>(std::index_sequence<r...>)
      {
        ((lo[r] = xsimd::fma(
              batch(io::safetensors_file::bf16_to_float(static_cast<std::uint16_t>(xk[r * ldx + pair] >> shift))), w0,
              lo[r]),
          hi[r] = xsimd::fma(
              batch(io::safetensors_file::bf16_to_float(static_cast<std::uint16_t>(xk[r * ldx + pair] >> shift))), w1,
              hi[r])),
         ...);
      }
      (rows);
      pair += shift ? 1 : 0;
    }
    [&]<std::size_t... r>(std::index_sequence<r...>)
    {
      ((lo[r].store_aligned(sums.data() + r * NR), hi[r].store_aligned(sums.data() + r * NR + B)), ...);
    }
    (rows);
  }
  for (std::size_t r = 0; r < MR; ++r) {
    float* out = y + r * ldy;
    const float* s = sums.data() + r * NR;
    if (cols == NR) {
      const batch s0 = batch::load_aligned(s), s1 = batch::load_aligned(s + B);
      if (first) {
        s0.store_unaligned(out);
        s1.store_unaligned(out + B);
      } else {
        (batch::load_unaligned(out) + s0).store_unaligned(out);
        (batch::load_unaligned(out + B) + s1).store_unaligned(out + B);
      }
    } else {
      for (std::size_t j = 0; j < cols; ++j) out[j] = first ? s[j] : out[j] + s[j];
    }
  }
}

// The bf16 dot path's tile, for the panel GEMM's loops (`panel_loops`).
struct bf16_pair_tile {
  using x_type = std::uint32_t;
  using w_type = std::uint16_t;
  template<std::size_t MR>
  static void run(const std::uint32_t* x, std::size_t ldx, const std::uint16_t* panel, std::size_t k0, std::size_t k1,
                  float* y, std::size_t ldy, std::size_t cols, bool first, bool fetch)
  {
    bf16_dot_tile<MR>(x, ldx, panel, k0, k1, y, ldy, cols, first, fetch);
  }
};

/// y[:, outputs of panels p0 to p1] = bf16(x) · Wᵀ for x rounded by `round_rows_to_bf16`, W in
/// bf16 as `pack_panels` left it: the panel GEMM's loops, W read once per 256 rows.
inline void bf16_dot_rows(const bf16_rows& x, const std::uint16_t* panels, std::size_t p0, std::size_t p1, float* y,
                          std::size_t out)
{
  static_assert(panel_depth % 2 == 0, "a slice of a panel starts on a pair of inputs");
  panel_loops<bf16_pair_tile>(x.pairs.data(), x.rows, x.stride(), x.in, panels, p0, p1, y, out);
}

}  // namespace shapeproof::runtime::detail

// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief GGUF's quantized weights kept as stored and multiplied in registers: Q8_0, Q4_0, Q4_K
 * and Q6_K, in the block layouts ggml defines (`io/ggml_quant.hpp`).
 *
 * A row of W is `in / values` blocks. The kernel streams W once for a few rows of x: each block's
 * weights become f32 a batch at a time (the stored integers widened to 32 bits, unpacked, converted
 * and scaled as ggml dequantizes them), and each batch is multiplied into every row's accumulators.
 * Products accumulate in f32; the activations are never quantized.
 */

#include <immintrin.h>
#include <xsimd/xsimd.hpp>

#include <shapeproof/cost/dtype.hpp>
#include <shapeproof/io/ggml_quant.hpp>
#include <shapeproof/runtime/fetch_lines.hpp>
#include <shapeproof/runtime/row_tiles.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

namespace shapeproof::runtime::detail {

using fbatch = xsimd::batch<float>;
using ibatch = xsimd::batch<std::int32_t>;
inline constexpr std::size_t lanes = fbatch::size;
static_assert(32 % lanes == 0, "a batch of weights lies within one group of a block");

// `lanes` bytes at p widened to 32-bit lanes, as unsigned or as signed (int8) values.
template<bool Signed>
inline ibatch widen_bytes(const unsigned char* p)
{
#if defined(__AVX512F__)
  static_assert(lanes == 16);
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  return ibatch(Signed ? _mm512_cvtepi8_epi32(v) : _mm512_cvtepu8_epi32(v));
#elif defined(__AVX2__)
  static_assert(lanes == 8);
  const __m128i v = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p));
  return ibatch(Signed ? _mm256_cvtepi8_epi32(v) : _mm256_cvtepu8_epi32(v));
#else
  alignas(64) std::array<std::int32_t, lanes> v;
  for (std::size_t i = 0; i < lanes; ++i)
    v[i] = Signed ? static_cast<std::int32_t>(static_cast<std::int8_t>(p[i])) : static_cast<std::int32_t>(p[i]);
  return ibatch::load_aligned(v.data());
#endif
}

// A block's f16 scale as f32: one instruction where the CPU converts halves (F16C), exactly as
// `io::detail::f16_at`, which it is otherwise.
inline float scale_at(const unsigned char* p)
{
#if defined(__F16C__)
  return _cvtsh_ss(static_cast<unsigned short>(p[0] | (p[1] << 8)));
#else
  return io::detail::f16_at(p);
#endif
}

// One block reader per format: `begin(block)` takes a block's scales, `at(j)` gives its weights
// [j, j + lanes) as f32. `j` is a multiple of `lanes`, and a constant once the caller is unrolled.

// A reader's block: the typed dtype's weights per block and bytes per block (`cost/dtype.hpp`).
template<class T>
struct blocks_of {
  using dtype = T;
  static constexpr auto values = static_cast<std::size_t>(block_of<T>);
  static constexpr auto bytes = static_cast<std::size_t>(T::bits / 8);
};

// The blocks of 32 with one f16 scale d before their packed weights q (Q8_0 and Q4_0).
struct scaled_32_blocks {
  const unsigned char* q = nullptr;
  fbatch d;
  void begin(const unsigned char* block)
  {
    d = fbatch(scale_at(block));
    q = block + 2;
  }
};

/// Q8_0: an f16 scale d, then 32 int8 weights q; weight = q·d.
struct q8_0_blocks : scaled_32_blocks, blocks_of<q8_0> {
  fbatch at(std::size_t j) const { return xsimd::to_float(widen_bytes<true>(q + j)) * d; }
};

/// Q4_0: an f16 scale d, then 16 bytes; weight i is (low nibble of byte i) − 8, weight i + 16 the
/// high nibble's, times d.
struct q4_0_blocks : scaled_32_blocks, blocks_of<q4_0> {
  fbatch at(std::size_t j) const
  {
    const ibatch v = widen_bytes<false>(q + j % 16);
    return xsimd::to_float((j < 16 ? (v & ibatch(0xF)) : (v >> 4)) - ibatch(8)) * d;
  }
};

// A Q4_K block's 8 groups' scales and minimums, times its d and dmin.
inline void q4_k_scales(const unsigned char* block, std::array<float, 8>& scale, std::array<float, 8>& min)
{
  const float d = scale_at(block), dmin = scale_at(block + 2);
  for (int g = 0; g < 8; ++g) {
    int sc = 0, m = 0;
    io::detail::q4_k_scale_min(g, block + 4, sc, m);
    scale[static_cast<std::size_t>(g)] = d * static_cast<float>(sc);
    min[static_cast<std::size_t>(g)] = dmin * static_cast<float>(m);
  }
}

/// Q4_K: 256 weights in 8 groups of 32, each with a 6-bit scale and minimum under the block's f16
/// d and dmin; groups 2k and 2k + 1 are the low and high nibbles of the same 32 bytes.
struct q4_k_blocks : blocks_of<q4_k> {
  const unsigned char* q = nullptr;
  std::array<float, 8> scale{}, min{};
  void begin(const unsigned char* block)
  {
    q4_k_scales(block, scale, min);
    q = block + 16;
  }
  fbatch at(std::size_t j) const
  {
    const ibatch v = widen_bytes<false>(q + j / 64 * 32 + j % 32);
    const fbatch level = xsimd::to_float(j % 64 < 32 ? (v & ibatch(0xF)) : (v >> 4));
    return level * fbatch(scale[j / 32]) - fbatch(min[j / 32]);
  }
};

/// Q6_K: 256 weights in two halves of 128; each weight's low 4 bits in `ql`, its high 2 in `qh`,
/// minus 32, times an int8 scale per group of 16 and the block's f16 d.
struct q6_k_blocks : blocks_of<q6_k> {
  const unsigned char* b = nullptr;
  float d = 0;
  void begin(const unsigned char* block)
  {
    b = block;
    d = scale_at(block + 208);
  }
  fbatch at(std::size_t j) const
  {
    const std::size_t half = j / 128, quarter = j % 128 / 32, l = j % 32;
    const ibatch low = widen_bytes<false>(b + 64 * half + (quarter & 1) * 32 + l);
    const ibatch high =
        (widen_bytes<false>(b + 128 + 32 * half + l) >> static_cast<std::int32_t>(2 * quarter)) & ibatch(3);
    const ibatch level = ((quarter < 2 ? (low & ibatch(0xF)) : (low >> 4)) | (high << 4)) - ibatch(32);
    const auto scale = static_cast<std::int8_t>(b[192 + 8 * half + 2 * quarter + l / 16]);
    return xsimd::to_float(level) * fbatch(d * static_cast<float>(scale));
  }
};

// f(j) for j = 0, lanes, 2·lanes, ... < Q::values, unrolled so that each j is a constant.
template<class Q, class F>
inline void for_each_batch(F&& f)
{
  [&]<std::size_t... J>(std::index_sequence<J...>) { (f(std::integral_constant<std::size_t, J * lanes>{}), ...); }
  (std::make_index_sequence<Q::values / lanes>{});
}

/// `v`, which the compiler must then hold in a register. A batch of x that a tile multiplies into
/// O rows of W is otherwise loaded O times: g++ 12 folds the one load written into each of the O
/// FMAs that use it, as their memory operand, and the tiles ran bound by their loads (Q8_0's tile
/// of 8 rows by 2 outputs, W in L2, one thread, at 0.4 of the FMAs' peak). Kept in a register, on
/// an AMD EPYC (Zen 5) with AVX-512, one thread, 4096 inputs, 100 outputs in cache: 2 to 16 rows
/// 1.17 to 2.05 times as fast for Q8_0 and Q4_0 (at 8 rows 79.5 GFLOP/s → 127.7), 1.05 to 1.49 for
/// Q4_K and Q6_K (but Q4_K at 2 rows, 0.78 and 1.08), one row within the noise; the whole layer
/// 1.02 to 1.68 times as fast at 3 to 16 tokens, the MoE's Q8_0 1.35 to 1.52 at 16 and 64
/// (bench/README.md). Only with AVX-512's 32 registers: an AVX2 build (16 registers) on the same
/// machine, three rounds, ran 8 and 16 rows 1.04 to 1.22 times as fast but for three pairs of the
/// first round (0.85 to 0.94), and fewer rows mixed: one row down to 0.77 (Q4_K), 3 rows 0.83 to
/// 0.91 (Q8_0, Q6_K), 5 rows 1.13 to 1.30 in Q8_0 but 0.82 to 0.92 in Q6_K.
inline fbatch in_register(fbatch v)
{
#if defined(__GNUC__) && defined(__AVX512F__)
  auto r = static_cast<fbatch::register_type>(v);
  __asm__("" : "+v"(r));
  return fbatch(r);
#else
  return v;
#endif
}

// Each block a tile reads asks, ahead of its use, for the same block of the next O rows of W
// (`fetch_lines`: a tile reads O rows side by side, and rows lie one after the other, so this is O
// rows' bytes ahead: one row at one token, 2304 bytes for Q4_K or Q4_0 over 4096 inputs; 4 rows at
// 2 to 4, 2 rows from 5 on). Measured on an AMD EPYC (Zen 5), 2 cores, D 4096, Dff 11008, weights
// past the last-level cache, alternating with the hardware's prefetchers alone, two rounds (ms per
// layer), when each request began at the block's first line: one token 1.18 to 1.68 times as fast
// (Q8_0 6.77 and 5.89 → 4.04 and 4.17, Q4_K 5.57 and 6.41 → 4.62 and 4.33, Q6_K 5.87 and 7.85 →
// 4.98 and 5.21, Q4_0 3.47 and 3.50 → 2.87 and 2.69); 2 to 4 rows 1.14 to 1.38 (Q8_0 at 2 rows 6.83
// and 6.92 → 5.01 and 5.00, Q4_0 at 4 rows 9.29 and 9.67 → 7.07 and 8.46); from 8 rows on, where
// the FMAs bound it, 0.96 to 1.23 (Q8_0 at 8, 16 and 32 rows, Q6_K at 8, Q4_K at 16). The day's
// table had one token at 2.8 (Q8_0) to 4.2 (Q4_K, Q6_K) times the read bound of its bytes before.
// Requests from the block's first byte, a constant count of them (the last line of a block that
// ends inside it is the next block's first), ran level or faster: Q6_K at one token 5.0 to 5.6 ms
// against 5.8 to 6.1, Q4_0 at 4 rows 7.4 to 7.8 against 11.6 to 12.6, three rounds.
//
// y[r, o] = x[r] · W[o] for R rows of x and the outputs [o_begin, o_end), O outputs at a time:
// each batch of x loaded once for O rows of W, each batch of W once for R rows of x.
template<class Q, std::size_t R, std::size_t O>
void quant_tile(const float* x, std::size_t in, const unsigned char* w, std::size_t o_begin, std::size_t o_end,
                float* y, std::size_t out)
{
  const std::size_t blocks = in / Q::values, row_bytes = blocks * Q::bytes;
  // Two chains of FMAs (alternating batch by batch) when there are fewer than four accumulators,
  // so that the FMAs' latency is hidden
  constexpr std::size_t chains = O * R < 4 ? 2 : 1;
  std::size_t o = o_begin;
  for (; o + O <= o_end; o += O) {
    std::array<std::array<std::array<fbatch, R>, O>, chains> acc;
    for (auto& c : acc)
      for (auto& a : c) a.fill(fbatch(0.0f));
    std::array<Q, O> q;
    for (std::size_t b = 0; b < blocks; ++b) {
      for (std::size_t k = 0; k < O; ++k) {
        q[k].begin(w + (o + k) * row_bytes + b * Q::bytes);
        fetch_lines<Q::bytes>(w, (o + O + k) * row_bytes + b * Q::bytes);
      }
      const float* xb = x + b * Q::values;
      for_each_batch<Q>([&](auto j) {
        auto& a = acc[j / lanes % chains];
        std::array<fbatch, O> wv;
        for (std::size_t k = 0; k < O; ++k) wv[k] = q[k].at(j);
        for (std::size_t r = 0; r < R; ++r) {
          const fbatch xv = in_register(fbatch::load_unaligned(xb + r * in + j));
          for (std::size_t k = 0; k < O; ++k) a[k][r] = xsimd::fma(xv, wv[k], a[k][r]);
        }
      });
    }
    for (std::size_t k = 0; k < O; ++k)
      for (std::size_t r = 0; r < R; ++r) {
        fbatch sum = acc[0][k][r];
        for (std::size_t c = 1; c < chains; ++c) sum += acc[c][k][r];
        y[r * out + o + k] = xsimd::hadd(sum);
      }
  }
  if constexpr (O > 1)
    if (o < o_end) quant_tile<Q, R, 1>(x, in, w, o, o_end, y, out);
}

/// f(c, e) for the outputs [o_begin, o_end), four at a time ([c, e)). The kernels over blocks as
/// stored run every tile of rows over four outputs before the next four, so that their blocks come
/// from memory once, for the first tile, and from cache for the others. (Each tile over the whole
/// range in turn read W from memory once a tile: on a Zen 5, D 4096, Dff 11008, alternating, with
/// x in f32, Q8_0 at 16 rows, two tiles of 8, took 40 to 61 ms a layer against 30 to 35 this way,
/// Q4_K 55 and 57 against 31 and 39, Q6_K 43 to 61 against 38 to 40, and 3 and 7 rows 1.05 to 1.3
/// times as long; bench/README.md.)
template<class F>
void by_four_outputs(std::size_t o_begin, std::size_t o_end, const F& f)
{
  for (std::size_t c = o_begin; c < o_end; c += 4) f(c, std::min(o_end, c + 4));
}

/// y = x · Wᵀ for the outputs [o_begin, o_end): tiles of 8 rows of x by 2 outputs, the rows left
/// after them as one tile of their own (2 to 4 rows by 4 outputs, 5 to 7 by 2, one row by one),
/// four outputs at a time (`by_four_outputs`). (The rows left went as tiles of 4, 2 and 1 rows,
/// each dequantizing every weight again: on a Zen 5, D 4096, Dff 11008, alternating, two rounds,
/// 3 rows took Q8_0 8.5 and 8.8 ms a layer against 6.8 and 7.2 this way, Q4_K 9.8 and 10.5 against
/// 6.5 and 5.3, Q6_K 11.6 twice against 8.0 and 7.9; 5 and 7 rows level to 1.4 times as long.)
template<class Q>
void quant_rows(const float* x, std::size_t rows, std::size_t in, const unsigned char* w, std::size_t o_begin,
                std::size_t o_end, float* y, std::size_t out)
{
  by_four_outputs(o_begin, o_end, [&](std::size_t c, std::size_t e) {
    std::size_t r = 0;
    for (; r + 8 <= rows; r += 8) quant_tile<Q, 8, 2>(x + r * in, in, w, c, e, y + r * out, out);
    const auto tile = [&]<std::size_t R>(std::integral_constant<std::size_t, R>) {
      quant_tile<Q, R, R == 1 ? 1 : R <= 4 ? 4 : 2>(x + r * in, in, w, c, e, y + r * out, out);
    };
    if (r < rows) tile_of_rows<7>(rows - r, tile);
  });
}

/// `n` values of W's blocks from `w` on as f32, into `y` (a row's slice, for the panel GEMM's
/// tiles).
template<class Q>
void dequantize_blocks(const unsigned char* w, std::size_t n, float* y)
{
  Q q;
  for (std::size_t b = 0; b < n / Q::values; ++b) {
    q.begin(w + b * Q::bytes);
    float* yb = y + b * Q::values;
    for_each_batch<Q>([&](auto j) { q.at(j).store_unaligned(yb + j); });
  }
}

}  // namespace shapeproof::runtime::detail

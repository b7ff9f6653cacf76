// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief `y = x · Wᵀ` over W repacked once into panels: the project's own GEMM, for any number
 * of rows of x, over f32, bf16 or f16 weights.
 *
 * `pack_panels` stores `W [out, in]` as panels of `panel_width` outputs (two batches: 32 with
 * AVX-512), each `[in][panel_width]`: the weights of one input for the panel's outputs lie side
 * by side, so a step of the kernel loads two batches of weights (16-bit ones widened in
 * registers) and multiplies them into eight rows of x, each row's value broadcast: sixteen
 * accumulators, two loads and eight broadcasts for sixteen FMAs, with no horizontal sums. Where
 * the CPU has 16 vector registers rather than 32 (AVX2, SSE), a tile is six rows: twelve
 * accumulators, the two batches of weights and a broadcast fill 15 of them (`panel_tile_rows`).
 * Inputs are taken 256 at a time, so that a panel's part (32 KB in f32 with AVX-512) stays in L1
 * or L2 while every block of rows passes over it; rows are taken 256 at a time, so that W is read
 * from memory once per 256 rows. The panels are W's bytes again: a pass reads them instead of W, once.
 *
 * The layout depends on the batch width the code is compiled for (`-march`): panels are made and
 * used by code built alike, never written to a file. They are a copy: weights changed after
 * `pack_panels` must be packed again.
 *
 * Why not sgemm: it packs W on every call, which few rows do not repay (bench/README.md), and the
 * OpenBLAS this project builds with may run kernels narrower than the machine's widest vectors.
 */

#include <xsimd/xsimd.hpp>

#include <shapeproof/runtime/fetch_lines.hpp>
#include <shapeproof/runtime/loaders.hpp>
#include <shapeproof/runtime/row_tiles.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <utility>
#include <vector>

namespace shapeproof::runtime::detail {

/// Outputs per panel: two batches of floats.
inline constexpr std::size_t panel_width = 2 * xsimd::batch<float>::size;

/// The number of panels of `out` outputs (the last one padded with zeros).
constexpr std::size_t panel_count(std::size_t out) { return (out + panel_width - 1) / panel_width; }

/// `W [out, in]` (row-major; f32 or 16-bit bits) as panels: panel p holds outputs
/// `[p·panel_width, (p + 1)·panel_width)` as `[in][panel_width]`; the last panel's missing outputs are zeros.
template<class T>
std::vector<T> pack_panels(const T* w, std::size_t in, std::size_t out)
{
  constexpr std::size_t NR = panel_width;
  std::vector<T> packed(panel_count(out) * in * NR, T{});
  for (std::size_t p = 0; p < panel_count(out); ++p) {
    const std::size_t cols = std::min(NR, out - p * NR);
    T* dst = packed.data() + p * in * NR;
    for (std::size_t i = 0; i < in; ++i)
      for (std::size_t j = 0; j < cols; ++j) dst[i * NR + j] = w[(p * NR + j) * in + i];
  }
  return packed;
}

/// How far ahead of its step the first tile over a slice of a panel asks for the panel's bytes.
/// Measured at D 4096, Dff 11008, weights past the last-level cache. On an Intel Xeon, 2 KiB against
/// asking for none: f32 at 8 rows 25.0 → 21.7 ms, bf16 at 1 row 10.7 → 9.0, at 8 rows 19.7 → 12.0;
/// 1 and 4 KiB were slower. On an AMD EPYC (Zen 5), 8 KiB against 2, alternating, two rounds: faster
/// in 21 of 22 cases of f32, bf16 and f16 at 1 to 64 rows (f32 at one row 13.4 and 12.2 ms against
/// 14.4 and 13.8, at 16 rows 17.5 and 20.6 against 21.0 and 23.2; bf16 at 8 rows 7.9 and 6.5 against
/// 8.1 and 8.8), level at 512; the bf16 dot path, whose tiles share it, at 16 rows 9.9 and 9.8 ms
/// against 11.5 and 12.1. 16 KiB was no better than 8. The strips found the same distance
/// there (`strip_fetch_ahead`); the best distance depends on the machine, and 8 KiB was not
/// measured on the Xeon.
inline constexpr std::size_t panel_fetch_ahead = 8192;

// y[r, 0:cols] (+)= x[r, k0:k1] · panel[k0:k1, 0:cols] for MR rows: 2·MR vector accumulators, the
// loops over rows written out at compile time so that they stay in registers. `first` starts
// from zero, otherwise from y. A partial panel (cols < panel_width) goes through a small buffer.
// `fetch`: the tile is the first over this slice, which it reads from memory; it asks for the
// bytes `panel_fetch_ahead` on (the next slice's, at the end: panels lie one after the other).
template<class L, std::size_t MR>
void panel_tile(const float* x, std::size_t ldx, const typename L::type* panel, std::size_t k0, std::size_t k1,
                float* y, std::size_t ldy, std::size_t cols, bool first, bool fetch = false)
{
  using batch = xsimd::batch<float>;
  constexpr std::size_t B = batch::size, NR = panel_width;
  constexpr auto rows = std::make_index_sequence<MR>{};
  alignas(64) std::array<float, MR * NR> part;
  float* out = y;
  std::size_t ld = ldy;
  if (cols < NR) {
    for (std::size_t r = 0; r < MR; ++r)
      for (std::size_t j = 0; j < NR; ++j) part[r * NR + j] = first || j >= cols ? 0.0f : y[r * ldy + j];
    out = part.data();
    ld = NR;
  }
  std::array<batch, MR> lo, hi;
  [&]<std::size_t... r>(std::index_sequence<r...>)
  {
    if (first && out == y)
      ((lo[r] = batch(0.0f), hi[r] = batch(0.0f)), ...);
    else
      ((lo[r] = batch::load_unaligned(out + r * ld), hi[r] = batch::load_unaligned(out + r * ld + B)), ...);
  }
  (rows);
  const typename L::type* p = panel + k0 * NR;
  for (std::size_t k = k0; k < k1; ++k, p += NR) {
    if (fetch) fetch_lines<NR * sizeof(*p)>(p, panel_fetch_ahead);
    const batch w0 = L::load(p), w1 = L::load(p + B);
    [&]<std::size_t... r>(std::index_sequence<r...>)
    {
      ((lo[r] = xsimd::fma(batch(x[r * ldx + k]), w0, lo[r]), hi[r] = xsimd::fma(batch(x[r * ldx + k]), w1, hi[r])),
       ...);
    }
    (rows);
  }
  [&]<std::size_t... r>(std::index_sequence<r...>)
  {
    ((lo[r].store_unaligned(out + r * ld), hi[r].store_unaligned(out + r * ld + B)), ...);
  }
  (rows);
  if (out != y)
    for (std::size_t r = 0; r < MR; ++r) std::copy_n(part.data() + r * NR, cols, y + r * ldy);
}

/// A tile of the panel GEMM: `Tile::run<MR>(x, ldx, panel, k0, k1, y, ldy, cols, first, fetch)`
/// computes MR rows of x (`Tile::x_type`) over inputs [k0, k1) of one panel of `Tile::w_type`.
/// `fma_tile` is `panel_tile`, x in f32; the bf16 dot path has its own (bf16_dot.hpp). The loops
/// below, over row blocks, panels, slices of inputs and tiles, are the same for every tile.
template<class L>
struct fma_tile {
  using x_type = float;
  using w_type = typename L::type;
  template<std::size_t MR>
  static void run(const float* x, std::size_t ldx, const w_type* panel, std::size_t k0, std::size_t k1, float* y,
                  std::size_t ldy, std::size_t cols, bool first, bool fetch)
  {
    panel_tile<L, MR>(x, ldx, panel, k0, k1, y, ldy, cols, first, fetch);
  }
};

// Tile::run for a tile of `n` rows, 1 <= n <= N, n known at run time only (row_tiles.hpp).
template<class Tile, std::size_t N>
void panel_tile_of(std::size_t n, const typename Tile::x_type* x, std::size_t ldx, const typename Tile::w_type* panel,
                   std::size_t k0, std::size_t k1, float* y, std::size_t ldy, std::size_t cols, bool first, bool fetch)
{
  tile_of_rows<N>(n, [&]<std::size_t R>(std::integral_constant<std::size_t, R>) {
    Tile::template run<R>(x, ldx, panel, k0, k1, y, ldy, cols, first, fetch);
  });
}

/// Rows of x per tile, inputs per pass over a panel, rows per pass over W. A tile of 8 rows holds
/// 16 accumulators, 2 batches of weights and a broadcast: AVX-512's 32 registers hold them, AVX2's
/// 16 did not, and 3 accumulators went through the stack at every step. 6 rows (15 registers) made
/// bf16 and f16 at 16 to 64 rows 1.45 to 1.65 times as fast there, f32 1.05 to 1.45 (AMD EPYC, Zen
/// 3, 2 cores, D 4096, Dff 11008, weights past the last-level cache, alternating; bench/README.md).
/// The test is the batch's width: on x86, 16 floats is AVX-512 and its 32 registers.
inline constexpr std::size_t panel_tile_rows = xsimd::batch<float>::size >= 16 ? 8 : 6;
inline constexpr std::size_t panel_depth = 256, panel_row_block = 256;

// Every one of `rows` rows of x (leading dimension ldx) over inputs [k0, k1) of one panel, into y
// (leading dimension ldy): tiles of MR rows, then one tile of exactly the rows left.
template<class Tile>
void panel_tiles(const typename Tile::x_type* x, std::size_t rows, std::size_t ldx, const typename Tile::w_type* panel,
                 std::size_t k0, std::size_t k1, float* y, std::size_t ldy, std::size_t cols, bool first,
                 bool fetch = false)
{
  constexpr std::size_t MR = panel_tile_rows;
  std::size_t r = 0;
  for (; r + MR <= rows; r += MR)
    Tile::template run<MR>(x + r * ldx, ldx, panel, k0, k1, y + r * ldy, ldy, cols, first, fetch && r == 0);
  if (r < rows)
    panel_tile_of<Tile, MR - 1>(rows - r, x + r * ldx, ldx, panel, k0, k1, y + r * ldy, ldy, cols, first,
                                fetch && r == 0);
}

/// y[:, outputs of panels p0 to p1] = x · Wᵀ for `rows` rows of x (leading dimension ldx, `in`
/// inputs), W `[out, in]` as `pack_panels` left it, through `Tile`.
template<class Tile>
void panel_loops(const typename Tile::x_type* x, std::size_t rows, std::size_t ldx, std::size_t in,
                 const typename Tile::w_type* panels, std::size_t p0, std::size_t p1, float* y, std::size_t out)
{
  constexpr std::size_t NR = panel_width;
  if (in == 0) {
    for (std::size_t r = 0; r < rows; ++r) std::fill(y + r * out + p0 * NR, y + r * out + std::min(out, p1 * NR), 0.0f);
    return;
  }
  for (std::size_t r0 = 0; r0 < rows; r0 += panel_row_block) {
    const std::size_t r_end = std::min(rows, r0 + panel_row_block);
    for (std::size_t p = p0; p < p1; ++p) {
      const typename Tile::w_type* panel = panels + p * in * NR;
      const std::size_t cols = std::min(NR, out - p * NR);
      for (std::size_t k0 = 0; k0 < in; k0 += panel_depth) {
        const std::size_t k1 = std::min(in, k0 + panel_depth);
        panel_tiles<Tile>(x + r0 * ldx, r_end - r0, ldx, panel, k0, k1, y + r0 * out + p * NR, out, cols, k0 == 0,
                          true);
      }
    }
  }
}

/// y[:, outputs of panels p0 to p1] = x · Wᵀ for `rows` rows of x `[rows, in]`, W as `pack_panels` left it.
template<class L>
void panel_rows(const float* x, std::size_t rows, std::size_t in, const typename L::type* panels, std::size_t p0,
                std::size_t p1, float* y, std::size_t out)
{
  panel_loops<fma_tile<L>>(x, rows, in, in, panels, p0, p1, y, out);
}

}  // namespace shapeproof::runtime::detail

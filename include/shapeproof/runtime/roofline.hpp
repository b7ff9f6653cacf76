// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief The roofline a forward pass is measured against: the time reading its weights takes at
 * the machine's read bandwidth, or the time its FLOPs take at the machine's GEMM rate, whichever
 * is longer, both measured in the same run as the pass.
 *
 * A bound a run beats is a wrong bound, so both rates give the machine every chance: the read
 * bandwidth is `measure_read_bandwidth` (see bandwidth.hpp); the GEMM rate is the best of several
 * `cblas_sgemm` calls on a shape large enough for OpenBLAS to reach its peak on every core, or of
 * as many calls of the project's own GEMM (panel_gemm.hpp) on the same shape, whichever is faster.
 *
 * The integer path's products are 8-bit multiply-adds, not f32 FLOPs: their bound is the machine's
 * peak rate of them, `measure_int8_rate`: independent instructions in registers on every core, the
 * ones the integer path's products are made of, `vpdpbusd` where the build has AVX-512 VNNI,
 * `vpmaddubsw` where it has AVX2 (with FMA and F16C) without it.
 */

#include <cblas.h>
#include <immintrin.h>

#include <shapeproof/runtime/bandwidth.hpp>
#include <shapeproof/runtime/forward.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <thread>
#include <vector>

namespace shapeproof::runtime {

/**
 * @brief The best GEMM rate, in FLOPs per second: `repetitions` calls of `[m, k] · [k, n]` after
 * one warm-up, by `cblas_sgemm` and, in an optimised build, by the panel GEMM (over the caller and
 * a helper thread), the fastest call kept. With `bf16_dot`, the bf16 dot path over the same
 * product in bf16 panels too (`workspace::set_bf16_dot`): the rate of the pass that takes it.
 */
inline double measure_gemm_rate(std::size_t m = 512, std::size_t n = 2816, std::size_t k = 2048, int repetitions = 5,
                                bool bf16_dot = false)
{
  std::vector<float> a(m * k, 0.5f), b(k * n, 0.25f), c(m * n);
  auto call = [&] {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<blasint>(m), static_cast<blasint>(n),
                static_cast<blasint>(k), 1.0f, a.data(), static_cast<blasint>(k), b.data(), static_cast<blasint>(k),
                0.0f, c.data(), static_cast<blasint>(n));
  };
  double best = 1e30;
  auto time = [&](const auto& f) {
    f();
    for (int r = 0; r < repetitions; ++r) {
      const auto start = std::chrono::steady_clock::now();
      f();
      best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
  };
  time(call);
#ifdef __OPTIMIZE__
  // The same product over b packed in panels, b being W [n, k]. (Not in a build without
  // optimisation, a sanitizer's: there it takes seconds a call and is far slower than sgemm.)
  const auto panels = detail::pack_panels(b.data(), k, n);
  detail::linear_view w;
  w.in = k;
  w.out = n;
  w.panels = panels.data();
  workspace ws;
  time([&] { detail::linear_rows(w, a.data(), m, c.data(), ws); });
  if (bf16_dot) {
    const std::vector<std::uint16_t> b16(b.size(), detail::round_to_bf16(0.25f));
    const auto panels16 = detail::pack_panels(b16.data(), k, n);
    w.dtype = detail::weight_dtype::bf16;
    w.panels = panels16.data();
    ws.set_bf16_dot(true);
    time([&] { detail::linear_rows(w, a.data(), m, c.data(), ws); });
  }
#else
  (void)bf16_dot;
#endif
  return 2.0 * static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k) / best;
}

namespace detail {

#if defined(__AVX512VNNI__) && defined(__AVX512BW__)
/// Multiply-adds one `int8_spin` round makes: 16 independent `vpdpbusd` of 64 each.
inline constexpr std::size_t int8_macs_per_round = 16 * 64;

// `rounds` rounds of 16 independent `vpdpbusd` (more than their latency times their throughput,
// so none waits on another), from values the compiler cannot know; their sum, so none is elided.
inline std::int32_t int8_spin(std::size_t rounds, std::int32_t seed)
{
  __m512i acc[16];
  for (int i = 0; i < 16; ++i) acc[i] = _mm512_set1_epi32(seed + i);
  const __m512i u = _mm512_set1_epi8(static_cast<char>(seed | 1)), s = _mm512_set1_epi8(static_cast<char>(seed >> 8));
  for (std::size_t r = 0; r < rounds; ++r)
    for (auto& a : acc) a = _mm512_dpbusd_epi32(a, u, s);
  __m512i sum = acc[0];
  for (int i = 1; i < 16; ++i) sum = _mm512_add_epi32(sum, acc[i]);
  return _mm512_reduce_add_epi32(sum);
}
#define SHAPEPROOF_INT8_SPIN 1
#elif defined(__AVX2__) && defined(__FMA__) && defined(__F16C__)
/// Multiply-adds one `int8_spin` round makes: 12 independent `vpmaddubsw` of 32 each, the
/// instruction that makes every product of the integer path's AVX2 kernels.
inline constexpr std::size_t int8_macs_per_round = 12 * 32;

// `rounds` rounds of 12 independent `vpmaddubsw` (more than their latency times their throughput),
// each on its accumulator's last value read as unsigned bytes and a constant the compiler cannot
// know, so that none can be taken out of the loop; the sum of their 32-bit lanes, so none is elided.
inline std::int32_t int8_spin(std::size_t rounds, std::int32_t seed)
{
  __m256i acc[12];
  for (int i = 0; i < 12; ++i) acc[i] = _mm256_set1_epi32(seed + i);
  const __m256i s = _mm256_set1_epi8(static_cast<char>(seed >> 8));
  for (std::size_t r = 0; r < rounds; ++r)
    for (auto& a : acc) a = _mm256_maddubs_epi16(a, s);
  __m256i sum = acc[0];
  for (int i = 1; i < 12; ++i) sum = _mm256_add_epi32(sum, acc[i]);
  const __m128i h = _mm_add_epi32(_mm256_castsi256_si128(sum), _mm256_extracti128_si256(sum, 1));
  const __m128i h2 = _mm_add_epi32(h, _mm_shuffle_epi32(h, 0x4E));
  return _mm_cvtsi128_si32(_mm_add_epi32(h2, _mm_shuffle_epi32(h2, 0xB1)));
}
#define SHAPEPROOF_INT8_SPIN 1
#endif

}  // namespace detail

/**
 * @brief The peak rate of 8-bit integer multiply-adds, per second, on every core together: the best
 * of `repetitions` runs of `rounds` rounds of independent `vpdpbusd` per core (`vpmaddubsw` in a
 * build for AVX2 without AVX-512 VNNI: the instruction the integer path's kernels then make their
 * products with), a run as fast as its slowest core. Nothing made of that instruction can be
 * faster. 0 in a build with neither (the integer path then runs its portable kernel, whose bound is
 * the read bound alone).
 */
inline double measure_int8_rate(int repetitions = 5, std::size_t rounds = std::size_t{1} << 18)
{
#if defined(SHAPEPROOF_INT8_SPIN)
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::int32_t> sums(threads);
  // One repetition more than asked: the first warms the clock up, and the best is kept
  const auto per_rep = detail::seconds_on_threads(threads, repetitions + 1, [&](unsigned i) {
    sums[i] += detail::int8_spin(rounds, static_cast<std::int32_t>(i) + (sums[i] & 1));
  });
  volatile std::int32_t sink = 0;  // the sums are used, so the products cannot be elided
  for (const auto s : sums) sink = sink + s;
  return detail::best_bandwidth(
      static_cast<double>(threads) * static_cast<double>(rounds * detail::int8_macs_per_round), per_rep);
#else
  (void)repetitions;
  (void)rounds;
  return 0.0;
#endif
}

/// The machine's rates, and the bound they give a pass.
struct roofline {
  double read_bytes_per_second = 0;
  double flops_per_second = 0;
  /// 8-bit multiply-adds per second (`measure_int8_rate`); 0: not known, the read bound alone.
  double int8_macs_per_second = 0;

  /// Measures both (under a second with the defaults).
  static roofline measure(std::size_t probe_bytes = std::size_t{256} << 20)
  {
    return {measure_read_bandwidth(probe_bytes, 5), measure_gemm_rate()};
  }
  double memory_seconds(double bytes) const { return bytes / read_bytes_per_second; }
  double compute_seconds(double flops) const { return flops / flops_per_second; }
  /// The least time a pass reading `bytes` and computing `flops` can take here.
  double bound_seconds(double bytes, double flops) const
  {
    return std::max(memory_seconds(bytes), compute_seconds(flops));
  }
  /// The least time the integer path can take reading `bytes` and making `macs` 8-bit
  /// multiply-adds (the read bound alone where the int8 rate is not known).
  double int8_bound_seconds(double bytes, double macs) const
  {
    return int8_macs_per_second > 0 ? std::max(memory_seconds(bytes), macs / int8_macs_per_second)
                                    : memory_seconds(bytes);
  }
  /// Which side bounds it.
  const char* limit(double bytes, double flops) const
  {
    return memory_seconds(bytes) >= compute_seconds(flops) ? "memory" : "compute";
  }
  /// Which side bounds the integer path: "int8-compute" when its multiply-adds take longer than reading.
  const char* int8_limit(double bytes, double macs) const
  {
    return int8_macs_per_second > 0 && macs / int8_macs_per_second > memory_seconds(bytes) ? "int8-compute" : "memory";
  }
};

}  // namespace shapeproof::runtime

#undef SHAPEPROOF_INT8_SPIN

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
 */

#include <cblas.h>

#include <shapeproof/runtime/bandwidth.hpp>
#include <shapeproof/runtime/forward.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <vector>

namespace shapeproof::runtime {

/**
 * @brief The best GEMM rate, in FLOPs per second: `repetitions` calls of `[m, k] · [k, n]` after
 * one warm-up, by `cblas_sgemm` and, in an optimised build, by the panel GEMM (over the caller and
 * a helper thread), the fastest call kept.
 */
inline double measure_gemm_rate(std::size_t m = 512, std::size_t n = 2816, std::size_t k = 2048, int repetitions = 5)
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
#endif
  return 2.0 * static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k) / best;
}

/// The machine's two rates, and the bound they give a pass.
struct roofline {
  double read_bytes_per_second = 0;
  double flops_per_second = 0;

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
  /// Which side bounds it.
  const char* limit(double bytes, double flops) const
  {
    return memory_seconds(bytes) >= compute_seconds(flops) ? "memory" : "compute";
  }
};

}  // namespace shapeproof::runtime

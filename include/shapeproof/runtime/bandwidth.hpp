// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief The machine's read bandwidth, measured so that no forward pass can beat it.
 *
 * A roofline bound is only honest if nothing runs faster than it: a pass that reads its weights
 * in less time than "bytes ÷ bandwidth" means the bandwidth was underestimated. So the probe
 * gives memory every chance: each core first touches its own part of the buffer (its pages are
 * then local), sums it with eight independent vector accumulators (no add waits on another), as
 * one stream, as four side by side (as a GEMV reads rows of W), and as one stream it prefetches
 * ahead of its reads in bursts (as the integer path's kernels do theirs: on an AMD EPYC, passes
 * over strips read faster than the other two patterns did), and is timed from a barrier to its
 * own end, so that starting threads costs nothing; the figure is the best of several repetitions,
 * on every core and on one, whichever is highest. A benchmark measures it again and again, and
 * keeps the highest figure (this machine's bandwidth moves by half within seconds).
 */

#include <unistd.h>
#include <xsimd/xsimd.hpp>

#include <algorithm>
#include <barrier>
#include <chrono>
#include <cstddef>
#include <fstream>
#include <memory>
#include <thread>
#include <vector>

namespace shapeproof::runtime {

namespace detail {

// The sum of [first, last) with eight independent accumulators.
inline float sum_streaming(const float* first, const float* last)
{
  using batch = xsimd::batch<float>;
  constexpr std::size_t w = batch::size;
  batch a0(0.0f), a1(0.0f), a2(0.0f), a3(0.0f), a4(0.0f), a5(0.0f), a6(0.0f), a7(0.0f);
  const float* p = first;
  for (; p + 8 * w <= last; p += 8 * w) {
    a0 += batch::load_unaligned(p);
    a1 += batch::load_unaligned(p + w);
    a2 += batch::load_unaligned(p + 2 * w);
    a3 += batch::load_unaligned(p + 3 * w);
    a4 += batch::load_unaligned(p + 4 * w);
    a5 += batch::load_unaligned(p + 5 * w);
    a6 += batch::load_unaligned(p + 6 * w);
    a7 += batch::load_unaligned(p + 7 * w);
  }
  float s = xsimd::hadd(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)));
  for (; p < last; ++p) s += *p;
  return s;
}

// The sum of [first, last) read as four streams side by side, a quarter of the range each (the
// tail alone after them): a GEMV reads several rows of W at once, and some machines serve several
// streams per core faster than one.
inline float sum_interleaved(const float* first, const float* last)
{
  using batch = xsimd::batch<float>;
  constexpr std::size_t w = batch::size, streams = 4;
  const std::size_t quarter = static_cast<std::size_t>(last - first) / streams / (2 * w) * (2 * w);
  const float* p0 = first;
  const float* p1 = first + quarter;
  const float* p2 = first + 2 * quarter;
  const float* p3 = first + 3 * quarter;
  batch a0(0.0f), a1(0.0f), a2(0.0f), a3(0.0f), a4(0.0f), a5(0.0f), a6(0.0f), a7(0.0f);
  for (std::size_t i = 0; i < quarter; i += 2 * w) {
    a0 += batch::load_unaligned(p0 + i);
    a1 += batch::load_unaligned(p0 + i + w);
    a2 += batch::load_unaligned(p1 + i);
    a3 += batch::load_unaligned(p1 + i + w);
    a4 += batch::load_unaligned(p2 + i);
    a5 += batch::load_unaligned(p2 + i + w);
    a6 += batch::load_unaligned(p3 + i);
    a7 += batch::load_unaligned(p3 + i + w);
  }
  return xsimd::hadd(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7))) +
         sum_streaming(first + streams * quarter, last);
}

// The sum of [first, last) as one stream read in bursts of `burst` bytes, each burst's lines
// fetched together at its start, `ahead` bytes before they are read (`prefetcht0`), as the integer
// path's kernels fetch a strip block's lines: on some machines a core's own prefetches reach more
// bandwidth than its hardware prefetchers alone. On an AMD EPYC (Zen 5) the strips' kernel read
// faster 8 KiB ahead than 2, and faster than this sum did a line at a time 2 KiB ahead.
inline float sum_prefetched(const float* first, const float* last, std::size_t ahead = 8192, std::size_t burst = 2048)
{
  using batch = xsimd::batch<float>;
  constexpr std::size_t w = batch::size, line = 64 / sizeof(float), step = 4 * w;
  const std::size_t lead = ahead / sizeof(float), most = std::max(burst / sizeof(float) / step, std::size_t{1}) * step;
  batch a0(0.0f), a1(0.0f), a2(0.0f), a3(0.0f);
  const float* p = first;
  while (static_cast<std::size_t>(last - p) >= step) {
    const auto left = static_cast<std::size_t>(last - p);  // no pointer formed past the end
    const std::size_t n = std::min(most, left / step * step);
    for (std::size_t l = 0; l < n; l += line)
      if (lead + l < left) __builtin_prefetch(p + lead + l, 0, 3);
    for (std::size_t i = 0; i < n; i += step) {
      a0 += batch::load_unaligned(p + i);
      a1 += batch::load_unaligned(p + i + w);
      a2 += batch::load_unaligned(p + i + 2 * w);
      a3 += batch::load_unaligned(p + i + 3 * w);
    }
    p += n;
  }
  float s = xsimd::hadd((a0 + a1) + (a2 + a3));
  for (; p < last; ++p) s += *p;
  return s;
}

// How each core reads its part of the probe's buffer.
enum class read_pattern { one_stream, four_streams, prefetched };

// The bandwidth of `bytes` read by threads together, from each repetition's seconds per thread: a
// repetition ends when its slowest thread does; the best repetition is kept.
inline double best_bandwidth(double bytes, const std::vector<std::vector<double>>& seconds_per_rep)
{
  double best = 0;
  for (const auto& rep : seconds_per_rep) best = std::max(best, bytes / *std::max_element(rep.begin(), rep.end()));
  return best;
}

// Seconds of `work(i)` on each of `threads` threads (i = 0 to threads - 1), every repetition started
// together from a barrier and timed to each thread's own end, so that starting threads costs nothing.
template<class Work>
std::vector<std::vector<double>> seconds_on_threads(unsigned threads, int repetitions, Work work)
{
  std::barrier sync(static_cast<std::ptrdiff_t>(threads));
  std::vector<std::vector<double>> per_rep(static_cast<std::size_t>(repetitions), std::vector<double>(threads));
  std::vector<std::thread> pool;
  for (unsigned i = 0; i < threads; ++i)
    pool.emplace_back([&, i] {
      for (int rep = 0; rep < repetitions; ++rep) {
        sync.arrive_and_wait();
        const auto start = std::chrono::steady_clock::now();
        work(i);
        per_rep[static_cast<std::size_t>(rep)][i] =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      }
    });
  for (auto& t : pool) t.join();
  return per_rep;
}

// Bytes per second of `threads` cores each summing its part of `buffer` (as one stream, as four,
// or as one it prefetches), best of `repetitions`.
inline double read_bandwidth_on(const float* buffer, std::size_t n, unsigned threads, int repetitions,
                                read_pattern pattern = read_pattern::one_stream)
{
  std::vector<float> sums(threads);
  const auto per_rep = seconds_on_threads(threads, repetitions, [&](unsigned i) {
    const std::size_t lo = n / threads * i, hi = i + 1 == threads ? n : n / threads * (i + 1);
    sums[i] += pattern == read_pattern::four_streams ? sum_interleaved(buffer + lo, buffer + hi)
               : pattern == read_pattern::prefetched ? sum_prefetched(buffer + lo, buffer + hi)
                                                     : sum_streaming(buffer + lo, buffer + hi);
  });
  volatile float sink = 0;  // the sums are used, so the loads cannot be elided
  for (const float s : sums) sink = sink + s;
  return best_bandwidth(static_cast<double>(n * sizeof(float)), per_rep);
}

}  // namespace detail

/**
 * @brief A buffer far larger than the caches, first touched by the cores that will read it, to
 * measure the read bandwidth on again and again.
 *
 * This machine's bandwidth moves by half within seconds (other tenants), so a benchmark that
 * measures it once can see a pass beat its bound in a fast moment: it measures between its
 * cases instead, and `best()` is the highest figure seen.
 */
class read_bandwidth_probe {
public:
  explicit read_bandwidth_probe(std::size_t bytes = std::size_t{1} << 30) :
      n_(bytes / sizeof(float)), buffer_(new float[n_]), threads_(std::max(1u, std::thread::hardware_concurrency()))
  {
    std::vector<std::thread> pool;
    for (unsigned i = 0; i < threads_; ++i)
      pool.emplace_back([&, i] {
        const std::size_t lo = n_ / threads_ * i, hi = i + 1 == threads_ ? n_ : n_ / threads_ * (i + 1);
        std::fill(buffer_.get() + lo, buffer_.get() + hi, 1.0f);
      });
    for (auto& t : pool) t.join();
  }

  /// Bytes per second now: the best of `repetitions` sums on every core (one stream each, four,
  /// and one prefetched) and on one, whichever is highest.
  double measure(int repetitions = 7)
  {
    using detail::read_pattern;
    const double now =
        std::max({detail::read_bandwidth_on(buffer_.get(), n_, threads_, repetitions),
                  detail::read_bandwidth_on(buffer_.get(), n_, threads_, repetitions, read_pattern::four_streams),
                  detail::read_bandwidth_on(buffer_.get(), n_, threads_, repetitions, read_pattern::prefetched),
                  detail::read_bandwidth_on(buffer_.get(), n_, 1, repetitions)});
    best_ = std::max(best_, now);
    return now;
  }
  /// The highest figure measured so far.
  double best() const { return best_; }

private:
  std::size_t n_;
  std::unique_ptr<float[]> buffer_;
  unsigned threads_;
  double best_ = 0;
};

/**
 * @brief The read bandwidth in bytes per second: the best of `repetitions` sums over a buffer of
 * `bytes` (far larger than the caches), on every core and on one core, whichever is higher.
 */
inline double measure_read_bandwidth(std::size_t bytes = std::size_t{1} << 30, int repetitions = 7)
{
  return read_bandwidth_probe(bytes).measure(repetitions);
}

/// The process's resident memory now, in bytes, from /proc/self/statm (0 where there is none).
inline double resident_bytes()
{
  std::ifstream statm("/proc/self/statm");
  double pages_total = 0, pages_resident = 0;
  if (!(statm >> pages_total >> pages_resident)) return 0;
  return pages_resident * static_cast<double>(::sysconf(_SC_PAGESIZE));
}

}  // namespace shapeproof::runtime

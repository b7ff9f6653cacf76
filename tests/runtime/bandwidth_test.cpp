// SPDX-License-Identifier: MIT
// The read-bandwidth probe: its sum reads every element exactly once, whatever the length and
// alignment, and the probe reports a bandwidth for a buffer read on every core. The roofline's
// bound from the two rates.
#include <shapeproof/runtime/bandwidth.hpp>
#include <shapeproof/runtime/roofline.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <string_view>
#include <vector>

using namespace shapeproof;

TEST_CASE("the probe's streaming sums read every element once", "[bandwidth]")
{
  const auto n = static_cast<std::size_t>(GENERATE(take(40, random(0, 5000))));
  const auto offset = static_cast<std::size_t>(GENERATE(0, 1, 3));
  std::vector<float> values(n + offset);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i % 7) - 3.0f;
  const double expected = std::accumulate(values.begin() + static_cast<std::ptrdiff_t>(offset), values.end(), 0.0);
  CAPTURE(n, offset);
  CHECK(runtime::detail::sum_streaming(values.data() + offset, values.data() + values.size()) ==
        Approx(expected).margin(1e-3));
  // As four streams side by side, the tail after them included
  CHECK(runtime::detail::sum_interleaved(values.data() + offset, values.data() + values.size()) ==
        Approx(expected).margin(1e-3));
  // As one stream fetched ahead (no fetch past the end), however far ahead, in bursts of any size
  for (const std::size_t ahead : {std::size_t{0}, std::size_t{256}, std::size_t{2048}, std::size_t{8192}})
    for (const std::size_t burst : {std::size_t{0}, std::size_t{64}, std::size_t{2048}, std::size_t{3000}}) {
      CAPTURE(ahead, burst);
      CHECK(runtime::detail::sum_prefetched(values.data() + offset, values.data() + values.size(), ahead, burst) ==
            Approx(expected).margin(1e-3));
    }
}

TEST_CASE("the probe measures a positive, finite bandwidth on every core and on one", "[bandwidth]")
{
  std::vector<float> buffer(std::size_t{1} << 20, 1.0f);
  const double all = runtime::detail::read_bandwidth_on(buffer.data(), buffer.size(), 2, 2);
  const double one = runtime::detail::read_bandwidth_on(buffer.data(), buffer.size(), 1, 2);
  using runtime::detail::read_pattern;
  const double four =
      runtime::detail::read_bandwidth_on(buffer.data(), buffer.size(), 2, 2, read_pattern::four_streams);
  const double ahead = runtime::detail::read_bandwidth_on(buffer.data(), buffer.size(), 2, 2, read_pattern::prefetched);
  CHECK((std::isfinite(all) && all > 0 && std::isfinite(one) && one > 0 && std::isfinite(four) && four > 0));
  CHECK((std::isfinite(ahead) && ahead > 0));
  const double measured = runtime::measure_read_bandwidth(std::size_t{1} << 22, 2);
  CHECK((std::isfinite(measured) && measured > 0));
}

TEST_CASE("a probe measured again and again keeps the highest figure", "[bandwidth]")
{
  runtime::read_bandwidth_probe probe(std::size_t{1} << 22);
  CHECK(probe.best() == 0);
  double highest = 0;
  for (int i = 0; i < 3; ++i) {
    const double now = probe.measure(1);
    CHECK((std::isfinite(now) && now > 0));
    highest = std::max(highest, now);
    CHECK(probe.best() == highest);
  }
}

TEST_CASE("a pass's roofline bound is the longer of reading its bytes and computing its FLOPs", "[roofline]")
{
  // Rates given rather than measured: 10 GB/s and 100 GFLOP/s
  const runtime::roofline roof{10e9, 100e9};
  // 1 GB takes 0.1 s to read and 1 GFLOP 0.01 s to compute: no pass can beat the 0.1 s its reads take
  CHECK(roof.bound_seconds(1e9, 1e9) == Approx(0.1));
  CHECK(std::string_view(roof.limit(1e9, 1e9)) == "memory");
  // 1 MB takes 0.1 ms to read and 100 GFLOP 1 s to compute: the FLOPs bound it
  CHECK(roof.bound_seconds(1e6, 100e9) == Approx(1.0));
  CHECK(std::string_view(roof.limit(1e6, 100e9)) == "compute");
}

TEST_CASE("the integer path's bound is the longer of reading its bytes and its multiply-adds at the int8 rate",
          "[roofline]")
{
  // 10 GB/s and 1 T multiply-adds/s: 1 GB takes 0.1 s to read, 1 G multiply-adds 1 ms
  const runtime::roofline roof{10e9, 100e9, 1e12};
  CHECK(roof.int8_bound_seconds(1e9, 1e9) == Approx(0.1));
  CHECK(std::string_view(roof.int8_limit(1e9, 1e9)) == "memory");
  // 1 MB and 2 T multiply-adds: 2 s, not the f32 FLOP rate's 40 s, nor the 0.1 ms of reading
  CHECK(roof.int8_bound_seconds(1e6, 2e12) == Approx(2.0));
  CHECK(std::string_view(roof.int8_limit(1e6, 2e12)) == "int8-compute");
  // The int8 rate not known: the read bound alone
  const runtime::roofline unknown{10e9, 100e9};
  CHECK(unknown.int8_bound_seconds(1e6, 2e12) == Approx(1e-4));
  CHECK(std::string_view(unknown.int8_limit(1e6, 2e12)) == "memory");
}

TEST_CASE("threads reading together are as fast as the slowest of them, in the best repetition", "[bandwidth]")
{
  // Two repetitions of 1 GB read by three threads: the first ends after 0.5 s (its slowest
  // thread), the second after 0.25 s. The bandwidth is 1 GB / 0.25 s, not 1 GB over a faster
  // thread's time: a rate no repetition reached would be a bound a pass could beat.
  const std::vector<std::vector<double>> seconds{{0.1, 0.5, 0.2}, {0.25, 0.2, 0.05}};
  CHECK(runtime::detail::best_bandwidth(1e9, seconds) == Approx(4e9));
}

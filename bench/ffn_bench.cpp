// SPDX-License-Identifier: MIT
// SwiGLU forward against the bare three-GEMM OpenBLAS chain on the same shapes, and the
// single-token case against the weights-read bound, all measured in the same run.
//
//   shapeproof_bench [--benchmark_* options]
//
// For each (T, D, Dff): GFLOP/s of shapeproof's forward (6·T·D·Dff FLOPs per call), GFLOP/s of
// three cblas_sgemm calls on the same buffers with no element-wise work, and their ratio. Then
// the machine's read bandwidth (summing a 1 GiB buffer on every core) and, for T = 1, the time
// reading the three weight matrices once would take at that bandwidth.
#include <shapeproof/runtime/runtime.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

using namespace shapeproof;

namespace {

struct tokens final : dim<dynamic> {};
struct d_4096 final : dim<4096> {};
struct dff_11008 final : dim<11008> {};
struct d_1024 final : dim<1024> {};
struct dff_2816 final : dim<2816> {};
struct d_512 final : dim<512> {};
struct dff_1408 final : dim<1408> {};

struct result {
  double ffn_seconds = 0;
  double chain_seconds = 0;
};
std::map<std::string, result> results;

std::string key(std::size_t t, std::int64_t d, std::int64_t dff)
{
  return std::to_string(d) + "x" + std::to_string(dff) + "/" + std::to_string(t);
}

template<typename D, typename Dff>
struct fixture {
  using spec = swiglu<D, Dff>;
  runtime::weights<spec> w = runtime::weights<spec>::init(1);
  static constexpr std::size_t d = static_cast<std::size_t>(D::extent), dff = static_cast<std::size_t>(Dff::extent);

  static fixture& get()
  {
    static fixture f;
    return f;
  }
};

template<typename D, typename Dff>
void bench_ffn(benchmark::State& state)
{
  auto& f = fixture<D, Dff>::get();
  const auto t = static_cast<std::size_t>(state.range(0));
  auto x = runtime::tensor<shape<tokens, D>>::zeros("x", {t, f.d});
  for (auto& v : x.data()) v = 0.01f;
  auto y = runtime::tensor<shape<tokens, D>>::zeros("y", {t, f.d});
  runtime::workspace ws;
  runtime::forward(f.w, x, y, ws);
  for (auto _ : state) {
    runtime::forward(f.w, x, y, ws);
    benchmark::DoNotOptimize(y.data().data());
    benchmark::ClobberMemory();
  }
  state.counters["GFLOP/s"] = benchmark::Counter(6.0 * static_cast<double>(t * f.d * f.dff) * 1e-9,
                                                 benchmark::Counter::kIsIterationInvariantRate);
}

template<typename D, typename Dff>
void bench_chain(benchmark::State& state)
{
  auto& f = fixture<D, Dff>::get();
  const auto t = static_cast<std::size_t>(state.range(0));
  std::vector<float> x(t * f.d, 0.01f), g(t * f.dff), u(t * f.dff), y(t * f.d);
  for (auto _ : state) {
    runtime::detail::gemm_xwt(x.data(), t, f.d, f.w.gate.weight.data().data(), f.dff, g.data());
    runtime::detail::gemm_xwt(x.data(), t, f.d, f.w.up.weight.data().data(), f.dff, u.data());
    runtime::detail::gemm_xwt(g.data(), t, f.dff, f.w.down.weight.data().data(), f.d, y.data());
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  state.counters["GFLOP/s"] = benchmark::Counter(6.0 * static_cast<double>(t * f.d * f.dff) * 1e-9,
                                                 benchmark::Counter::kIsIterationInvariantRate);
}

// Bytes per second read by summing a buffer far larger than the caches, on every core.
double read_bandwidth()
{
  const std::size_t n = std::size_t{1} << 28;  // 1 GiB of floats
  std::vector<float> buf(n, 1.0f);
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  double best = 0;
  for (int rep = 0; rep < 5; ++rep) {
    std::vector<double> sums(threads);
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (unsigned i = 0; i < threads; ++i)
      pool.emplace_back([&, i] {
        const std::size_t lo = n / threads * i, hi = i + 1 == threads ? n : n / threads * (i + 1);
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        for (std::size_t j = lo; j + 8 <= hi; j += 8) {
          s0 += buf[j];
          s1 += buf[j + 1];
          s2 += buf[j + 2];
          s3 += buf[j + 3];
          s4 += buf[j + 4];
          s5 += buf[j + 5];
          s6 += buf[j + 6];
          s7 += buf[j + 7];
        }
        sums[i] = static_cast<double>(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7);
      });
    for (auto& th : pool) th.join();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    benchmark::DoNotOptimize(sums.data());
    best = std::max(best, static_cast<double>(n * sizeof(float)) / seconds);
  }
  return best;
}

// Keeps, per benchmark and shape, the fastest repetition's time per iteration.
class collecting_reporter : public benchmark::ConsoleReporter {
public:
  void ReportRuns(const std::vector<Run>& runs) override
  {
    ConsoleReporter::ReportRuns(runs);
    for (const auto& run : runs) {
      if (run.run_type != Run::RT_Iteration) continue;
      const std::string& fn = run.run_name.function_name;  // "ffn/4096x11008"
      const auto slash = fn.find('/');
      auto& r = results[fn.substr(slash + 1) + "/" + run.run_name.args];
      const double seconds = run.GetAdjustedRealTime() / benchmark::GetTimeUnitMultiplier(run.time_unit);
      double& slot = fn.substr(0, slash) == "ffn" ? r.ffn_seconds : r.chain_seconds;
      slot = slot == 0 ? seconds : std::min(slot, seconds);
    }
  }
};

}  // namespace

int main(int argc, char** argv)
{
  benchmark::Initialize(&argc, argv);
  collecting_reporter reporter;

  struct shape_case {
    std::size_t t;
    std::int64_t d, dff;
  };
  const std::vector<shape_case> cases{{1, 4096, 11008}, {32, 4096, 11008}, {512, 4096, 11008}, {128, 1024, 2816},
                                      {2048, 512, 1408}};
  auto add = [&](const char* prefix, auto fn, const shape_case& c) {
    const std::string name = std::string(prefix) + "/" + std::to_string(c.d) + "x" + std::to_string(c.dff);
    benchmark::RegisterBenchmark(name.c_str(), fn)
        ->Arg(static_cast<std::int64_t>(c.t))
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime()
        ->MinTime(0.5)
        ->Repetitions(3);
  };
  for (const auto& c : cases) {
    if (c.d == 4096) {
      add("ffn", bench_ffn<d_4096, dff_11008>, c);
      add("chain", bench_chain<d_4096, dff_11008>, c);
    } else if (c.d == 1024) {
      add("ffn", bench_ffn<d_1024, dff_2816>, c);
      add("chain", bench_chain<d_1024, dff_2816>, c);
    } else {
      add("ffn", bench_ffn<d_512, dff_1408>, c);
      add("chain", bench_chain<d_512, dff_1408>, c);
    }
  }
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();

  const double bandwidth = read_bandwidth();
  std::printf("\nread bandwidth (sum over 1 GiB, %u threads): %.1f GB/s\n\n", std::thread::hardware_concurrency(),
              bandwidth * 1e-9);
  std::printf("%-22s %12s %12s %8s %14s\n", "(T, D, Dff)", "shapeproof", "3x sgemm", "ratio", "T=1 bound");
  std::printf("%-22s %12s %12s %8s %14s\n", "", "GFLOP/s", "GFLOP/s", "", "(read time)");
  for (const auto& c : cases) {
    const result& r = results[key(c.t, c.d, c.dff)];
    if (r.ffn_seconds == 0 || r.chain_seconds == 0) continue;  // filtered out
    const double flops = 6.0 * static_cast<double>(c.t) * static_cast<double>(c.d) * static_cast<double>(c.dff);
    std::string bound = "-";
    if (c.t == 1) {
      const double bound_seconds = 3.0 * static_cast<double>(c.d) * static_cast<double>(c.dff) * 4.0 / bandwidth;
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.1f ms: %.2fx", bound_seconds * 1e3, r.ffn_seconds / bound_seconds);
      bound = buf;
    }
    const std::string label = "(" + std::to_string(c.t) + ", " + std::to_string(c.d) + ", " + std::to_string(c.dff) + ")";
    std::printf("%-22s %12.1f %12.1f %8.3f %14s\n", label.c_str(), flops / r.ffn_seconds * 1e-9,
                flops / r.chain_seconds * 1e-9, r.chain_seconds / r.ffn_seconds, bound.c_str());
  }
  return 0;
}

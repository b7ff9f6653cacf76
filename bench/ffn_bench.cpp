// SPDX-License-Identifier: MIT
// SwiGLU forward against the bare three-GEMM OpenBLAS chain on the same shapes, and the
// single-token case against the weights-read bound, all measured in the same run.
//
//   shapeproof_bench [--benchmark_* options]
//
// For each (T, D, Dff): GFLOP/s of shapeproof's forward (6·T·D·Dff FLOPs per call), GFLOP/s of
// three cblas_sgemm calls on the same buffers with no element-wise work (over [out, in] weights
// and over [in, out] ones), and their ratio. Then the machine's read bandwidth (the highest a
// read_bandwidth_probe saw between the cases) and the roofline of each case.
#include <benchmark/benchmark.h>

#include <shapeproof/runtime/bandwidth.hpp>
#include <shapeproof/runtime/roofline.hpp>
#include <shapeproof/runtime/runtime.hpp>

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
  double fused_seconds = 0;
  double chain_seconds = 0;
  double in_out_seconds = 0;
  double chain_in_out_seconds = 0;
};
std::map<std::string, result> results;

// Measured after every case: the highest read bandwidth seen in the run (see read_bandwidth_probe)
runtime::read_bandwidth_probe& probe()
{
  static runtime::read_bandwidth_probe p;
  return p;
}

std::string key(std::size_t t, std::int64_t d, std::int64_t dff)
{
  return std::to_string(d) + "x" + std::to_string(dff) + "/" + std::to_string(t);
}

template<typename D, typename Dff>
struct fixture {
  using spec = swiglu<D, Dff>;
  runtime::weights<spec> w = runtime::weights<spec>::init(1);
  runtime::weights<spec> fused = [this] {
    auto f = w;
    f.fuse();
    return f;
  }();
  runtime::weights<spec> in_out = [this] {
    auto f = w;
    f.store_in_out();
    return f;
  }();
  static constexpr std::size_t d = static_cast<std::size_t>(D::extent), dff = static_cast<std::size_t>(Dff::extent);

  static fixture& get()
  {
    static fixture f;
    return f;
  }
};

// Three sgemm calls on the same buffers, with no element-wise work: the bound shapeproof's
// forward is compared with.
template<typename Fixture>
void bare_chain(const Fixture& f, std::size_t t, const float* x, float* g, float* u, float* y)
{
  using runtime::detail::sgemm_xwt;
  sgemm_xwt(x, t, f.d, f.w.gate.weight.data().data(), f.dff, g);
  sgemm_xwt(x, t, f.d, f.w.up.weight.data().data(), f.dff, u);
  sgemm_xwt(g, t, f.dff, f.w.down.weight.data().data(), f.d, y);
}

// The same chain over the weights stored `[in, out]`, which sgemm packs faster: the best chain.
template<typename Fixture>
void bare_chain_in_out(const Fixture& f, std::size_t t, const float* x, float* g, float* u, float* y)
{
  using runtime::detail::sgemm_xw;
  sgemm_xw(x, t, f.d, f.in_out.gate.weight_in_out->data(), f.dff, g);
  sgemm_xw(x, t, f.d, f.in_out.up.weight_in_out->data(), f.dff, u);
  sgemm_xw(g, t, f.dff, f.in_out.down.weight_in_out->data(), f.d, y);
}

// shapeproof's forward and the bare chain, alternately in every iteration, so that both see the
// same machine; the fastest of each is kept.
template<typename D, typename Dff>
void bench_pair(benchmark::State& state)
{
  using clock = std::chrono::steady_clock;
  auto& f = fixture<D, Dff>::get();
  const auto t = static_cast<std::size_t>(state.range(0));
  auto x = runtime::tensor<shape<tokens, D>>::zeros("x", {t, f.d});
  for (auto& v : x.data()) v = 0.01f;
  auto y = runtime::tensor<shape<tokens, D>>::zeros("y", {t, f.d});
  runtime::workspace ws;
  std::vector<float> g(t * f.dff), u(t * f.dff), y2(t * f.d);
  runtime::forward(f.w, x, y, ws);
  bare_chain(f, t, x.data().data(), g.data(), u.data(), y2.data());
  runtime::forward(f.fused, x, y, ws);
  runtime::forward(f.in_out, x, y, ws);
  bare_chain_in_out(f, t, x.data().data(), g.data(), u.data(), y2.data());
  double best_ffn = 1e30, best_fused = 1e30, best_chain = 1e30, best_in_out = 1e30, best_chain_in_out = 1e30;
  for (auto _ : state) {
    const auto t0 = clock::now();
    runtime::forward(f.w, x, y, ws);
    benchmark::DoNotOptimize(y.data().data());
    const auto t1 = clock::now();
    bare_chain(f, t, x.data().data(), g.data(), u.data(), y2.data());
    benchmark::DoNotOptimize(y2.data());
    const auto t2 = clock::now();
    runtime::forward(f.fused, x, y, ws);
    benchmark::DoNotOptimize(y.data().data());
    const auto t3 = clock::now();
    runtime::forward(f.in_out, x, y, ws);
    benchmark::DoNotOptimize(y.data().data());
    const auto t4 = clock::now();
    bare_chain_in_out(f, t, x.data().data(), g.data(), u.data(), y2.data());
    benchmark::DoNotOptimize(y2.data());
    const auto t5 = clock::now();
    auto seconds = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
    best_ffn = std::min(best_ffn, seconds(t0, t1));
    best_chain = std::min(best_chain, seconds(t1, t2));
    best_fused = std::min(best_fused, seconds(t2, t3));
    best_in_out = std::min(best_in_out, seconds(t3, t4));
    best_chain_in_out = std::min(best_chain_in_out, seconds(t4, t5));
    state.SetIterationTime(seconds(t0, t5));
  }
  const double flops = 6.0 * static_cast<double>(t * f.d * f.dff);
  state.counters["shapeproof_GFLOPs"] = flops / best_ffn * 1e-9;
  state.counters["chain_GFLOPs"] = flops / best_chain * 1e-9;
  state.counters["fused_GFLOPs"] = flops / best_fused * 1e-9;
  state.counters["in_out_GFLOPs"] = flops / best_in_out * 1e-9;
  state.counters["chain_in_out_GFLOPs"] = flops / best_chain_in_out * 1e-9;
  auto& r = results[key(t, D::extent, Dff::extent)];
  auto keep = [](double& slot, double v) { slot = slot == 0 ? v : std::min(slot, v); };
  keep(r.ffn_seconds, best_ffn);
  keep(r.chain_seconds, best_chain);
  keep(r.fused_seconds, best_fused);
  keep(r.in_out_seconds, best_in_out);
  keep(r.chain_in_out_seconds, best_chain_in_out);
  probe().measure(3);
}

// bf16 against f32: the same SwiGLU weights, rounded to bf16 and kept so, run through the same
// kernels alternately with the f32 ones; the fastest of each kept.
struct dtype_result {
  double f32_seconds = 0, bf16_seconds = 0;
};
std::map<std::string, dtype_result> dtype_results;

template<typename D, typename Dff>
void bench_bf16(benchmark::State& state)
{
  using clock = std::chrono::steady_clock;
  auto& f = fixture<D, Dff>::get();
  static std::vector<std::uint16_t> gate16, up16, down16;  // made once per shape
  auto round = [](const auto& t, std::vector<std::uint16_t>& out) {
    out.resize(t.size());
    std::size_t i = 0;
    for (const float v : t.data()) out[i++] = io::float_to_bf16(v);
  };
  if (gate16.size() != f.d * f.dff) {
    round(f.w.gate.weight, gate16);
    round(f.w.up.weight, up16);
    round(f.w.down.weight, down16);
  }
  runtime::detail::ffn_view f32_view = runtime::detail::view_of(f.w), bf16_view = f32_view;
  using runtime::detail::weight_dtype;
  bf16_view.gate = {nullptr, nullptr, f.d, f.dff, gate16.data(), weight_dtype::bf16};
  bf16_view.up = {nullptr, nullptr, f.d, f.dff, up16.data(), weight_dtype::bf16};
  bf16_view.down = {nullptr, nullptr, f.dff, f.d, down16.data(), weight_dtype::bf16};
  const auto t = static_cast<std::size_t>(state.range(0));
  std::vector<float> x(t * f.d, 0.01f), y(t * f.d);
  runtime::workspace ws;
  runtime::detail::ffn_rows(f32_view, x.data(), t, y.data(), ws);
  runtime::detail::ffn_rows(bf16_view, x.data(), t, y.data(), ws);
  double best_f32 = 1e30, best_bf16 = 1e30;
  for (auto _ : state) {
    const auto t0 = clock::now();
    runtime::detail::ffn_rows(f32_view, x.data(), t, y.data(), ws);
    benchmark::DoNotOptimize(y.data());
    const auto t1 = clock::now();
    runtime::detail::ffn_rows(bf16_view, x.data(), t, y.data(), ws);
    benchmark::DoNotOptimize(y.data());
    const auto t2 = clock::now();
    best_f32 = std::min(best_f32, std::chrono::duration<double>(t1 - t0).count());
    best_bf16 = std::min(best_bf16, std::chrono::duration<double>(t2 - t1).count());
    state.SetIterationTime(std::chrono::duration<double>(t2 - t0).count());
  }
  state.counters["bf16_over_f32_speed"] = best_f32 / best_bf16;
  auto& r = dtype_results[key(t, D::extent, Dff::extent)];
  r.f32_seconds = best_f32;
  r.bf16_seconds = best_bf16;
  probe().measure(3);
}

}  // namespace

int main(int argc, char** argv)
{
  benchmark::Initialize(&argc, argv);

  struct shape_case {
    std::size_t t;
    std::int64_t d, dff;
  };
  const std::vector<shape_case> cases{{1, 4096, 11008},  {2, 4096, 11008},  {4, 4096, 11008},   {8, 4096, 11008},
                                      {16, 4096, 11008}, {32, 4096, 11008}, {512, 4096, 11008}, {2, 1024, 2816},
                                      {4, 1024, 2816},   {8, 1024, 2816},   {16, 1024, 2816},   {128, 1024, 2816},
                                      {2048, 512, 1408}};
  auto add = [&](auto fn, const shape_case& c) {
    const std::string name = "swiglu_vs_chain/" + std::to_string(c.d) + "x" + std::to_string(c.dff);
    benchmark::RegisterBenchmark(name.c_str(), fn)
        ->Arg(static_cast<std::int64_t>(c.t))
        ->Unit(benchmark::kMillisecond)
        ->UseManualTime()
        ->MinTime(c.t >= 512 ? 6.0 : 2.0);
  };
  for (const auto& c : cases) {
    if (c.d == 4096)
      add(bench_pair<d_4096, dff_11008>, c);
    else if (c.d == 1024)
      add(bench_pair<d_1024, dff_2816>, c);
    else
      add(bench_pair<d_512, dff_1408>, c);
  }
  const std::vector<std::size_t> dtype_tokens{1, 4, 32, 64, 128, 256, 512};
  for (const auto t : dtype_tokens)
    benchmark::RegisterBenchmark("bf16_vs_f32/4096x11008", bench_bf16<d_4096, dff_11008>)
        ->Arg(static_cast<std::int64_t>(t))
        ->Unit(benchmark::kMillisecond)
        ->UseManualTime()
        ->MinTime(t >= 512 ? 6.0 : 2.0);
  // The read bandwidth and the GEMM rate before and after the benchmarks, the higher of each: a
  // bound that some run beats is a wrong bound, so every chance is given to the probes.
  probe().measure();
  const double gemm_before = runtime::measure_gemm_rate();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  probe().measure();
  const double bandwidth = probe().best();
  const runtime::roofline roof{bandwidth, std::max(gemm_before, runtime::measure_gemm_rate())};
  std::printf(
      "\nread bandwidth (best sum over 1 GiB, %u threads or one, the highest measured between cases): %.1f GB/s; GEMM "
      "rate "
      "(best sgemm 512 x 2816 x 2048, before and after): %.1f GFLOP/s\n\n",
      std::thread::hardware_concurrency(), bandwidth * 1e-9, roof.flops_per_second * 1e-9);
  std::printf("%-18s %10s %8s %8s %9s %9s %7s %25s\n", "(T, D, Dff)", "shapeproof", "fused", "[in,out]", "sgemm x3",
              "sgemm x3", "best /", "roofline: bound,");
  std::printf("%-18s %10s %8s %8s %9s %9s %7s %25s\n", "", "GFLOP/s", "GFLOP/s", "GFLOP/s", "[out,in]", "[in,out]",
              "best", "best time / bound");
  bool beaten = false, cached = false;
  for (const auto& c : cases) {
    const result& r = results[key(c.t, c.d, c.dff)];
    if (r.ffn_seconds == 0 || r.chain_seconds == 0) continue;  // filtered out
    const double flops = 6.0 * static_cast<double>(c.t) * static_cast<double>(c.d) * static_cast<double>(c.dff);
    const double bytes = 3.0 * static_cast<double>(c.d) * static_cast<double>(c.dff) * 4.0;
    const double bound_seconds = roof.bound_seconds(bytes, flops);
    const double best = std::min({r.ffn_seconds, r.fused_seconds, r.in_out_seconds});
    const double best_chain = std::min(r.chain_seconds, r.chain_in_out_seconds);
    const double ratio = best / bound_seconds;
    // Weights that fit the last-level cache (32 MiB here) can be read faster than memory allows
    const bool fits_cache = bytes < 64e6;
    if (ratio < 1.0 && !fits_cache) beaten = true;
    if (ratio < 1.0 && fits_cache) cached = true;
    char bound[64];
    std::snprintf(bound, sizeof bound, "%.3f ms %s: %.2fx%s", bound_seconds * 1e3, roof.limit(bytes, flops), ratio,
                  ratio < 1.0 && fits_cache ? "*" : "");
    const std::string label =
        "(" + std::to_string(c.t) + ", " + std::to_string(c.d) + ", " + std::to_string(c.dff) + ")";
    std::printf("%-18s %10.1f %8.1f %8.1f %9.1f %9.1f %7.3f %25s\n", label.c_str(), flops / r.ffn_seconds * 1e-9,
                flops / r.fused_seconds * 1e-9, flops / r.in_out_seconds * 1e-9, flops / r.chain_seconds * 1e-9,
                flops / r.chain_in_out_seconds * 1e-9, best_chain / best, bound);
  }
  std::printf("\nbf16 weights kept as stored against f32, SwiGLU 4096 -> 11008, alternately in one loop:\n");
  std::printf("%-8s %12s %12s %16s %20s\n", "T", "f32 ms", "bf16 ms", "bf16 speed-up", "bf16 time / roofline");
  for (const auto t : dtype_tokens) {
    const auto& r = dtype_results[key(t, 4096, 11008)];
    if (r.f32_seconds == 0) continue;
    const double flops = 6.0 * static_cast<double>(t) * 4096.0 * 11008.0;
    const double bound = roof.bound_seconds(3.0 * 4096.0 * 11008.0 * 2.0, flops);
    std::printf("%-8zu %12.3f %12.3f %15.2fx %19.2fx\n", t, r.f32_seconds * 1e3, r.bf16_seconds * 1e3,
                r.f32_seconds / r.bf16_seconds, r.bf16_seconds / bound);
  }
  if (cached)
    std::printf(
        "\n* faster than memory allows: these weights (under 64 MB) stay partly in the last-level cache "
        "between calls.\n");
  if (beaten)
    std::printf(
        "\nA run beat the roofline with weights far larger than the caches: a probe underestimated this machine "
        "in this run, and the bound is wrong.\n");
  return beaten ? 1 : 0;
}

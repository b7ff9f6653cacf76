// SPDX-License-Identifier: MIT
// An MoE layer of 8 SwiGLU experts, top 2, at 1, 16 and 64 tokens, against the roofline measured
// in the same run, and (with --torch) against a Mixtral-style sparse block in PyTorch run between
// two rounds of shapeproof's, side by side.
//
//   shapeproof_moe_bench [--torch] [--repeats N] [--small-only]
//
// Shapes: (D 1024, Dff 2816) and Mixtral-like (D 4096, Dff 14336, 5.6 GB of f32 weights).
// shapeproof's time is the fastest of --repeats calls (default 5) over both rounds; the small
// shape also runs with the experts' weights kept [in, out] too (`store_in_out`).
#include <shapeproof/runtime/bandwidth.hpp>
#include <shapeproof/runtime/roofline.hpp>
#include <shapeproof/runtime/runtime.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

using namespace shapeproof;

namespace {

struct tokens final : dim<dynamic> {};
struct d_1024 final : dim<1024> {};
struct dff_2816 final : dim<2816> {};
struct d_4096 final : dim<4096> {};
struct dff_14336 final : dim<14336> {};

const std::vector<std::size_t> token_counts{1, 16, 64};

// Measured between rounds: the highest read bandwidth seen in the run (see read_bandwidth_probe)
runtime::read_bandwidth_probe& probe()
{
  static runtime::read_bandwidth_probe p;
  return p;
}
constexpr std::size_t experts = 8, top_k = 2;

struct timing {
  double seconds = 1e30;
  std::size_t hit = 0;
};

// The fastest of `repeats` calls of the typed MoE on `t` tokens, after a warm-up
template<typename Spec>
timing time_moe(const runtime::weights<Spec>& w, std::size_t t, int repeats)
{
  constexpr auto d = static_cast<std::size_t>(Spec::model_dim::extent);
  auto x = runtime::tensor<shape<tokens, typename Spec::model_dim>>::zeros("x", {t, d});
  std::uint64_t i = 0;
  for (auto& v : x.data()) v = runtime::detail::uniform(3, 9, i++, 1.0f);
  auto y = x;
  runtime::workspace ws;
  runtime::forward(w, x, y, ws);
  timing r;
  for (int rep = 0; rep < repeats; ++rep) {
    const auto start = std::chrono::steady_clock::now();
    runtime::forward(w, x, y, ws);
    r.seconds = std::min(r.seconds, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  r.hit = ws.experts_hit();
  return r;
}

// PyTorch's times for every token count, from moe_torch.py: T -> (seconds, experts hit)
std::map<std::size_t, timing> time_torch(std::size_t d, std::size_t dff, int repeats)
{
  const char* python = std::getenv("SHAPEPROOF_PYTHON");
  std::string command = python ? python : "/usr/bin/python3";
  command.append(" " SHAPEPROOF_BENCH_DIR "/moe_torch.py");
  for (const std::size_t n : {d, dff, experts, top_k, static_cast<std::size_t>(repeats)})
    command.append(" ").append(std::to_string(n));
  for (const auto t : token_counts) command.append(" ").append(std::to_string(t));
  std::map<std::size_t, timing> result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return result;
  std::size_t t = 0, hit = 0;
  double seconds = 0;
  while (std::fscanf(pipe, "%zu %lf %zu", &t, &seconds, &hit) == 3) result[t] = {seconds, hit};
  if (::pclose(pipe) != 0 || result.size() != token_counts.size()) {
    std::fprintf(stderr, "moe_torch.py failed (%s); is python3-torch installed? (scripts/bootstrap.sh --with-bench)\n",
                 command.c_str());
    std::exit(2);
  }
  return result;
}

struct row {
  std::size_t t = 0;
  timing ours, ours_in_out, torch;
};

template<typename D, typename Dff>
std::vector<row> bench_shape(bool torch, bool in_out, int repeats)
{
  using spec = moe_ffn<swiglu<D, Dff>, experts, top_k>;
  std::fprintf(stderr, "MoE %lld x %lld: making the weights...\n", static_cast<long long>(D::extent),
               static_cast<long long>(Dff::extent));
  auto w = runtime::weights<spec>::init(1);
  std::vector<row> rows;
  for (const auto t : token_counts) rows.push_back({t, {}, {}, {}});
  auto round = [&](const runtime::weights<spec>& weights, timing row::*slot) {
    for (auto& r : rows) {
      const timing now = time_moe(weights, r.t, repeats);
      if (now.seconds < (r.*slot).seconds) r.*slot = now;
    }
    probe().measure(3);
  };
  // shapeproof, then PyTorch, then shapeproof again: a noisy neighbour slows both alike
  round(w, &row::ours);
  if (torch) {
    std::fprintf(stderr, "MoE %lld x %lld: PyTorch...\n", static_cast<long long>(D::extent),
                 static_cast<long long>(Dff::extent));
    const auto theirs = time_torch(static_cast<std::size_t>(D::extent), static_cast<std::size_t>(Dff::extent), repeats);
    for (auto& r : rows) r.torch = theirs.at(r.t);
  }
  round(w, &row::ours);
  if (in_out) {
    w.store_in_out();
    round(w, &row::ours_in_out);
    round(w, &row::ours_in_out);
  }
  return rows;
}

}  // namespace

int main(int argc, char** argv)
{
  bool torch = false, small_only = false;
  int repeats = 5;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--torch")
      torch = true;
    else if (a == "--small-only")
      small_only = true;
    else if (a == "--repeats" && i + 1 < argc)
      repeats = std::max(1, std::atoi(argv[++i]));
    else {
      std::fprintf(stderr, "usage: shapeproof_moe_bench [--torch] [--repeats N] [--small-only]\n");
      return 2;
    }
  }
  probe().measure();
  const double gemm_before = runtime::measure_gemm_rate();
  struct shape_rows {
    std::size_t d, dff;
    std::vector<row> rows;
  };
  std::vector<shape_rows> all;
  all.push_back({1024, 2816, bench_shape<d_1024, dff_2816>(torch, true, repeats)});
  if (!small_only) all.push_back({4096, 14336, bench_shape<d_4096, dff_14336>(torch, false, repeats)});
  probe().measure();
  const runtime::roofline roof{probe().best(), std::max(gemm_before, runtime::measure_gemm_rate())};

  std::printf(
      "read bandwidth: %.1f GB/s (the highest measured between rounds); GEMM rate: %.1f GFLOP/s (the higher "
      "of before and after)\n\n",
      roof.read_bytes_per_second * 1e-9, roof.flops_per_second * 1e-9);
  std::printf("MoE of %zu SwiGLU experts, top %zu, f32; fastest of %d calls\n", experts, top_k, repeats);
  std::printf("%-14s %4s %11s %9s %11s %9s %12s %11s %9s\n", "(D, Dff)", "T", "shapeproof", "experts", "roofline",
              "time /", "[in,out]", "PyTorch", "PyTorch /");
  std::printf("%-14s %4s %11s %9s %11s %9s %12s %11s %9s\n", "", "", "ms", "hit", "ms", "bound", "too: ms", "ms",
              "ours");
  bool beaten = false;
  for (const auto& s : all) {
    const double d = static_cast<double>(s.d), dff = static_cast<double>(s.dff);
    for (const auto& r : s.rows) {
      const double t = static_cast<double>(r.t);
      const double bytes = (d * experts + static_cast<double>(r.ours.hit) * 3.0 * d * dff) * 4.0;
      const double flops = t * (2.0 * d * experts + static_cast<double>(top_k) * 6.0 * d * dff);
      const double bound = roof.bound_seconds(bytes, flops);
      const double ratio = r.ours.seconds / bound;
      if (ratio < 1.0 && bytes > 64e6) beaten = true;
      char label[32], in_out[32] = "", theirs[32] = "", speed[32] = "";
      std::snprintf(label, sizeof label, "(%zu, %zu)", s.d, s.dff);
      if (r.ours_in_out.hit) std::snprintf(in_out, sizeof in_out, "%.3f", r.ours_in_out.seconds * 1e3);
      if (r.torch.hit) {
        std::snprintf(theirs, sizeof theirs, "%.3f", r.torch.seconds * 1e3);
        std::snprintf(speed, sizeof speed, "%.2fx", r.torch.seconds / std::min(r.ours.seconds, r.ours_in_out.seconds));
      }
      std::printf("%-14s %4zu %11.3f %5zu of %zu %11.3f %8.2fx %12s %11s %9s\n", label, r.t, r.ours.seconds * 1e3,
                  r.ours.hit, experts, bound * 1e3, ratio, in_out, theirs, speed);
    }
  }
  if (beaten) std::printf("\nA run beat the roofline with weights far larger than the caches: the bound is wrong.\n");
  return beaten ? 1 : 0;
}

// SPDX-License-Identifier: MIT
// GGUF's quantized weights (Q8_0, Q4_0, Q4_K, Q6_K) kept as stored, against f32, bf16 and f16: a
// dense SwiGLU (D 4096, Dff 11008) at T = 1 to 512, and an MoE of 8 SwiGLU experts, top 2 (D 1024,
// Dff 2816) at T = 1, 16 and 64, each against the roofline of the bytes it stores. Each quantized
// type runs three times: with x in f32 (the default), and on the integer path ("q8_0 i8": x
// quantized to 8 bits, integer dot products) over the same copies, and over copies repacked in
// strips of 16 outputs ("q8_0 i8 strips": `pack_strips`, quant_strips.hpp). f32, bf16 and f16 also
// run with their weights repacked in panels for the project's own GEMM ("f32 panels":
// `pack_panels`, panel_gemm.hpp).
//
//   shapeproof_quant_bench [--repeats N] [--tokens T,T,...] [--dense-only]
//
// Bounds for weights larger than the last-level cache: each case's layer is copied until the
// copies hold three times the last-level cache (sysconf's figure, at least 64 MiB: with only twice
// it, f32's two copies were read 5% faster than DRAM allows, partly from the cache), and a pass runs the
// copies one after the other, as a decode goes from layer to layer; a layer's time is the pass's
// over the copies, the fastest of --repeats passes (default 3). The dtypes alternate within each
// T, so that a noisy neighbour slows all alike (where every dtype's copies together would not fit
// in memory, as many dtypes as fit at a time, group after group, as the title then says). The read bandwidth is
// measured over a buffer of three times the last-level cache after every round, and the highest figure seen is the
// bound's; the GEMM rate is the best cblas_sgemm or panel GEMM of 512 x 2816 x 2048, at the start and after every T,
// the highest kept. The integer path's products are 8-bit multiply-adds, not f32 FLOPs: its bound is the longer of
// reading its bytes and making its multiply-adds at the peak `vpdpbusd` rate, or `vpmaddubsw` rate on AVX2
// (`measure_int8_rate`, measured likewise; the read bound alone with neither). The tables are printed once every case
// is measured, every row against the highest figures of the whole run: a noisy neighbour only lowers a measurement, and
// a row timed in a fast moment must not meet a bound from a slow one. The last column says which side bounds each row.
// A time under its bound is a wrong bound: the benchmark says so and exits 1.
#include <unistd.h>

#include <shapeproof/runtime/bandwidth.hpp>
#include <shapeproof/runtime/roofline.hpp>
#include <shapeproof/runtime/runtime.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

using namespace shapeproof;
using runtime::weight_dtype;

namespace {

std::size_t last_level_cache_bytes()
{
  const long reported = sysconf(_SC_LEVEL3_CACHE_SIZE);
  return std::max<std::size_t>(reported > 0 ? static_cast<std::size_t>(reported) : 0, std::size_t{64} << 20);
}

// One case: a layer in one dtype, copied past three times the last-level cache, and whether it
// takes the integer path.
struct layers {
  weight_dtype dtype;
  std::shared_ptr<const std::vector<runtime::dyn_model>> copies;
  bool integer = false;
  std::string name() const
  {
    return std::string(runtime::dtype_name(dtype)) + (integer ? " i8" : "") + (packed() ? " panels" : "") +
           (in_strips() ? " strips" : "");
  }
  bool packed() const { return copies->front().experts.front().up.view().panels != nullptr; }
  bool in_strips() const { return copies->front().experts.front().up.view().strips != nullptr; }
};

layers make_layers(runtime::dyn_model model, const runtime::model_description& desc, std::size_t bytes_wanted);

layers make_layers(const runtime::model_description& desc, weight_dtype dtype, std::size_t bytes_wanted)
{
  return make_layers(runtime::make_model(desc, 1, dtype), desc, bytes_wanted);
}

layers make_layers(runtime::dyn_model model, const runtime::model_description& desc, std::size_t bytes_wanted)
{
  const weight_dtype dtype = runtime::weight_dtype_named(model.dtype());
  std::vector<runtime::dyn_model> copies{std::move(model)};
  // The fewest bytes a pass can read: an MoE's router and top-k experts (one token's)
  const double one = copies.front().bytes_read(static_cast<std::size_t>(std::max<extent_t>(desc.top_k, 1)));
  const auto n = std::max<std::size_t>(2, static_cast<std::size_t>(std::ceil(static_cast<double>(bytes_wanted) / one)));
  while (copies.size() < n) copies.push_back(copies.front());
  return {dtype, std::make_shared<const std::vector<runtime::dyn_model>>(std::move(copies))};
}

struct timing {
  double seconds = 1e30;  // per layer
  double bytes = 0;       // a layer's bytes read (an MoE: the router and the experts hit)
};

// One pass over every copy, timed; a layer's share.
timing pass(const layers& l, const std::vector<float>& x, std::size_t t, std::vector<float>& y, runtime::workspace& ws)
{
  ws.set_integer_dot(l.integer);
  const auto t0 = std::chrono::steady_clock::now();
  double bytes = 0;
  for (const auto& m : *l.copies) {
    m.forward(x.data(), t, y.data(), ws);
    bytes += m.bytes_read(ws.experts_hit());
  }
  const auto t1 = std::chrono::steady_clock::now();
  const auto n = static_cast<double>(l.copies->size());
  return {std::chrono::duration<double>(t1 - t0).count() / n, bytes / n};
}

// Which repacked copies a shape's cases include besides the weights as stored: f32 and 16-bit
// weights in panels, GGUF's blocks in strips (each a second set of copies: an MoE's copies hold
// both in memory only one at a time).
struct repacked {
  bool panels = true, strips = true;
};

// The compute rates of the bounds, the highest measured so far.
struct compute_rates {
  double gemm = 0, int8 = 0;
  void measure()
  {
    gemm = std::max(gemm, runtime::measure_gemm_rate());
    int8 = std::max(int8, runtime::measure_int8_rate());
  }
};

// A measured row: its case's name, T, its best time and bytes, its FLOPs, whether it is on the
// integer path, and f32's time at that T.
struct row {
  std::size_t t;
  std::string name;
  timing best;
  double flops;
  bool integer;
  double f32_seconds;
};

// A shape's title and rows, printed once every shape is measured.
struct table {
  std::string title;
  std::vector<row> rows;
};

// Every row against the bounds of the highest bandwidth and rates the whole run measured (a noisy
// neighbour only lowers a measurement, so the highest is the machine's); false if a row is faster
// than its bound.
bool print(const table& tab, const runtime::roofline& roof)
{
  std::printf("\n%s\n", tab.title.c_str());
  std::printf("%-5s %-14s %11s %12s %10s %9s %12s  %s\n", "T", "dtype", "ms/layer", "MB/layer", "bound ms", "/ bound",
              "f32 / this", "bound by");
  bool sound = true;
  for (const row& r : tab.rows) {
    // The integer path: its multiply-adds (half the FLOPs) at the int8 rate, not f32 FLOPs at sgemm's
    const double bound =
        r.integer ? roof.int8_bound_seconds(r.best.bytes, r.flops / 2) : roof.bound_seconds(r.best.bytes, r.flops);
    std::printf("%-5zu %-14s %11.3f %12.1f %10.3f %8.2fx %11.2fx  %s\n", r.t, r.name.c_str(), r.best.seconds * 1e3,
                r.best.bytes / 1e6, bound * 1e3, r.best.seconds / bound, r.f32_seconds / r.best.seconds,
                bound > roof.memory_seconds(r.best.bytes) ? "compute" : "memory");
    if (r.best.seconds < bound) {
      std::printf("  ^ faster than its bound: the bound is wrong\n");
      sound = false;
    }
  }
  return sound;
}

// Bytes of memory that can still be had: /proc/meminfo's MemAvailable (free pages and the page
// cache the kernel can drop), else sysconf's free pages.
std::size_t available_bytes()
{
  if (std::FILE* f = std::fopen("/proc/meminfo", "r")) {
    char line[256];
    unsigned long long kib = 0;
    bool found = false;
    while (!found && std::fgets(line, sizeof line, f)) found = std::sscanf(line, "MemAvailable: %llu kB", &kib) == 1;
    std::fclose(f);
    if (found) return static_cast<std::size_t>(kib) << 10;
  }
  const long pages = sysconf(_SC_AVPHYS_PAGES), size = sysconf(_SC_PAGESIZE);
  return pages > 0 && size > 0 ? static_cast<std::size_t>(pages) * static_cast<std::size_t>(size) : 0;
}

// The bytes a case's copies store: every expert of an MoE, not only those a token hits.
double stored_bytes(const layers& l)
{
  const auto& m = l.copies->front();
  return m.bytes_read(m.experts.size()) * static_cast<double>(l.copies->size());
}

// A dtype's cases: its copies as stored (and the integer path over them, for a quantized dtype),
// and its repacked copies where `with` asks for them.
void add_cases(std::vector<layers>& cases, const runtime::model_description& desc, weight_dtype dtype,
               std::size_t bytes_wanted, repacked with)
{
  cases.push_back(make_layers(desc, dtype, bytes_wanted));
  if (runtime::detail::is_quantized(dtype)) {
    cases.push_back(cases.back());
    cases.back().integer = true;
    if (!with.strips) return;
    auto model = runtime::make_model(desc, 1, dtype);
    model.pack_strips(runtime::stored_copy::release);  // strips of 16 outputs alone
    cases.push_back(make_layers(std::move(model), desc, bytes_wanted));
    cases.back().integer = true;
  } else if (with.panels) {
    auto model = runtime::make_model(desc, 1, dtype);
    model.pack_panels(runtime::stored_copy::release);  // the panels alone: an MoE's copies fit in memory
    cases.push_back(make_layers(std::move(model), desc, bytes_wanted));
  }
}

// Every dtype's cases, alternating within each T. Each case's copies hold three times the
// last-level cache, so where the machine reports a large one (hundreds of MiB) every dtype's
// copies together can exceed its memory: the dtypes are then taken in groups, as many as the
// available memory holds, one group after another (each dtype's own cases still alternate, and
// f32, the first dtype, whose times the other rows are compared with, is in the first group). The
// title says how many groups there were and which dtypes each held.
table run_shape(const char* title, const runtime::model_description& desc, const std::vector<weight_dtype>& dtypes,
                const std::vector<std::size_t>& token_counts, int repeats, runtime::read_bandwidth_probe& probe,
                compute_rates& rates, std::size_t bytes_wanted, repacked with = {})
{
  const auto d = static_cast<std::size_t>(desc.d.extent), dff = static_cast<std::size_t>(desc.dff.extent);
  const double top = desc.moe() ? static_cast<double>(desc.top_k) : 1.0;
  struct numbered_row {
    std::size_t t_index, case_index;
    row r;
  };
  std::vector<numbered_row> rows;
  std::vector<double> f32_seconds(token_counts.size(), 0);
  std::string copied, grouped;  // the copies of each case; the dtypes of each group
  std::size_t groups = 0, first_case = 0;
  double largest = 0;  // the most bytes one dtype's cases store, so far
  runtime::workspace ws;
  for (std::size_t next = 0; next < dtypes.size(); ++groups) {
    std::vector<layers> cases;
    do {
      const std::size_t first = cases.size();
      add_cases(cases, desc, dtypes[next++], bytes_wanted, with);
      double stored = 0;
      for (std::size_t c = first; c < cases.size(); ++c)
        if (!cases[c].integer || cases[c].in_strips()) stored += stored_bytes(cases[c]);  // not the shared copies
      largest = std::max(largest, stored);
      // Another dtype if one as large as the largest so far fits, with a quarter to spare and 1 GiB left over
    } while (next < dtypes.size() &&
             static_cast<double>(available_bytes()) > 1.25 * largest + static_cast<double>(std::size_t{1} << 30));
    std::string group;
    for (const auto& c : cases) {
      if (c.integer) continue;
      if (!copied.empty()) copied += '/';
      copied += std::to_string(c.copies->size());
      if (!c.packed()) group += (group.empty() ? "" : ", ") + std::string(runtime::dtype_name(c.dtype));
    }
    grouped += (grouped.empty() ? "" : "; ") + group;
    for (std::size_t ti = 0; ti < token_counts.size(); ++ti) {
      const std::size_t t = token_counts[ti];
      probe.measure(3);
      std::vector<float> x(t * d), y(t * d);
      for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::sin(0.013f * static_cast<float>(i));
      std::vector<timing> best(cases.size());
      // Beyond 64 rows the integer path over blocks as stored is not taken: its case would time the
      // default path again (over strips it is, for any number of rows)
      const auto runs = [&](std::size_t c) {
        return !cases[c].integer || cases[c].in_strips() || t <= runtime::detail::streamed_rows_max_16bit;
      };
      for (std::size_t c = 0; c < cases.size(); ++c)
        if (runs(c)) pass(cases[c], x, t, y, ws);  // warm: pages, helper thread
      for (int r = 0; r < repeats; ++r) {
        for (std::size_t c = 0; c < cases.size(); ++c) {
          if (!runs(c)) continue;
          const timing now = pass(cases[c], x, t, y, ws);
          if (now.seconds < best[c].seconds) best[c] = now;
        }
        probe.measure(3);
      }
      rates.measure();
      if (first_case == 0) f32_seconds[ti] = best[0].seconds;
      const double flops = 6.0 * static_cast<double>(t) * static_cast<double>(d) * static_cast<double>(dff) * top;
      for (std::size_t c = 0; c < cases.size(); ++c)
        if (runs(c)) rows.push_back({ti, first_case + c, {t, cases[c].name(), best[c], flops, cases[c].integer, 0}});
      std::fprintf(stderr, "%s: T = %zu measured (group %zu)\n", title, t, groups + 1);
    }
    first_case += cases.size();
  }
  std::stable_sort(rows.begin(), rows.end(), [](const numbered_row& a, const numbered_row& b) {
    return a.t_index != b.t_index ? a.t_index < b.t_index : a.case_index < b.case_index;
  });
  table tab;
  tab.title = std::string(title) + " (each dtype's layer copied " + copied +
              " times: past three times the last-level cache" +
              (groups > 1 ? "; in " + std::to_string(groups) + " groups of dtypes, one after another (" + grouped +
                                "): together they would not fit in memory)"
                          : ")");
  for (auto& n : rows) {
    n.r.f32_seconds = f32_seconds[n.t_index];
    tab.rows.push_back(std::move(n.r));
  }
  return tab;
}

}  // namespace

int main(int argc, char** argv)
{
  int repeats = 3;
  bool dense_only = false;
  std::vector<std::size_t> token_counts{1, 2, 4, 8, 16, 32, 64, 512};
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--repeats" && i + 1 < argc) {
      repeats = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--tokens" && i + 1 < argc) {
      token_counts.clear();
      for (const char* p = argv[++i]; *p;) {
        char* end = nullptr;
        const long v = std::strtol(p, &end, 10);
        if (end == p || v < 1) return std::fprintf(stderr, "--tokens: a list of positive counts, 1,16,64\n"), 2;
        token_counts.push_back(static_cast<std::size_t>(v));
        p = *end == ',' ? end + 1 : end;
      }
    } else if (a == "--dense-only") {
      dense_only = true;
    } else {
      return std::fprintf(stderr, "usage: shapeproof_quant_bench [--repeats N] [--tokens T,...] [--dense-only]\n"), 2;
    }
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each line as it is printed
  const std::size_t llc = last_level_cache_bytes();
  runtime::read_bandwidth_probe probe(3 * llc);
  probe.measure();
  compute_rates rates;
  rates.measure();
  std::printf(
      "last-level cache %.0f MiB; read bandwidth over %.0f MiB: %.1f GB/s so far; sgemm %.1f GFLOP/s; "
      "int8 %.1f G multiply-adds/s\n",
      static_cast<double>(llc) / (1 << 20), 3.0 * static_cast<double>(llc) / (1 << 20), probe.best() / 1e9,
      rates.gemm / 1e9, rates.int8 / 1e9);
  const auto swiglu = *find_variant("swiglu");
  std::vector<table> tables{run_shape("Dense SwiGLU, D 4096, Dff 11008", {swiglu, {"d_model", 4096}, {"d_ff", 11008}},
                                      {weight_dtype::f32, weight_dtype::bf16, weight_dtype::f16, weight_dtype::q8_0,
                                       weight_dtype::q4_0, weight_dtype::q4_k, weight_dtype::q6_k},
                                      token_counts, repeats, probe, rates, 3 * llc)};
  if (!dense_only) {
    std::vector<std::size_t> moe_tokens;
    for (const std::size_t t : std::array<std::size_t, 3>{1, 16, 64})
      if (std::find(token_counts.begin(), token_counts.end(), t) != token_counts.end()) moe_tokens.push_back(t);
    const runtime::model_description moe{swiglu, {"d_model", 1024}, {"d_ff", 2816}, 8, 2};
    tables.push_back(run_shape("MoE of 8 SwiGLU experts, top 2, D 1024, Dff 2816", moe,
                               {weight_dtype::f32, weight_dtype::q8_0}, moe_tokens, repeats, probe, rates, 3 * llc,
                               {true, false}));
    tables.push_back(run_shape("The same MoE, Q8_0's blocks also in strips", moe,
                               {weight_dtype::f32, weight_dtype::q8_0}, moe_tokens, repeats, probe, rates, 3 * llc,
                               {false, true}));
  }
  std::printf("the whole run's highest: read bandwidth %.1f GB/s; sgemm %.1f GFLOP/s; int8 %.1f G multiply-adds/s\n",
              probe.best() / 1e9, rates.gemm / 1e9, rates.int8 / 1e9);
  const runtime::roofline roof{probe.best(), rates.gemm, rates.int8};
  bool sound = true;
  for (const table& tab : tables) sound = print(tab, roof) && sound;
  return sound ? 0 : 1;
}

// SPDX-License-Identifier: MIT
// `shapeproof run`: the checked forward pass on weights from a file or synthetic ones, on one
// process or sharded under mpirun. The model, its loading and synthetic weights, and the sharded
// pass are the library's; this file checks the options, says what ran and how fast, and writes.
#include "commands.hpp"

#include <shapeproof/io/output_file.hpp>
#include <shapeproof/parallel/forward.hpp>
#include <shapeproof/runtime/gguf_layer.hpp>
#include <shapeproof/runtime/npy.hpp>
#include <shapeproof/runtime/roofline.hpp>
#include <shapeproof/runtime/synthetic.hpp>
#ifdef SHAPEPROOF_WITH_MPI
#include <shapeproof/parallel/mpi.hpp>
#endif

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>

namespace shapeproof::tool {
namespace {

using runtime::dyn_model;

variant_info variant_named(const std::string& name, const char* option)
{
  const auto v = find_variant(name);
  if (!v) throw usage_error(std::string(option) + " '" + name + "' is not a variant shapeproof knows");
  return *v;
}

// The model the options describe: read (this rank's part) from the file, or synthetic.
dyn_model build_model(const run_options& o, const runtime::rank_split& sp)
{
  if (o.layer) {  // a GGUF file's layer: widths from its metadata, the variant its architecture's
    const runtime::gguf_layer layer(
        io::gguf_file::open(o.weights), *o.layer,
        o.variant.empty() ? std::nullopt : std::optional(variant_named(o.variant, "--variant")));
    dyn_model m = layer.load(sp);
    if (sp.rank == 0) std::fprintf(stderr, "shapeproof run: %s\n", layer.description().c_str());
    return m;
  }
  const bool moe = o.variant == "moe";
  const variant_info v = moe ? variant_named(o.expert, "--expert") : variant_named(o.variant, "--variant");
  if (o.weights.empty()) {
    const auto dtype = runtime::weight_dtype_named(o.dtype.empty() ? "f32" : o.dtype);
    return runtime::make_model({v, {"d_model", o.d}, {"d_ff", o.dff}, moe ? 8 : 0, o.top_k}, o.seed, dtype, sp);
  }
  runtime::load_request q;
  q.prefix = o.prefix, q.variant = v, q.moe = moe, q.top_k = o.top_k;
  const auto file = io::safetensors_file::open(o.weights);
  dyn_model m = runtime::load_model(file, q, sp);
  runtime::refuse_unread(file, m, q, "--variant " + o.variant + (moe ? " --expert " + o.expert : ""));
  return m;
}

// What ran: "moe of 8 swiglu, top 2 (bf16 weights): [T, D] -> d_ff F -> [T, D]".
std::string pass_label(const dyn_model& m, std::size_t rows)
{
  const std::string dtype = m.dtype(), d = std::to_string(m.d()), t = std::to_string(rows);
  std::string label(m.experts.front().variant.name);
  if (m.moe) label = "moe of " + std::to_string(m.total_experts) + " " + label + ", top " + std::to_string(m.top_k);
  if (dtype != "f32") label += " (" + dtype + " weights)";
  return label + ": [" + t + ", " + d + "] -> d_ff " + std::to_string(m.dff()) + " -> [" + t + ", " + d + "]";
}

// A tenth of a second or more per call: the run says on stderr what it is doing.
bool long_run(const dyn_model& m, std::size_t rows)
{
  return m.matmul_flops_per_token() * static_cast<double>(rows) > 2e10;
}

// Unless --as-stored or --store-in-out: every f32 and 16-bit projection repacked in panels for the
// project's GEMM, in place of the weights as stored (the same memory but for each last panel's padding);
// GGUF's blocks are left as they are.
void repack(const run_options& o, dyn_model& m)
{
  if (!o.as_stored && !o.store_in_out) m.pack_panels(runtime::stored_copy::release);
}

// Writes the output, after saying how many of its values and the input's are not finite (not
// errors, since a model may produce them, but never passed over in silence).
void write_output(const run_options& o, const xt::xtensor<float, 2>& x, const xt::xtensor<float, 2>& y,
                  io::output_file& output)
{
  auto non_finite = [](const xt::xtensor<float, 2>& t) {
    return static_cast<std::size_t>(std::count_if(t.begin(), t.end(), [](float v) { return !std::isfinite(v); }));
  };
  const std::size_t bad_in = non_finite(x), bad_out = non_finite(y);
  if (bad_in + bad_out > 0)
    std::fprintf(stderr,
                 "shapeproof run: warning: %zu of %zu input values and %zu of %zu output values are not finite "
                 "(NaN or Inf)\n",
                 bad_in, x.size(), bad_out, y.size());
  output.write_npy_f32({y.shape()[0], y.shape()[1]}, y.data());
  std::printf("wrote %s\n", o.output.c_str());
}

// One process: the passes timed against the roofline measured now (read bandwidth before and after, GEMM rate after).
// `chain`: the bare GEMM chain's seconds, when it was timed.
void report_single(const run_options& o, const dyn_model& m, const xt::xtensor<float, 2>& x, xt::xtensor<float, 2>& y,
                   std::optional<double> chain, double resident)
{
  const std::size_t rows = x.shape()[0];
  runtime::workspace ws;
  ws.set_integer_dot(o.integer_dot);
  ws.set_bf16_dot(o.bf16_dot);
  const double flops = m.matmul_flops_per_token() * static_cast<double>(rows);
  const bool verbose = long_run(m, rows);
  if (verbose) std::fprintf(stderr, "shapeproof run: measuring the read bandwidth...\n");
  runtime::read_bandwidth_probe probe(std::size_t{256} << 20);
  probe.measure(5);
  m.forward(x.data(), rows, y.data(), ws);  // warm-up
  double seconds = 1e30;
  for (int rep = 1; rep <= 3; ++rep) {
    if (verbose) std::fprintf(stderr, "shapeproof run: forward pass %d of 3...\n", rep);
    const auto start = std::chrono::steady_clock::now();
    m.forward(x.data(), rows, y.data(), ws);
    seconds = std::min(seconds, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  if (verbose) std::fprintf(stderr, "shapeproof run: measuring the read bandwidth and the GEMM rate...\n");
  probe.measure(5);
  // The integer path's multiply-adds (half the FLOPs) against the peak int8 rate, as bench/quant_bench.cpp counts
  // them (the router's and any f32 or 16-bit projection's too: a lower bound still)
  const runtime::roofline roof{probe.best(), runtime::measure_gemm_rate(512, 2816, 2048, 5, o.bf16_dot),
                               o.integer_dot ? runtime::measure_int8_rate() : 0.0};
  const std::size_t hit = ws.experts_hit();
  const double bytes = m.bytes_read(hit), macs = flops / 2;
  const double bound = o.integer_dot ? roof.int8_bound_seconds(bytes, macs) : roof.bound_seconds(bytes, flops);
  const double work = o.integer_dot ? macs : flops;
  const double rate = o.integer_dot ? roof.int8_macs_per_second : roof.flops_per_second;
  const char* limit = o.integer_dot ? roof.int8_limit(bytes, macs) : roof.limit(bytes, flops);
  const char* work_unit = o.integer_dot ? "G int8 multiply-adds" : "GFLOP";
  const char* rate_unit = !o.integer_dot ? "GFLOP/s" : rate > 0 ? "G/s" : "G/s: portable build, the read bound alone";
  std::printf("%s: %.3f ms, %.1f GFLOP/s", pass_label(m, rows).c_str(), seconds * 1e3, flops / seconds * 1e-9);
  if (chain)
    std::printf(", %.3f of the bare GEMM chain (%.1f GFLOP/s%s)", *chain / seconds, flops / *chain * 1e-9,
                o.store_in_out ? ", the faster over [out, in] or [in, out] weights" : "");
  const std::string experts_hit =
      m.moe ? ", " + std::to_string(hit) + " of " + std::to_string(m.total_experts) + " experts hit" : "";
  std::printf(
      "\nroofline: %.3f ms, %s-bound (%.1f MB of weights read%s at %.1f GB/s; %.3g %s at %.1f %s): %.2fx the bound\n",
      bound * 1e3, limit, bytes * 1e-6, experts_hit.c_str(), roof.read_bytes_per_second * 1e-9, work * 1e-9, work_unit,
      rate * 1e-9, rate_unit, seconds / bound);
  const std::size_t rows_per_call = m.moe ? rows * m.top_k / m.total_experts : rows;  // an expert's, on average
  if (m.dtype() == "f32" && o.as_stored && !o.store_in_out &&
      !runtime::detail::few_rows_worth(rows_per_call, m.d(), m.dff()))
    std::printf(
        "note: %zu rows per projection run sgemm over [out, in] weights; --store-in-out also keeps them "
        "[in, out], which sgemm packs faster (twice the memory); without --as-stored, the panel GEMM runs them\n",
        rows_per_call);
  if (resident > 0) std::printf("resident memory with the weights and the input loaded: %.1f MB\n", resident * 1e-6);
}

// Several processes: the passes timed as the slowest rank's, reported by rank 0.
template<parallel::Communicator C>
void report_sharded(const run_options& o, C& comm, const dyn_model& m, const runtime::rank_split& sp,
                    const xt::xtensor<float, 2>& x, xt::xtensor<float, 2>& y, double resident)
{
  const std::size_t rows = x.shape()[0];
  runtime::workspace ws;
  ws.set_integer_dot(o.integer_dot);
  ws.set_bf16_dot(o.bf16_dot);
  const auto t = parallel::time_forward(m, sp, comm, x.data(), rows, y.data(), ws);
  if (comm.rank() != 0) return;
  const double flops = m.matmul_flops_per_token() * static_cast<double>(rows);
  std::printf(
      "%s on %d ranks (%s %lld): %.3f ms, %.1f GFLOP/s; communicating %.3f ms (%.0f%% of the pass), waiting "
      "for the slowest rank %.3f ms (each the most any rank spent)\n",
      pass_label(m, rows).c_str(), comm.size(), o.ep > 1 ? "expert-parallel, ep" : "tensor-parallel, tp",
      static_cast<long long>(o.ep > 1 ? o.ep : o.tp), t.seconds * 1e3, flops / t.seconds * 1e-9, t.communicating * 1e3,
      100.0 * t.communicating / t.seconds, t.waiting * 1e3);
  if (m.moe) std::printf("experts hit: %zu of %zu\n", t.experts_hit, m.total_experts);
  std::printf("roofline: not measured for a sharded run (its ranks share this machine's cores and memory)\n");
  if (resident > 0)
    std::printf("resident memory of rank 0 with its weights and the input loaded: %.1f MB\n", resident * 1e-6);
}

// The run on this rank. Every rank loads its own part, then reads the input and checks the
// output's place; the ranks agree that each step went well on all of them before any goes on
// (only rank 0 writes the output: a rank going on alone would wait for ever).
template<parallel::Communicator C>
int run_on(const run_options& o, C& comm)
{
  check_run_options(o);
  const runtime::rank_split sp{comm.rank(), o.tp, o.ep};
  const bool first = sp.rank == 0;
  dyn_model m;
  parallel::collectively(comm, [&] {
    if (o.weights.empty() && first)
      std::fprintf(stderr, "shapeproof run: making synthetic weights (seed %llu)...\n",
                   static_cast<unsigned long long>(o.seed));
    m = build_model(o, sp);
    if (o.store_in_out && m.dtype() != "f32")
      throw usage_error("--store-in-out is for f32 weights: 16-bit ones stream up to 64 tokens and convert beyond");
    if (o.store_in_out) m.store_in_out();
    if (o.integer_dot && !m.quantized()) throw usage_error("--integer-dot is for GGUF's quantized weights");
    if (o.bf16_dot && (m.dtype() != "bf16" || o.as_stored))
      throw usage_error("--bf16-dot is for bf16 weights in panels");
    if (o.integer_dot) m.pack_strips(runtime::stored_copy::release);  // GGUF's blocks in strips of 16 outputs, alone
  });
  xt::xtensor<float, 2> x;
  std::optional<io::output_file> output;
  parallel::collectively(comm, [&] {
    x = o.weights.empty() ? runtime::synthetic_input(static_cast<std::size_t>(o.tokens), m.d(), o.seed)
                          : runtime::load_npy_rows(o.input, m.d());
    if (!o.weights.empty() && first) output.emplace(o.output, o.weights, o.input);
    for (const auto& note : output ? output->removed() : std::vector<std::string>{})
      std::fprintf(stderr, "shapeproof run: %s\n", note.c_str());
  });
  // One process, a dense f32 FFN: the bare GEMM chain, timed over the weights as stored before they are repacked
  std::optional<double> chain;
  if (comm.size() == 1 && !m.moe && m.experts.front().all_f32()) {
    if (long_run(m, x.shape()[0])) std::fprintf(stderr, "shapeproof run: the bare GEMM chain, 3 times...\n");
    chain = runtime::bare_chain_seconds(m.experts.front(), x.data(), x.shape()[0]);
  }
  parallel::collectively(comm, [&] { repack(o, m); });
  const double resident = runtime::resident_bytes();  // the weights as they run and the input, before any pass
  xt::xtensor<float, 2> y = xt::zeros<float>({x.shape()[0], m.d()});
  if (comm.size() > 1)
    report_sharded(o, comm, m, sp, x, y, resident);
  else
    report_single(o, m, x, y, chain, resident);
  if (output) write_output(o, x, y, *output);
  return ok;
}

// Every rank runs; a failure is said once (rank 0 says why, the others only when rank 0 did not
// fail itself) and the worst exit code is every rank's. A split rule 11 refuses exits 1.
template<parallel::Communicator C>
int run_ranks(const run_options& o, C& comm, long long ranks_wanted)
{
  std::string why;
  int code = ok;
  if (o.tp < 1 || o.ep < 1) {
    why = "--tp and --ep must be 1 or more", code = bad_input;
  } else if (o.tp > 1 && o.ep > 1) {
    why =
        "--tp and --ep split one model in two ways; this command takes one at a time (--tp for a dense or gated "
        "FFN or every expert of an MoE, --ep for an MoE's experts)";
    code = bad_input;
  } else if (comm.size() != ranks_wanted) {
    why = "--tp " + std::to_string(o.tp) + " --ep " + std::to_string(o.ep) + " needs " + std::to_string(ranks_wanted) +
          " rank" + (ranks_wanted == 1 ? "" : "s") + "; this run has " + std::to_string(comm.size()) + " (mpirun -n " +
          std::to_string(comm.size()) + ")";
    code = bad_input;
  }
  if (!why.empty()) {  // the same on every rank: rank 0 says it, and every rank leaves after it has
    if (comm.rank() == 0) std::fprintf(stderr, "shapeproof: %s\n", why.c_str()), std::fflush(stderr);
    comm.barrier();
    return code;
  }
  try {
    code = run_on(o, comm);
  } catch (const parallel::peer_failed&) {
    code = ok;  // the failing rank's code decides
  } catch (const runtime::split_error& e) {
    why = e.what(), code = problems;
  } catch (const std::exception& e) {
    if (comm.size() == 1) throw;
    why = e.what(), code = bad_input;
  }
  const bool first_failed = comm.allreduce_sum(comm.rank() == 0 && !why.empty() ? 1LL : 0LL) > 0;
  if (!why.empty() && (comm.rank() == 0 || !first_failed))
    std::fprintf(stderr, "shapeproof: %s%s\n",
                 comm.rank() == 0 ? "" : ("rank " + std::to_string(comm.rank()) + ": ").c_str(), why.c_str());
  return static_cast<int>(comm.allreduce_max(static_cast<double>(code)));
}

}  // namespace

int run(const run_options& o)
{
  const bool one_split = o.tp >= 1 && o.ep >= 1 && (o.tp == 1 || o.ep == 1);  // else refused in run_ranks
  const long long ranks_wanted = one_split ? static_cast<long long>(o.tp) * static_cast<long long>(o.ep) : 1;
#ifdef SHAPEPROOF_WITH_MPI
  if (parallel::under_mpi_launcher()) {
    parallel::mpi_communicator comm;
    return run_ranks(o, comm, ranks_wanted);
  }
  if (ranks_wanted > 1)
    throw usage_error(std::to_string(ranks_wanted) + " ranks wanted (--tp times --ep): run it under Open MPI, as " +
                      "mpirun -n " + std::to_string(ranks_wanted) +
                      " shapeproof run ... (as root: mpirun --allow-run-as-root)");
#else
  if (ranks_wanted > 1)
    throw usage_error(
        "--tp and --ep beyond 1 need shapeproof built with Open MPI (libopenmpi-dev; CMake option "
        "SHAPEPROOF_WITH_MPI), run under mpirun");
#endif
  parallel::single_process comm;
  return run_ranks(o, comm, ranks_wanted);
}
}  // namespace shapeproof::tool

// SPDX-License-Identifier: MIT
// The report: every preset's parameters by component, every variant at real FFN widths, and
// every variant run once on an embedded default shape.
#include "commands.hpp"

#include <shapeproof/runtime/runtime.hpp>
#include <shapeproof/shapeproof.hpp>

#include <boost/hana/for_each.hpp>
#include <boost/hana/tuple.hpp>
#include <boost/hana/type.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace shapeproof::tool {
namespace {
namespace hana = boost::hana;

// Every variant at a preset's FFN widths, marking the variant the model uses. (The widths' sizing
// rules are proved in proofs/presets.cpp and proofs/sizing.cpp.)
template<typename Preset>
void print_variants(std::string_view model)
{
  using D = typename Preset::d_model;
  using Dff = typename Preset::d_ff;
  constexpr bool Bias = Preset::ffn::has_bias;
  constexpr std::string_view uses = Preset::ffn::name;
  const auto variants =
      hana::tuple_t<relu_ffn<D, Dff, Bias>, gelu_ffn<D, Dff, Bias>, gelu_tanh_ffn<D, Dff, Bias>, silu_ffn<D, Dff, Bias>,
                    glu<D, Dff, Bias>, reglu<D, Dff, Bias>, geglu<D, Dff, Bias>, geglu_tanh<D, Dff, Bias>,
                    swiglu<D, Dff, Bias>, bilinear<D, Dff, Bias>>;
  hana::for_each(variants, [&](auto t) {
    using F = typename decltype(t)::type;
    std::printf("%-22.*s %6lld %6lld %-5s %-11.*s %18s %20s%s\n", static_cast<int>(model.size()), model.data(),
                static_cast<long long>(D::extent), static_cast<long long>(Dff::extent), Bias ? "yes" : "no",
                static_cast<int>(F::name.size()), F::name.data(), grouped(F::params().value()).c_str(),
                grouped(F::matmul_flops_per_token().value()).c_str(), F::name == uses ? "   <- the model's" : "");
  });
}

void print_models()
{
  std::printf("Presets: parameters by component (per layer for attention, FFN and norms)\n\n");
  std::printf("%-18s %15s %15s %13s %14s %8s %6s %15s %15s %22s\n", "model", "total", "active", "embedding",
              "attn/layer", "norms", "FFN %", "FFN/layer", "FFN FLOPs/tok", "bf16 weights");
  for (const auto* config : presets::all_models) {
    const auto m = models::count(*config);
    std::printf("%-18.*s %15s %15s %13s %14s %8s %5.1f%% %15s %15s %22s\n", static_cast<int>(config->name.size()),
                config->name.data(), grouped(m.total.value()).c_str(), grouped(m.active.value()).c_str(),
                grouped(m.embedding.value()).c_str(), grouped(m.layer.attention.value()).c_str(),
                grouped(m.layer.norms.value()).c_str(), 100.0 * m.ffn_share(), grouped(m.layer.ffn.value()).c_str(),
                grouped(m.ffn_matmul_flops_per_token.value()).c_str(),
                gigabytes(models::weight_bytes(m, dtype_info_of<bf16>)).c_str());
  }
  std::printf("\n");
}

// The embedded default shape on which every variant runs once.
struct run_tokens final : dim<dynamic> {};
struct run_d final : dim<1024> {};
struct run_dff final : dim<2816> {};
constexpr std::size_t run_t = 64;

// The bytes of weights a pass of Spec reads: all of them, or an MoE's router and the experts hit.
template<typename Spec>
double weight_bytes_read(const runtime::weights<Spec>& w, const runtime::workspace& ws)
{
  if constexpr (MoeFfn<Spec>) {
    return 4.0 * static_cast<double>(w.router.element_count() +
                                     w.experts.front().element_count() * static_cast<std::int64_t>(ws.experts_hit()));
  } else {
    return 4.0 * static_cast<double>(w.element_count());
  }
}

template<typename Spec>
void run_once(std::string_view label, const runtime::roofline& roof)
{
  auto w = runtime::weights<Spec>::init(1);
  auto x = runtime::tensor<shape<run_tokens, run_d>>::zeros("x", {run_t, 1024});
  std::uint64_t i = 0;
  for (auto& v : x.data()) v = runtime::detail::uniform(7, 1, i++, 1.0f);
  auto y = runtime::tensor<shape<run_tokens, run_d>>::zeros("y", {run_t, 1024});
  runtime::workspace ws;
  runtime::forward(w, x, y, ws);  // warm-up: the workspace and the caches
  const auto start = std::chrono::steady_clock::now();
  runtime::forward(w, x, y, ws);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double flops = static_cast<double>(Spec::flops_per_token().value()) * static_cast<double>(run_t);
  double checksum = 0;
  for (const float v : y.data()) checksum += static_cast<double>(v);
  const double bound = roof.bound_seconds(weight_bytes_read(w, ws), flops);
  std::printf("%-10.*s %10.3f ms %9.1f GFLOP/s %6.2fx the roofline   checksum %+.6e\n", static_cast<int>(label.size()),
              label.data(), seconds * 1e3, flops / seconds * 1e-9, seconds / bound, checksum);
}

void print_runs()
{
  const auto roof = runtime::roofline::measure();
  std::printf(
      "Every variant run once on [T, D] = [%zu, 1024], d_ff = 2816 (weights from seed 1; FLOPs: matmuls and "
      "element-wise), against the roofline: max(weights read / %.1f GB/s, FLOPs / %.1f GFLOP/s), both measured "
      "now\n\n",
      run_t, roof.read_bytes_per_second * 1e-9, roof.flops_per_second * 1e-9);
  const auto variants =
      hana::tuple_t<relu_ffn<run_d, run_dff>, gelu_ffn<run_d, run_dff>, gelu_tanh_ffn<run_d, run_dff>,
                    silu_ffn<run_d, run_dff>, glu<run_d, run_dff>, reglu<run_d, run_dff>, geglu<run_d, run_dff>,
                    geglu_tanh<run_d, run_dff>, swiglu<run_d, run_dff>, bilinear<run_d, run_dff>>;
  hana::for_each(variants, [&](auto t) {
    using F = typename decltype(t)::type;
    run_once<F>(F::name, roof);
  });
  run_once<moe_ffn<swiglu<run_d, run_dff>, 8, 2>>("moe 8x2", roof);
}

}  // namespace

int report()
{
  std::printf("shapeproof report: FFN parameters and FLOPs per token, proved at compile time\n\n");
  print_models();
  std::printf("Every variant at real FFN widths (matmul FLOPs: two per multiply-add)\n\n");
  std::printf("%-22s %6s %6s %-5s %-11s %18s %20s\n", "configuration", "D", "Dff", "bias", "variant", "parameters",
              "FLOPs/token");
  print_variants<presets::llama_7b>("LLaMA-7B FFN");
  print_variants<presets::mistral_7b>("Mistral-7B FFN");
  print_variants<presets::llama2_70b>("Llama-2-70B FFN");
  print_variants<presets::gpt2_small>("GPT-2 small FFN");
  print_variants<presets::t5_v1_1_base>("T5 v1.1 base FFN");
  print_variants<presets::minimind_ffn>("MiniMind FFN");
  std::printf("\n");
  print_runs();
  return 0;
}

}  // namespace shapeproof::tool

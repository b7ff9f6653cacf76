// SPDX-License-Identifier: MIT
// The shapeproof command. `shapeproof report` prints the facts the proofs establish: every FFN
// variant's parameters and FLOPs per token for the FFN widths of real models, each number a
// constant expression of the checked spec type.
#include <shapeproof/shapeproof.hpp>

#include <boost/hana/for_each.hpp>
#include <boost/hana/tuple.hpp>
#include <boost/hana/type.hpp>

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace {
using namespace shapeproof;
namespace hana = boost::hana;

// The FFN widths of real models, with the variant each one uses.
namespace llama_7b {
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};  // round_up(int(8·4096/3), 256)
}  // namespace llama_7b
namespace mistral_7b {
struct d_model final : dim<4096> {};
struct d_ff final : dim<14336> {};
}  // namespace mistral_7b
namespace llama2_70b {
struct d_model final : dim<8192> {};
struct d_ff final : dim<28672> {};
}  // namespace llama2_70b
namespace gpt2_small {
struct d_model final : dim<768> {};
struct d_ff final : dim<3072> {};  // 4·d
}  // namespace gpt2_small
namespace t5_v1_1_base {
struct d_model final : dim<768> {};
struct d_ff final : dim<2048> {};  // 8/3·d, exact
}  // namespace t5_v1_1_base
namespace minimind {
struct d_model final : dim<512> {};
struct d_ff final : dim<1408> {};  // round_up(int(8·512/3), 64)
}  // namespace minimind

static_assert(llama_7b::d_ff::extent ==
              round_up_to_multiple<scaled<llama_7b::d_model, 8, 3, rounding::down>, 256>::extent);
static_assert(gpt2_small::d_ff::extent == scaled<gpt2_small::d_model, 4>::extent);
static_assert(t5_v1_1_base::d_ff::extent == scaled<t5_v1_1_base::d_model, 8, 3>::extent);
static_assert(minimind::d_ff::extent ==
              round_up_to_multiple<scaled<minimind::d_model, 8, 3, rounding::down>, 64>::extent);

std::string grouped(std::int64_t n)
{
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

template<typename D, typename Dff, bool Bias>
void print_variants(std::string_view model, std::string_view uses)
{
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

std::string gigabytes(cost::bytes b)
{
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f GB", static_cast<double>(b.value()) / 1e9);
  return buf;
}

void print_models()
{
  std::printf("Presets: parameters by component (per layer for attention, FFN and norms)\n\n");
  std::printf("%-18s %15s %15s %13s %14s %8s %6s %15s %15s %10s\n", "model", "total", "active", "embedding",
              "attn/layer", "norms", "FFN %", "FFN/layer", "FFN FLOPs/tok", "bf16");
  for (const auto* config : presets::all_models) {
    const auto m = models::count(*config);
    const double ffn_share =
        100.0 * static_cast<double>(m.layer.ffn.value() * m.layers) / static_cast<double>(m.total.value());
    std::printf("%-18.*s %15s %15s %13s %14s %8s %5.1f%% %15s %15s %10s\n", static_cast<int>(config->name.size()),
                config->name.data(), grouped(m.total.value()).c_str(), grouped(m.active.value()).c_str(),
                grouped(m.embedding.value()).c_str(), grouped(m.layer.attention.value()).c_str(),
                grouped(m.layer.norms.value()).c_str(), ffn_share, grouped(m.layer.ffn.value()).c_str(),
                grouped(m.ffn_matmul_flops_per_token.value()).c_str(),
                gigabytes(models::weight_bytes(m, dtype_info_of<bf16>)).c_str());
  }
  std::printf("\n");
}

int report()
{
  std::printf("shapeproof report: FFN parameters and FLOPs per token, proved at compile time\n\n");
  print_models();
  std::printf("Every variant at real FFN widths (matmul FLOPs: two per multiply-add)\n\n");
  std::printf("%-22s %6s %6s %-5s %-11s %18s %20s\n", "configuration", "D", "Dff", "bias", "variant", "parameters",
              "FLOPs/token");
  print_variants<llama_7b::d_model, llama_7b::d_ff, false>("LLaMA-7B FFN", "swiglu");
  print_variants<mistral_7b::d_model, mistral_7b::d_ff, false>("Mistral-7B FFN", "swiglu");
  print_variants<llama2_70b::d_model, llama2_70b::d_ff, false>("Llama-2-70B FFN", "swiglu");
  print_variants<gpt2_small::d_model, gpt2_small::d_ff, true>("GPT-2 small FFN", "gelu_tanh");
  print_variants<t5_v1_1_base::d_model, t5_v1_1_base::d_ff, false>("T5 v1.1 base FFN", "geglu");
  print_variants<minimind::d_model, minimind::d_ff, false>("MiniMind FFN", "swiglu");
  return 0;
}

int usage(std::FILE* out)
{
  std::fprintf(out,
               "usage: shapeproof <command>\n\n"
               "commands:\n"
               "  report   print every FFN variant's parameters and FLOPs for real model widths\n"
               "  help     print this message\n");
  return out == stdout ? 0 : 2;
}

}  // namespace

int main(int argc, char** argv)
{
  const std::string_view command = argc > 1 ? argv[1] : "report";
  if (command == "report" && argc <= 2) return report();
  if (command == "help" || command == "--help" || command == "-h") return usage(stdout);
  std::fprintf(stderr, "shapeproof: unknown command or argument '%s'\n\n", argc > 2 ? argv[2] : argv[1]);
  return usage(stderr);
}

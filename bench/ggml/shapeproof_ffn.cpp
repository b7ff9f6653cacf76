// SPDX-License-Identifier: MIT
// The same measurement as ffn_bench.c with shapeproof's run-time model: a SwiGLU layer (D 4096,
// Dff 11008) in one dtype, copied until the copies exceed 1.6 GB, run one after the other on the
// same x; ms per layer, the fastest of 5 passes, the kernels split over 2 threads. --moe runs an
// MoE of 8 SwiGLU experts, top 2 (D 1024, Dff 2816) instead, and prints how many experts the tokens
// hit. --panels repacks f32 and 16-bit weights in panels (`pack_panels`) for the project's own GEMM;
// --bf16-dot runs bf16 panels on the bf16 dot path (x rounded to bf16, `workspace::set_bf16_dot`).
//
//   shapeproof_ffn f32|bf16|f16|q8_0|q4_0|q4_k|q6_k T [--integer-dot] [--moe] [--panels] [--bf16-dot]
#include <shapeproof/runtime/runtime.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace shapeproof;

int main(int argc, char** argv)
{
  if (argc < 3)
    return std::fprintf(stderr, "usage: shapeproof_ffn DTYPE T [--integer-dot] [--moe] [--panels] [--bf16-dot]\n"), 2;
  const auto dtype = runtime::weight_dtype_named(argv[1]);
  const auto t = static_cast<std::size_t>(std::max(1, std::atoi(argv[2])));
  bool integer = false, moe = false, panels = false, bf16_dot = false;
  for (int i = 3; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--integer-dot")
      integer = true;
    else if (a == "--moe")
      moe = true;
    else if (a == "--panels")
      panels = true;
    else if (a == "--bf16-dot")
      panels = bf16_dot = true;
    else
      return std::fprintf(stderr, "usage: shapeproof_ffn DTYPE T [--integer-dot] [--moe] [--panels] [--bf16-dot]\n"), 2;
  }
  const auto swiglu = *find_variant("swiglu");
  const runtime::model_description desc =
      moe ? runtime::model_description{swiglu, {"d_model", 1024}, {"d_ff", 2816}, 8, 2}
          : runtime::model_description{swiglu, {"d_model", 4096}, {"d_ff", 11008}};
  const auto d = static_cast<std::size_t>(desc.d.extent);
  auto m = runtime::make_model(desc, 1, dtype);
  // The integer path as `run --integer-dot` takes it: GGUF's blocks repacked in strips of 16 outputs
  if (integer) m.pack_strips(runtime::stored_copy::release);
  if (panels && m.quantized())
    return std::fprintf(stderr, "shapeproof_ffn: --panels is for f32 and 16-bit weights\n"), 2;
  if (panels) m.pack_panels(runtime::stored_copy::release);
  // Copies until the weights stored exceed 1.6 GB, as ffn_bench.c counts them
  const auto n = std::max<std::size_t>(2, static_cast<std::size_t>(std::ceil(1.6e9 / m.bytes_read(8))));
  const std::vector<runtime::dyn_model> copies(n, m);
  std::vector<float> x(t * d), y(t * d);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::sin(0.013f * static_cast<float>(i));
  runtime::workspace ws;
  ws.set_integer_dot(integer);
  ws.set_bf16_dot(bf16_dot);
  for (const auto& c : copies) c.forward(x.data(), t, y.data(), ws);  // warm
  double best = 1e30;
  for (int r = 0; r < 5; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    for (const auto& c : copies) c.forward(x.data(), t, y.data(), ws);
    best = std::min(
        best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / static_cast<double>(n));
  }
  std::printf("shapeproof %-5s T=%-4zu %8.3f ms/layer (%s%zu copies%s", argv[1], t, best * 1e3, moe ? "MoE, " : "", n,
              integer ? ", integer path" : "");
  if (panels) std::printf(bf16_dot ? ", in panels, bf16 dot" : ", in panels");
  if (moe) std::printf(", %zu experts hit", ws.experts_hit());
  std::printf(")\n");
}

// SPDX-License-Identifier: MIT
// The same measurement as ffn_bench.c with shapeproof's run-time model: a SwiGLU layer (D 4096,
// Dff 11008) in one dtype, copied until the copies exceed 1.6 GB, run one after the other on the
// same x; ms per layer, the fastest of 5 passes, the kernels split over 2 threads.
//
//   shapeproof_ffn f32|bf16|f16|q8_0|q4_0|q4_k|q6_k T [--integer-dot]
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
  if (argc < 3) return std::fprintf(stderr, "usage: shapeproof_ffn DTYPE T [--integer-dot]\n"), 2;
  const auto dtype = runtime::weight_dtype_named(argv[1]);
  const auto t = static_cast<std::size_t>(std::max(1, std::atoi(argv[2])));
  const bool integer = argc > 3 && std::string(argv[3]) == "--integer-dot";
  auto m = runtime::make_model({*find_variant("swiglu"), {"d_model", 4096}, {"d_ff", 11008}}, 1, dtype);
  // The integer path as `run --integer-dot` takes it: GGUF's blocks repacked in strips of 16 outputs
  if (integer) m.pack_strips(runtime::stored_copy::release);
  const auto n = std::max<std::size_t>(2, static_cast<std::size_t>(std::ceil(1.6e9 / m.bytes_read(1))));
  const std::vector<runtime::dyn_model> copies(n, m);
  std::vector<float> x(t * 4096), y(t * 4096);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::sin(0.013f * static_cast<float>(i));
  runtime::workspace ws;
  ws.set_integer_dot(integer);
  for (const auto& c : copies) c.forward(x.data(), t, y.data(), ws);  // warm
  double best = 1e30;
  for (int r = 0; r < 5; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    for (const auto& c : copies) c.forward(x.data(), t, y.data(), ws);
    best = std::min(
        best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / static_cast<double>(n));
  }
  std::printf("shapeproof %-5s T=%-4zu %8.3f ms/layer (%zu copies%s)\n", argv[1], t, best * 1e3, n,
              integer ? ", integer path" : "");
}

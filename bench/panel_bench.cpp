// SPDX-License-Identifier: MIT
// The typed API's SwiGLU (D 4096, Dff 11008) with its weights as stored and in panels
// (`pack_panels`, runtime/panel_gemm.hpp), alternately, at T = 1 to 512, in f32 and bf16. Three
// layers are cycled (1.6 GB in f32, 0.8 GB in bf16), as a decode goes from layer to layer; each
// time is the fastest call over the layers and the rounds.
//
//   shapeproof_panel_bench
#include <shapeproof/runtime/runtime.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

using namespace shapeproof;

namespace {
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<11008> {};
struct tokens final : dim<dynamic> {};

template<class T>
void compare(const char* name)
{
  using W = runtime::weights<swiglu<d_model, d_ff>, T>;
  std::vector<W> stored, packed;
  for (std::uint64_t l = 1; l <= 3; ++l) stored.push_back(W::init(l));
  packed = stored;
  for (auto& w : packed) w.pack_panels();
  runtime::workspace ws;
  for (const std::size_t t : std::vector<std::size_t>{1, 2, 4, 8, 16, 32, 64, 128, 512}) {
    auto x = runtime::tensor<shape<tokens, d_model>>::zeros("x", {t, 4096});
    for (std::size_t i = 0; i < x.size(); ++i) x.data().data()[i] = runtime::detail::uniform(1, 2, i, 1.0f);
    auto y = x;
    double as_stored = 1e30, in_panels = 1e30;
    for (int round = 0; round < (t > 64 ? 2 : 4); ++round)
      for (std::size_t l = 0; l < stored.size(); ++l) {
        const auto t0 = std::chrono::steady_clock::now();
        runtime::forward(stored[l], x, y, ws);
        const auto t1 = std::chrono::steady_clock::now();
        runtime::forward(packed[l], x, y, ws);
        const auto t2 = std::chrono::steady_clock::now();
        as_stored = std::min(as_stored, std::chrono::duration<double>(t1 - t0).count());
        in_panels = std::min(in_panels, std::chrono::duration<double>(t2 - t1).count());
      }
    std::printf("%-5s %5zu %12.2f %12.2f %9.2fx\n", name, t, as_stored * 1e3, in_panels * 1e3, as_stored / in_panels);
  }
}
}  // namespace

int main()
{
  std::printf("%-5s %5s %12s %12s %10s\n", "dtype", "T", "stored ms", "panels ms", "speed-up");
  compare<f32>("f32");
  compare<bf16>("bf16");
}

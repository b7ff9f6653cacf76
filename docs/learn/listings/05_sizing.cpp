// SPDX-License-Identifier: MIT
// Chapter 5: sizing the hidden width.
#include <shapeproof/shapeproof.hpp>

namespace learn_05 {
using namespace shapeproof;
// BEGIN DOC
struct d_4096 final : dim<4096> {};
struct d_8192 final : dim<8192> {};
struct d_512 final : dim<512> {};
struct d_768 final : dim<768> {};

// A gated FFN at 2/3 of 4·D keeps the dense FFN's parameter count: 3 · (8/3)·D² = 8·D². Exact when
// 3 divides D (T5 v1.1 base: 768 -> 2048):
static_assert(scaled<d_768, 8, 3>::extent == 2048);
static_assert(swiglu<d_768, scaled<d_768, 8, 3>>::params() == relu_ffn<d_768, scaled<d_768, 4>>::params());

// LLaMA: int(8·D/3), then up to a multiple of 256 (LLaMA-7B) ...
static_assert(round_up_to_multiple<scaled<d_4096, 8, 3, rounding::down>, 256>::extent == 11008);
// ... with a multiplier of 1.3 first in Llama-2-70B (D = 8192, multiple 4096) ...
static_assert(sizing::llama_hidden(8192, 4096, {13, 10}) == 28672);
// ... and Mistral-7B's 14336 is 3.5 · 4096:
static_assert(scaled<d_4096, 7, 2>::extent == 14336);
// MiniMind: D = 512, multiple of 64.
static_assert(round_up_to_multiple<scaled<d_512, 8, 3, rounding::down>, 64>::extent == 1408);
// END DOC
}  // namespace learn_05

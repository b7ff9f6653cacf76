// SPDX-License-Identifier: MIT
// Proofs of the sizing rules (rule 8): dense 4·d, gated 8/3·d, LLaMA's multiple_of rule.
#include <shapeproof/models/sizing.hpp>

namespace proofs_sizing {
using namespace shapeproof;

struct d_4096 final : dim<4096> {};
struct d_8192 final : dim<8192> {};
struct d_768 final : dim<768> {};
struct d_512 final : dim<512> {};

// dense: 4·d
static_assert(sizing::dense_hidden(4096) == 16384 && dense_hidden_dim<d_4096>::extent == 16384);
static_assert(dense_hidden_dim<d_768>::extent == 3072);  // GPT-2 small's n_inner

// gated: 8/3·d, exact only when 3 | 8·d
static_assert(sizing::gated_hidden_is_exact(768) && gated_hidden_dim<d_768>::extent == 2048);  // T5 v1.1 base
static_assert(!sizing::gated_hidden_is_exact(4096) && !ScalesExactly<d_4096, 8, 3>);
static_assert(sizing::gated_hidden_floor(4096) == 10922);  // int(2 * 4 * 4096 / 3), as Python's int()
static_assert([] {
  for (extent_t d = 1; d <= 10000; ++d)
    if (sizing::gated_hidden_is_exact(d) != (d % 3 == 0) || 3 * sizing::gated_hidden_floor(d) > 8 * d ||
        3 * (sizing::gated_hidden_floor(d) + 1) <= 8 * d)
      return false;
  return true;
}());

// LLaMA's rule (Meta's reference FeedForward: hidden = int(2 * hidden / 3); with
// ffn_dim_multiplier, hidden = int(multiplier * hidden); then multiple_of * ceil(hidden / multiple_of))
static_assert(sizing::llama_hidden(4096, 256) == 11008);            // LLaMA-7B
static_assert(sizing::llama_hidden(8192, 4096, {13, 10}) == 28672);  // Llama-2-70B: ffn_dim_multiplier 1.3
static_assert(sizing::llama_hidden(4096, 1024, {13, 10}) == 14336);  // Llama-3-8B: ffn_dim_multiplier 1.3
static_assert(sizing::llama_hidden(512, 64) == 1408);               // MiniMind
// ... the same as dimension types
static_assert(llama_hidden_dim<d_4096, 256>::extent == 11008);
static_assert(llama_hidden_dim<d_8192, 4096, 13, 10>::extent == 28672);
static_assert(llama_hidden_dim<d_4096, 1024, 13, 10>::extent == 14336);
static_assert(llama_hidden_dim<d_512, 64>::extent == 1408);
// The steps of Llama-2-70B's: 21845, then 28398 (1.3 · 21845 = 28398.5, rounded down), then 7 · 4096
static_assert(sizing::gated_hidden_floor(8192) == 21845 && 21845 * 13 / 10 == 28398 && 7 * 4096 == 28672);
// The result is always a multiple of multiple_of, and never below the unrounded width
static_assert([] {
  for (extent_t d = 64; d <= 8192; d += 64)
    for (extent_t m : {64, 256, 1024}) {
      const extent_t h = sizing::llama_hidden(d, m);
      if (h % m != 0 || h < sizing::gated_hidden_floor(d) || h - sizing::gated_hidden_floor(d) >= m) return false;
    }
  return true;
}());
}  // namespace proofs_sizing

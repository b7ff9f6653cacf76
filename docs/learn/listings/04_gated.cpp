// SPDX-License-Identifier: MIT
// Chapter 4: gated FFNs, and why the activation belongs to the gate.
#include <shapeproof/shapeproof.hpp>

namespace learn_04 {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
// BEGIN DOC
// SwiGLU: down(silu(x·gate) ⊙ (x·up)). Three projections: 3·D·Dff parameters.
using ffn = swiglu<d_model, d_ff>;
static_assert(ffn::params() == 135'266'304_params);  // LLaMA-7B's FFN: 3 · 4096 · 11008

// One hidden element from its gate value g and its up value u is silu(g) · u ...
constexpr double g = 2.0, u = -1.5;
static_assert(ffn::hidden(g, u) == act::silu::apply(g) * u);
// ... and the swapped form, g · silu(u), is another function: gate and up have the same shape, so
// only this kind of test (and the tensor names of a checkpoint) can catch a swap.
static_assert(ffn::hidden(g, u) != g * act::silu::apply(u));
// END DOC
}  // namespace learn_04

// SPDX-License-Identifier: MIT
// A solution of exercise 1: give LLaMA-7B's two widths names of their own, so that the compiler can tell them
// apart (and print them), even where their extents agree.
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
// the weights: model.layers.*/mlp/* (three per layer)
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
using ffn = swiglu<d_model, d_ff>;
static_assert(ffn::params() == 135'266'304_params);
/* end of the exercise */
}  // namespace exercise

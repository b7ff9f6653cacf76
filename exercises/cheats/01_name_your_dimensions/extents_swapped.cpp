// SPDX-License-Identifier: MIT
// CHEAT: named, but with the two extents swapped and the FFN declared the other way round
// A solution of exercise 1: give LLaMA-7B's two widths names of their own, so that the compiler can tell them
// apart (and print them), even where their extents agree.
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : dim<11008> {};
struct d_ff final : dim<4096> {};
using ffn = swiglu<d_ff, d_model>;
static_assert(ffn::params() == 135'266'304_params);
}  // namespace exercise

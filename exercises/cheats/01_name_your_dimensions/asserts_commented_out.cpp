// SPDX-License-Identifier: MIT
// CHEAT: the failing checks commented out
// Exercise: give LLaMA-7B's two widths names of their own, so that the compiler can tell them
// apart (and print them), even where their extents agree.
// Check your attempt: scripts/check_exercise.sh exercises/01_name_your_dimensions.cpp
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
using d_model = dim<4096>;  // TODO: a named dimension
using d_ff = dim<11008>;    // TODO: a named dimension
using ffn = swiglu<d_model, d_ff>;
/* static_assert(ffn::params() == 135'266'304_params); */
}  // namespace exercise

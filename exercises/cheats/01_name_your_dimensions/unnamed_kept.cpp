// SPDX-License-Identifier: MIT
// CHEAT: the dimensions left unnamed, the FFN made a class that states its count
// Exercise: give LLaMA-7B's two widths names of their own, so that the compiler can tell them
// apart (and print them), even where their extents agree.
// Check your attempt: scripts/check_exercise.sh exercises/01_name_your_dimensions.cpp
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
using d_model = dim<4096>;  // TODO: a named dimension
using d_ff = dim<11008>;    // TODO: a named dimension
struct ffn {
  static constexpr auto params() { return 135'266'304_params; }
};
static_assert(ffn::params() == 135'266'304_params);
}  // namespace exercise

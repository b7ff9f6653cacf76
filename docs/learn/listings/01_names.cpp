// SPDX-License-Identifier: MIT
// Chapter 1: dimensions are named types.
#include <shapeproof/shapeproof.hpp>

#include <concepts>

namespace learn_01 {
using namespace shapeproof;
// BEGIN DOC
struct d_model final : dim<4096> {};  // a name, and an extent
struct d_ff final : dim<11008> {};
struct tokens final : dim<dynamic> {};  // known at run time only

// Two names with one extent are two dimensions: identity is the name.
struct d_head_total final : dim<4096> {};
static_assert(!std::same_as<d_model, d_head_total> && d_model::extent == d_head_total::extent);

// The name is what a diagnostic prints, so it is what a learner reads when something is wrong.
static_assert(StaticDim<d_model> && DynamicDim<tokens> && !Dim<dim<4096>>);
// END DOC
}  // namespace learn_01

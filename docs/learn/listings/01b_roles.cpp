// SPDX-License-Identifier: MIT
// Chapter 1b: roles, what a width is for.
#include <shapeproof/shapeproof.hpp>

#include <concepts>

namespace roles_chapter {
using namespace shapeproof;
// BEGIN DOC
// A role is said in the base: model_width<N> for the residual stream's width D, hidden_width<N>
// for an FFN's hidden width Dff. The name stays the identity; the role is what the name is for.
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<11008> {};

// An FFN reads D and returns to it through Dff: the roles are where the rules expect them ...
using ffn = swiglu<d_model, d_ff>;
static_assert(ffn::params() == 135'266'304_params);

// ... and a dimension without a role (dim<N>) may stand anywhere, as in chapter 1: roles are
// opt-in, and a width that plays both parts (a head dimension) simply has none.
struct d_head final : dim<128> {};
static_assert(!std::same_as<d_head, d_model> && d_head::extent == 128);

// Names alone cannot refuse one mistake: all three projections written in PyTorch's stored
// [out, in] order make a consistent FFN, D -> Dff -> D with D and Dff swapped. Its count is the
// same. Roles refuse it (rule 10), where names and extents cannot.
// END DOC
}  // namespace roles_chapter

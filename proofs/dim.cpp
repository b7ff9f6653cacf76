// SPDX-License-Identifier: MIT
// Proofs about dimensions: what a dim is, and exact sizing arithmetic (rule 8).
#include <shapeproof/core/dim.hpp>
#include <shapeproof/core/dim_arith.hpp>
#include <shapeproof/core/dim_concepts.hpp>

#include <type_traits>

namespace proofs_dim {
using namespace shapeproof;

struct d_model final : dim<4096> {};
struct d_small final : dim<512> {};
struct d_t5 final : dim<768> {};
struct tokens final : dim<dynamic> {};
struct not_a_dim {};

// Dim
static_assert(Dim<d_model> && StaticDim<d_model> && !DynamicDim<d_model>);
static_assert(Dim<tokens> && DynamicDim<tokens> && !StaticDim<tokens>);
static_assert(!Dim<int> && !Dim<not_a_dim> && !Dim<dim<4096>*>);
static_assert(extent_v<d_model> == 4096 && extent_v<tokens> == dynamic);
// A dim's identity is its name: two dims with one extent are different dims.
struct d_other_4096 final : dim<4096> {};
static_assert(!SameDim<d_model, d_other_4096> && SameDim<d_model, d_model>);

// scaled: the dense FFN's 4·d, and the gated family's 8/3·d where it is exact
static_assert(scaled<d_model, 4>::extent == 16384);
static_assert(scaled<d_t5, 8, 3>::extent == 2048);  // 768 · 8 / 3, exact
static_assert(ScalesExactly<d_t5, 8, 3> && !ScalesExactly<d_model, 8, 3> && !ScalesExactly<tokens, 8, 3>);
// 8/3·d is exact exactly when 3 divides d (3 and 8 are coprime): checked for every d below 3000.
template<extent_t N>
struct width final : dim<N> {};
static_assert([] {
  for (extent_t d = 1; d < 3000; ++d)
    if (((d * 8 % 3) == 0) != (d % 3 == 0)) return false;
  return true;
}());
static_assert(ScalesExactly<width<3>, 8, 3> && !ScalesExactly<width<4>, 8, 3> && !ScalesExactly<width<5>, 8, 3>);

// Explicit roundings (rule 8: an inexact ratio must say how it rounds)
static_assert(scaled<d_model, 8, 3, rounding::down>::extent == 10922);  // Python's int(2 * 4 * 4096 / 3)
static_assert(scaled<d_model, 8, 3, rounding::up>::extent == 10923);
static_assert(scaled<d_t5, 8, 3, rounding::down>::extent == scaled<d_t5, 8, 3>::extent);

// LLaMA's sizing: int(2·4d/3), then up to a multiple of `multiple_of`
static_assert(round_up_to_multiple<scaled<d_model, 8, 3, rounding::down>, 256>::extent == 11008);  // LLaMA-7B
static_assert(round_up_to_multiple<scaled<d_small, 8, 3, rounding::down>, 64>::extent == 1408);    // MiniMind
static_assert(round_up_to_multiple<d_model, 256>::extent == 4096);  // already a multiple: unchanged

// Derived dims are dims; cat adds extents
static_assert(StaticDim<scaled<d_model, 4>> && StaticDim<cat<d_model, d_model>>);
static_assert(cat<d_model, scaled<d_model, 4>>::extent == 4096 + 16384);
static_assert(DynamicDim<cat<tokens, tokens>>);
}  // namespace proofs_dim

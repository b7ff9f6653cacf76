// SPDX-License-Identifier: MIT
// Chapter 2: shapes are type lists, and a matmul's inner dimensions must agree.
#include <shapeproof/shapeproof.hpp>

#include <concepts>

namespace learn_02 {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct tokens final : dim<dynamic> {};
// BEGIN DOC
using x = shape<tokens, d_model>;  // activations: [T, D]
using w_up = shape<d_model, d_ff>; // a weight in math layout: [D, Dff]

// [T, D] x [D, Dff] -> [T, Dff]: the inner D meets D, and the outer dimensions remain.
static_assert(std::same_as<matmul_t<x, w_up>, shape<tokens, d_ff>>);

// The same question without an error, for requires-clauses:
static_assert(MatmulCompatible<x, w_up> && !MatmulCompatible<x, shape<d_ff, d_model>>);

// PyTorch stores nn.Linear's weight as [out, in]; the math layout is [in, out]. Both are types:
using up = linear<d_model, d_ff>;
static_assert(std::same_as<up::math_shape, shape<d_model, d_ff>> &&
              std::same_as<up::storage_shape, shape<d_ff, d_model>>);
// END DOC
}  // namespace learn_02

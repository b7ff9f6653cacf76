// SPDX-License-Identifier: MIT
// Proofs about shapes: equality, matmul inference (rule 4), element-wise compatibility,
// concatenation and split (rule 5). The `requires !requires` batteries prove what must not work.
#include <shapeproof/core/shape.hpp>
#include <shapeproof/core/shape_concepts.hpp>

#include <boost/hana/equal.hpp>

#include <tuple>
#include <type_traits>

namespace proofs_shape {
using namespace shapeproof;

struct batch final : dim<dynamic> {};
struct tokens final : dim<dynamic> {};
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct d_attn final : dim<4096> {};  // d_model's extent, another name

using x = shape<tokens, d_model>;

// Shape
static_assert(Shape<x> && !Shape<d_model> && !Shape<int>);
static_assert(x::rank == 2 && x::extents[0] == dynamic && x::extents[1] == 4096 && !x::is_static);
static_assert(boost::hana::equal(x::dims, boost::hana::tuple_t<tokens, d_model>));
static_assert(std::is_same_v<dim_at_t<x, 1>, d_model>);
static_assert(size_v<shape<d_model, d_ff>> == 4096 * 11008);

// Equality: the same dims by name, in the same order
static_assert(SameShape<x, shape<tokens, d_model>>);
static_assert(!SameShape<x, shape<d_model, tokens>>);
static_assert(!SameShape<x, shape<tokens, d_attn>>);  // same extents, other name
static_assert(ShapeOf<x, tokens, d_model>);

// matmul: [T, D] x [D, Dff] -> [T, Dff]; leading axes are kept
static_assert(std::is_same_v<matmul_t<x, shape<d_model, d_ff>>, shape<tokens, d_ff>>);
static_assert(std::is_same_v<matmul_t<shape<batch, tokens, d_model>, shape<d_model, d_ff>>, shape<batch, tokens, d_ff>>);
static_assert(std::is_same_v<matmul_t<shape<d_model>, shape<d_model, d_ff>>, shape<d_ff>>);
static_assert(std::is_same_v<matmul_t<matmul_t<x, shape<d_model, d_ff>>, shape<d_ff, d_model>>, x>);
static_assert(MatmulCompatible<x, shape<d_model, d_ff>>);

// Element-wise: the same shape
static_assert(std::is_same_v<elementwise_t<shape<tokens, d_ff>, shape<tokens, d_ff>>, shape<tokens, d_ff>>);

// Concatenation along an axis, and the split that undoes it (rule 5)
using gate_w = shape<d_model, d_ff>;
using fused_w = concat_t<1, gate_w, gate_w>;
static_assert(std::is_same_v<fused_w, shape<d_model, cat<d_ff, d_ff>>>);
static_assert(dim_at_t<fused_w, 1>::extent == 2 * 11008);
static_assert(std::is_same_v<split_t<1, fused_w, d_ff, d_ff>, std::tuple<gate_w, gate_w>>);
static_assert(std::is_same_v<concat_t<0, shape<d_ff, d_model>, shape<d_ff, d_model>>, shape<cat<d_ff, d_ff>, d_model>>);
// A checkpoint's fused width, named by the user, splits by extent
struct gate_up final : dim<22016> {};
static_assert(std::is_same_v<split_t<1, shape<d_model, gate_up>, d_ff, d_ff>, std::tuple<gate_w, gate_w>>);
static_assert(std::is_same_v<replace_last_t<shape<tokens, d_ff>, d_model>, x>);

// What must not work (each is also a hard-error proof in proofs/fail/)
template<typename A, typename B>
concept valid_matmul = requires { requires MatmulCompatible<A, B>; };
static_assert(!valid_matmul<x, shape<d_ff, d_model>>);          // inner dims differ
static_assert(!valid_matmul<x, shape<d_attn, d_ff>>);           // same extent, other name
static_assert(!valid_matmul<x, shape<d_model, d_ff, d_ff>>);    // not a weight
static_assert(!valid_matmul<shape<>, shape<d_model, d_ff>>);    // nothing to contract
static_assert(!ElementwiseCompatible<shape<tokens, d_ff>, shape<tokens, d_model>>);
static_assert(!ElementwiseCompatible<shape<tokens, d_ff>, shape<d_ff, tokens>>);
static_assert(!ConcatCompatible<1, gate_w, shape<d_attn, d_ff>>);
static_assert(!ConcatCompatible<1, gate_w, shape<d_model>>);
static_assert(!ConcatCompatible<2, gate_w, gate_w>);
static_assert(ConcatCompatible<1, gate_w, gate_w>);
static_assert(SplitsInto<1, fused_w, d_ff, d_ff>);
static_assert(!SplitsInto<1, fused_w, d_ff, d_attn>);        // not its own parts
static_assert(!SplitsInto<1, fused_w, d_ff>);                // one half is not the whole
static_assert(!SplitsInto<2, fused_w, d_ff, d_ff>);          // no such axis
static_assert(!SplitsInto<1, shape<d_model, gate_up>, d_ff, d_model>);
}  // namespace proofs_shape

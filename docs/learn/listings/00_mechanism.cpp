// SPDX-License-Identifier: MIT
// Chapter 0: the checks built by hand in plain C++20, without shapeproof.
#include <concepts>
#include <type_traits>

namespace by_hand {
// BEGIN DOC
// 1. A dimension is a type that carries its extent: its name is its identity.
template<long N>
struct my_dim {
  static constexpr long extent = N;
};
struct model final : my_dim<4096> {};
struct hidden final : my_dim<11008> {};
struct rows final : my_dim<1> {};

// 2. A concept says what counts as a dimension: a type with a constant extent.
template<typename T>
concept dimension = requires {
  { T::extent } -> std::convertible_to<long>;
};

// 3. A shape is a list of dimensions, held in a type.
template<dimension... Dims>
struct my_shape {};

// 4. The matmul rule as partial specialisations: [M, K] x [K, N] -> [M, N] when the inner
//    dimensions are one type; any other pair picks the second, whose static_assert says which
//    rule was broken (and which still names a result, so that one mistake is one error).
template<typename A, typename B>
struct my_matmul;
template<dimension M, dimension K, dimension N>
struct my_matmul<my_shape<M, K>, my_shape<K, N>> {
  using type = my_shape<M, N>;
};
template<dimension M, dimension K1, dimension K2, dimension N>
struct my_matmul<my_shape<M, K1>, my_shape<K2, N>> {
  static_assert(std::is_same_v<K1, K2>, "my rule 4: a matmul's inner dimensions must agree");
  using type = my_shape<M, N>;
};
template<typename A, typename B>
using my_matmul_t = typename my_matmul<A, B>::type;

// 5. An FFN is a chain of products; the compiler proves that it returns to the model width...
using x = my_shape<rows, model>;
using up = my_shape<model, hidden>;    // [in, out]: x · up is defined
using down = my_shape<hidden, model>;  // and back to D
static_assert(std::is_same_v<my_matmul_t<my_matmul_t<x, up>, down>, x>);

// 6. ... and its counts are constant expressions of the same types.
template<dimension In, dimension Out>
constexpr long params = In::extent * Out::extent;
static_assert(params<model, hidden> + params<hidden, model> == 2L * 4096 * 11008);
// END DOC
}  // namespace by_hand

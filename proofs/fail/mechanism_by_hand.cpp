// EXPECT-ERROR: my rule 4: a matmul's inner dimensions must agree
// SPDX-License-Identifier: MIT
// The matmul rule built by hand in plain C++20 (chapter 0), given a weight in PyTorch's stored
// [out, in] order: the partial specialisation for a mismatch fires its static_assert, and the
// compiler says where it was required from.
#include <concepts>
#include <type_traits>

template<long N>
struct my_dim {
  static constexpr long extent = N;
};
struct model final : my_dim<4096> {};
struct hidden final : my_dim<11008> {};
struct rows final : my_dim<1> {};
template<typename... Dims>
struct my_shape {};
template<typename A, typename B>
struct my_matmul;
template<typename M, typename K, typename N>
struct my_matmul<my_shape<M, K>, my_shape<K, N>> {
  using type = my_shape<M, N>;
};
template<typename M, typename K1, typename K2, typename N>
struct my_matmul<my_shape<M, K1>, my_shape<K2, N>> {
  static_assert(std::is_same_v<K1, K2>, "my rule 4: a matmul's inner dimensions must agree");
  using type = my_shape<M, N>;
};

#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using up = my_shape<hidden, model>;  // [out, in], as PyTorch stores it
#else
using up = my_shape<model, hidden>;
#endif
using h = typename my_matmul<my_shape<rows, model>, up>::type;

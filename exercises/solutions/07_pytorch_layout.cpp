// SPDX-License-Identifier: MIT
// A solution of exercise 7: x · W with the weight as PyTorch stores it. Use the layout in which the product is
// defined.
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct tokens final : dim<dynamic> {};
using up = linear<d_model, d_ff>;
using h = matmul_t<shape<tokens, d_model>, up::math_shape>;
static_assert(std::is_same_v<h, shape<tokens, d_ff>>);
}  // namespace exercise

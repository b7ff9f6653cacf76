// EXPECT-ERROR: element-wise operands must have the same shape
// SPDX-License-Identifier: MIT
// Without the down projection the FFN's output is [T, Dff], which cannot be added back to the residual [T, D].
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct d_other final : dim<4000> {};
struct tokens final : dim<dynamic> {};
using x = shape<tokens, d_model>;
using ffn = swiglu<d_model, d_ff>;
using h = elementwise_t<matmul_t<x, ffn::gate::math_shape>, matmul_t<x, ffn::up::math_shape>>;  // [T, Dff]
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using out = h;
#else
using out = matmul_t<h, ffn::down::math_shape>;
#endif
using residual = elementwise_t<x, out>;
static_assert(residual::rank == 2);
}  // namespace example

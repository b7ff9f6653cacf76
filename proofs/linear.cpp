// SPDX-License-Identifier: MIT
// Proofs about linear<In, Out, Bias>: both layouts explicit, parameter and FLOP counts.
#include <shapeproof/core/shape_concepts.hpp>
#include <shapeproof/variants/linear.hpp>

#include <type_traits>

namespace proofs_linear {
using namespace shapeproof;

struct tokens final : dim<dynamic> {};
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
using up = linear<d_model, d_ff>;
using up_b = linear<d_model, d_ff, true>;

// Layouts: math [In, Out] for y = x · W; PyTorch's storage [Out, In]
static_assert(std::is_same_v<up::math_shape, shape<d_model, d_ff>>);
static_assert(std::is_same_v<up::storage_shape, shape<d_ff, d_model>>);
static_assert(std::is_same_v<up_b::bias_shape, shape<d_ff>>);
static_assert(std::is_same_v<up::output_t<shape<tokens, d_model>>, shape<tokens, d_ff>>);
// The stored matrix cannot stand in for the math one (proofs/fail/pytorch_weight_not_transposed.cpp)
static_assert(!MatmulCompatible<shape<tokens, d_model>, up::storage_shape>);
static_assert(MatmulCompatible<shape<tokens, d_model>, up::math_shape>);

// Parameters: In·Out weights, plus Out biases
static_assert(up::params().value() == 4096 * 11008);
static_assert(up_b::params().value() == 4096 * 11008 + 11008);
static_assert(up::params().value() == size_v<up::math_shape> && up::params().value() == size_v<up::storage_shape>);
static_assert(up_b::params().value() == size_v<up_b::storage_shape> + size_v<up_b::bias_shape>);
// FLOPs: a multiply-add (two FLOPs) per weight and token
static_assert(up::matmul_flops_per_token().value() == 2 * up::params().value());
static_assert(up_b::matmul_flops_per_token() == up::matmul_flops_per_token());

// Linear
static_assert(Linear<up> && Linear<up_b> && !Linear<d_model> && !Linear<shape<d_model, d_ff>>);
static_assert(LinearFromTo<up, d_model, d_ff> && !LinearFromTo<up, d_ff, d_model>);
}  // namespace proofs_linear

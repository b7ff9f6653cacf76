// SPDX-License-Identifier: MIT
// The ratio of two counts of one kind is a plain number: 3·D·Dff / (2·D·Dff) = 1.5.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
using gated = swiglu<d_model, d_ff>;
using dense = relu_ffn<d_model, d_ff>;
constexpr double ratio = gated::params() / dense::params();
static_assert(ratio == 1.5);
constexpr double flops_ratio = gated::matmul_flops_per_token() / dense::matmul_flops_per_token();
static_assert(flops_ratio == 1.5);
}  // namespace mine

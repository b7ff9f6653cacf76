// EXPECT-ERROR: parameters, FLOPs and bytes never mix
// SPDX-License-Identifier: MIT
// "Is it compute- or memory-heavy?" asked by comparing parameters with FLOPs (rule 9).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
using ffn = swiglu<d_model, d_ff>;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
static_assert(ffn::params() < ffn::matmul_flops_per_token());
#else
static_assert(ffn::params().value() < ffn::matmul_flops_per_token().value());
#endif
}  // namespace example

// EXPECT-ERROR: parameters, FLOPs and bytes never mix
// SPDX-License-Identifier: MIT
// Parameters and FLOPs are different quantities: their sum means nothing (rule 9).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct d_other final : dim<4000> {};
using ffn = swiglu<d_model, d_ff>;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr auto total = ffn::params() + ffn::matmul_flops_per_token();
#else
constexpr auto total = ffn::params() + ffn::params();
#endif
static_assert(sizeof(total) > 0);
}  // namespace example

// EXPECT-ERROR: parameters, FLOPs and bytes never mix
// SPDX-License-Identifier: MIT
// The memory of an FFN asked of its FLOPs instead of its parameters (rule 9).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
using ffn = swiglu<d_model, d_ff>;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr cost::bytes weights = bytes_of<bf16>(ffn::matmul_flops_per_token());
#else
constexpr cost::bytes weights = bytes_of<bf16>(ffn::params());
#endif
static_assert(weights > 0_bytes);
}  // namespace example

// EXPECT-ERROR: parameters, FLOPs and bytes never mix
// SPDX-License-Identifier: MIT
// Bytes compared with FLOPs: an arithmetic-intensity slip (rule 9).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct d_other final : dim<4000> {};
using ffn = swiglu<d_model, d_ff>;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr bool bigger = bytes_of<bf16>(ffn::params()) > ffn::matmul_flops_per_token();
#else
constexpr bool bigger = bytes_of<bf16>(ffn::params()) > bytes_of<int8>(ffn::params());
#endif
static_assert(sizeof(bigger) > 0);
}  // namespace example

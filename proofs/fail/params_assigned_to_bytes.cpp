// EXPECT-ERROR: parameters, FLOPs and bytes never mix
// SPDX-License-Identifier: MIT
// Parameters times two bytes are not bytes until a dtype says so: bytes_of<bf16>(params) (rule 9).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr cost::bytes b = swiglu<d_model, d_ff>::params() * 2;
#else
constexpr cost::bytes b = bytes_of<bf16>(swiglu<d_model, d_ff>::params());
#endif
static_assert(b == 270'532'608_bytes);
}  // namespace example

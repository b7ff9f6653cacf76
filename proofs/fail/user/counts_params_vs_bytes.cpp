// EXPECT-ERROR: shapeproof rule 9: parameters, FLOPs and bytes never mix
// SPDX-License-Identifier: MIT
// The user checks a memory budget by comparing "params * 2" (bf16) with a byte count.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
using ffn = swiglu<d_model, d_ff>;
constexpr auto budget = 300'000'000_bytes;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
static_assert(ffn::params() * 2 <= budget);
#else
static_assert(bytes_of<bf16>(ffn::params()) <= budget);
#endif
}  // namespace mine

// EXPECT-ERROR: a parameter, FLOP or byte count must fit in 64 bits
// SPDX-License-Identifier: MIT
// A projection too large to count in 64 bits is an error, never a wrapped number (rule 9).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct d_other final : dim<4000> {};
struct d_huge final : dim<extent_t{1} << 32> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using proj = linear<d_huge, d_huge>;  // 2 * 2^32 * 2^32 FLOPs: 2^65
#else
using proj = linear<d_huge, d_model>;
#endif
static_assert(sizeof(proj) > 0);
}  // namespace example

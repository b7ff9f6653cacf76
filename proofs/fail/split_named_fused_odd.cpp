// EXPECT-ERROR: the parts of a split must add up to the fused dimension
// SPDX-License-Identifier: MIT
// A checkpoint's fused gate_up width of 22017 is not two halves of d_ff = 11008 (rule 5).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct d_other final : dim<4000> {};
struct tokens final : dim<dynamic> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
struct gate_up final : dim<22017> {};
#else
struct gate_up final : dim<22016> {};
#endif
using parts = split_t<1, shape<d_model, gate_up>, d_ff, d_ff>;
static_assert(std::tuple_size_v<parts> == 2);
}  // namespace example

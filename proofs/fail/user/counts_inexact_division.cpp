// EXPECT-ERROR: rule_9_a_count_divided_by_an_integer_must_divide_exactly
// MAX-LINES: 22 (clang++ notes each call between the line and the refusal, and each later use of the refused constant)
// CONSTANT-EXPRESSION
// SPDX-License-Identifier: MIT
// The user divides a dense FFN's 90,177,536 parameters by 3 ranks, which does not divide them.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
using ffn = relu_ffn<d_model, d_ff>;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr extent_t gpus = 3;
#else
constexpr extent_t gpus = 4;
#endif
constexpr auto per_gpu = ffn::params() / gpus;
static_assert(per_gpu.value() > 0);
}  // namespace mine

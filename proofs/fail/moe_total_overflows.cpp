// EXPECT-ERROR: a parameter, FLOP or byte count must fit in 64 bits
// SPDX-License-Identifier: MIT
// An MoE whose experts each fit in 64 bits but whose total does not (rule 9).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<extent_t{1} << 20> {};
struct d_ff final : dim<extent_t{1} << 20> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using layer = moe_ffn<swiglu<d_model, d_ff>, extent_t{1} << 30, 2>;  // 3 * 2^40 * 2^30 parameters
#else
using layer = moe_ffn<swiglu<d_model, d_ff>, extent_t{1} << 20, 2>;
#endif
static_assert(layer::params() > 0_params);
}  // namespace example

// EXPECT-ERROR: expert parallelism splits the experts over ep ranks, so ep must divide the experts
// SPDX-License-Identifier: MIT
// An MoE of 8 experts split over 3 expert-parallel ranks: some rank would hold a fraction of one (rule 11).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<14336> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using per_rank = expert_parallel<moe_ffn<swiglu<d_model, d_ff>, 8, 2>, 3>;
#else
using per_rank = expert_parallel<moe_ffn<swiglu<d_model, d_ff>, 8, 2>, 4>;
#endif
static_assert(per_rank::params_per_rank() > 0_params);
}  // namespace example

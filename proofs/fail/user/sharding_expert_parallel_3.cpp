// EXPECT-ERROR: shapeproof rule 11: expert parallelism splits the experts over ep ranks, so ep must divide the experts
// SPDX-License-Identifier: MIT
// The user splits Mixtral's 8 experts over 3 ranks and stores the per-rank count in a cost::params.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<14336> {};
using layer = moe_ffn<swiglu<d_model, d_ff>, 8, 2>;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using split = expert_parallel<layer, 3>;
#else
using split = expert_parallel<layer, 4>;
#endif
constexpr cost::params per_rank = split::params_per_rank();
static_assert(per_rank < layer::params());
}  // namespace mine

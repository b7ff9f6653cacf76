// EXPECT-ERROR: shapeproof rule 11: tensor_parallel splits a dense or gated FFN spec (expert_parallel splits an MoE)
// SPDX-License-Identifier: MIT
// The user tensor-splits the MoE layer itself instead of its expert FFN.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<14336> {};
using expert = swiglu<d_model, d_ff>;
using layer = moe_ffn<expert, 8, 2>;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using split = tensor_parallel<layer, 2>;
#else
using split = tensor_parallel<expert, 2>;
#endif
static_assert(split::params_per_rank() * 2 == expert::params());
}  // namespace mine

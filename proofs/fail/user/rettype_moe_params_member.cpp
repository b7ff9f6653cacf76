// EXPECT-ERROR: shapeproof rule 6: an MoE's top_k must be between 1 and its number of experts
// SPDX-License-Identifier: MIT
// A function returning cost::params gives the active parameters of an MoE that routes to 0 experts.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<14336> {};

#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr extent_t top_k = 0;
#else
constexpr extent_t top_k = 2;
#endif
constexpr cost::params active_per_layer() { return moe_ffn<swiglu<d_model, d_ff>, 8, top_k>::active_params(); }
static_assert(active_per_layer() > 0_params);
}  // namespace mine

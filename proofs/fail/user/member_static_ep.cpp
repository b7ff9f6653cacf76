// EXPECT-ERROR: shapeproof rule 11: expert parallelism splits the experts over ep ranks, so ep must divide the experts
// SPDX-License-Identifier: MIT
// A cluster struct splits 8 experts over a static ep member of 3 and checks the experts per rank.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<14336> {};

struct cluster {
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
  static constexpr extent_t ep = 3;
#else
  static constexpr extent_t ep = 2;
#endif
  using layer = moe_ffn<swiglu<d_model, d_ff>, 8, 2>;
  using split = expert_parallel<layer, ep>;
};
static_assert(cluster::split::experts_per_rank * cluster::ep == cluster::layer::experts);
static_assert(cluster::split::params_per_rank() < cluster::layer::params());
}  // namespace mine

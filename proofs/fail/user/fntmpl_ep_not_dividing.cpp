// EXPECT-ERROR: shapeproof rule 11: expert parallelism splits the experts over ep ranks, so ep must divide the experts
// MAX-LINES: 18 (clang++ adds a note, its source line and a caret for each level of the user's own templates and lambdas)
// MAX-WIDTH: 305 (a context line names the user's own template or lambda with its arguments, or a spec spelled out)
// SPDX-License-Identifier: MIT
// A function template computing each rank's experts is instantiated with ep = 3 for 8 experts.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<14336> {};
using layer = moe_ffn<swiglu<d_model, d_ff>, 8, 2>;

template<typename Moe, extent_t EP>
constexpr cost::params expert_weights_per_rank()
{
  return expert_parallel<Moe, EP>::params_per_rank();
}
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr auto per_rank = expert_weights_per_rank<layer, 3>();
#else
constexpr auto per_rank = expert_weights_per_rank<layer, 4>();
#endif
static_assert(per_rank < layer::params());
}  // namespace mine

// EXPECT-ERROR: shapeproof rule 11: tensor parallelism splits Dff over tp ranks, so tp must divide Dff
// SPDX-License-Identifier: MIT
// A deployment struct's static tp member is 3, which does not divide the FFN's Dff = 11008.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};

struct deployment {
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
  static constexpr extent_t tp = 3;
#else
  static constexpr extent_t tp = 2;
#endif
  using ffn = swiglu<d_model, d_ff>;
  using sharded = tensor_parallel<ffn, tp>;
  static constexpr auto per_rank = sharded::params_per_rank();
  static constexpr auto allreduce = sharded::allreduce_bytes_per_token<bf16>();
};
static_assert(deployment::per_rank * deployment::tp == deployment::ffn::params());
static_assert(deployment::allreduce == 8'192_bytes);
}  // namespace mine

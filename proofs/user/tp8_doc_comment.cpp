// SPDX-License-Identifier: MIT
// The doc comment of variants/parallel.hpp, verbatim: tensor_parallel<ffn, 8> and params_per_rank() == ffn::params() / 8.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<14336> {};
using ffn = swiglu<d_model, d_ff>;                       // 4096 -> 14336
using sharded = tensor_parallel<ffn, 8>;
static_assert(sharded::shard_dim::extent == 1792);
static_assert(sharded::params_per_rank() == ffn::params() / 8);
using moe_sharded = expert_parallel<moe_ffn<ffn, 8, 2>, 4>;  // two experts per rank
static_assert(moe_sharded::experts_per_rank == 2);
}  // namespace mine

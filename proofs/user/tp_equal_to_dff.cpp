// SPDX-License-Identifier: MIT
// A tensor-parallel degree equal to Dff: every rank holds one hidden unit (tensor_parallel<ffn, Dff>).
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<11008> {};
using ffn = swiglu<d_model, d_ff>;
using sharded = tensor_parallel<ffn, d_ff::extent>;
static_assert(sharded::shard_dim::extent == 1);
static_assert(sharded::params_per_rank() * d_ff::extent == ffn::params());
static_assert(sharded::params_per_rank() == 3 * 4096_params);
static_assert(sharded::allreduce_bytes_per_token<bf16>() == 8'192_bytes);
}  // namespace mine

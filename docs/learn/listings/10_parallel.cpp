// SPDX-License-Identifier: MIT
// Chapter 10: one FFN over several ranks (tensor and expert parallelism, rule 11).
#include <shapeproof/shapeproof.hpp>

namespace learn_10 {
using namespace shapeproof;
using namespace shapeproof::literals;
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<14336> {};
// BEGIN DOC
using ffn = swiglu<d_model, d_ff>;                  // 4096 -> 14336
using sharded = tensor_parallel<ffn, 8>;            // rule 11: 8 divides 14336
static_assert(sharded::shard_dim::extent == 1792);  // tp_shard<d_ff, 8>: a width of its own
// gate and up column-parallel, [d_model -> tp_shard<d_ff, 8>]; down row-parallel, back to d_model,
// then one all-reduce of a [T, d_model] row per token: 4096 floats
static_assert(sharded::params_per_rank() * 8 == ffn::params());
static_assert(sharded::allreduce_bytes_per_token<bf16>() == 8'192_bytes);
using experts = expert_parallel<moe_ffn<ffn, 8, 2>, 4>;  // two experts per rank; ep = 3: rule 11
// A whole model: heads, KV heads (split, or replicated when there are fewer than ranks: said,
// never guessed), every d_ff, the experts, the vocabulary rows
static_assert(models::sharded<presets::llama2_70b::config, 8>::counts.params == 8'623'235'072_params);
// END DOC
static_assert(experts::experts_per_rank == 2);
}  // namespace learn_10

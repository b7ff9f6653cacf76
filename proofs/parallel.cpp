// SPDX-License-Identifier: MIT
// Proofs of tensor and expert parallelism (rule 11): the per-rank FFN's shapes and counts, and
// what each rank of a real model holds and sends. Each number is derived in the comment beside it.
#include <shapeproof/models/presets.hpp>
#include <shapeproof/models/sharding.hpp>
#include <shapeproof/variants/parallel.hpp>

#include <type_traits>

namespace proofs_parallel {
using namespace shapeproof;
using namespace shapeproof::literals;

struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<14336> {};
using ffn = swiglu<d_model, d_ff>;

// --- an FFN over tp ranks: gate and up column-parallel, down row-parallel ------------------------
using tp8 = tensor_parallel<ffn, 8>;
static_assert(std::is_same_v<tp8::shard_dim, tp_shard<d_ff, 8>>);  // a dimension named for what it is
static_assert(tp8::shard_dim::extent == 1792);                     // 14336 / 8
static_assert(HiddenWidth<tp8::shard_dim>);                        // the role of the width it slices
static_assert(std::is_same_v<tp8::rank_spec::gate::math_shape, shape<d_model, tp_shard<d_ff, 8>>>);
static_assert(std::is_same_v<tp8::rank_spec::up::math_shape, shape<d_model, tp_shard<d_ff, 8>>>);
static_assert(std::is_same_v<tp8::rank_spec::down::math_shape, shape<tp_shard<d_ff, 8>, d_model>>);
static_assert(GatedFfn<tp8::rank_spec>);  // rules 1 to 3 hold for the slice: it returns to D
// No bias: the weights split evenly, and so do the FLOPs (the element-wise work is per hidden unit).
static_assert(tp8::params_per_rank() * 8 == ffn::params());
static_assert(tp8::params_per_rank() == 22'020'096_params);  // 3 · 4096 · 1792
static_assert(tp8::flops_per_token_per_rank() * 8 == ffn::flops_per_token());
static_assert(tp8::weight_bytes_per_rank<bf16>() == 44'040'192_bytes);
// One all-reduce of a [1, D] row per token: 4096 partial sums.
static_assert(tp8::allreduce_bytes_per_token<f32>() == 16'384_bytes);
static_assert(tp8::allreduce_bytes_per_token<bf16>() == 8'192_bytes);
static_assert(tensor_parallel<ffn, 1>::allreduce_bytes_per_token() == 0_bytes);
// With biases: up's splits with its outputs; down's is added once after the all-reduce, so every
// rank holds it: two ranks hold one more copy of its 4096 values than the whole.
using dense_biased = gelu_ffn<d_model, d_ff, true>;
static_assert(tensor_parallel<dense_biased, 2>::params_per_rank() * 2 == dense_biased::params() + 4096_params);
static_assert(DenseFfn<tensor_parallel<dense_biased, 2>::rank_spec>);

// --- an MoE's experts over ep ranks --------------------------------------------------------------
using mixtral_like = moe_ffn<ffn, 8, 2>;
using ep4 = expert_parallel<mixtral_like, 4>;
static_assert(ep4::experts_per_rank == 2);
static_assert(ep4::params_per_rank() == mixtral_like::router::params() + ffn::params() * 2);
// Each token's row goes to its 2 experts' ranks and comes back: 2 · 2 · 4096 bf16 values.
static_assert(ep4::alltoall_bytes_per_token<bf16>() == 32'768_bytes);
static_assert(expert_parallel<mixtral_like, 8>::experts_per_rank == 1);

// --- whole models --------------------------------------------------------------------------------
using models::kv_heads_policy;
using models::sharded;

// Llama-2-70B at tp = 8: 64 query heads and 8 KV heads split to 8 and 1 per rank; d_ff 28672 to
// 3584. Per rank: embedding and LM head 2 · 32000 · 8192 / 8 = 65,536,000; per layer q and o
// 2 · 8192 · 1024, k and v 2 · 8192 · 128, the FFN 3 · 8192 · 3584, two norms 2 · 8192 (held by
// every rank): 106,971,136, times 80; the final norm 8192. In all 8,623,235,072.
using llama70_tp8 = sharded<presets::llama2_70b::config, 8>;
static_assert(llama70_tp8::counts.heads == 8 && llama70_tp8::counts.kv_heads == 1);
static_assert(llama70_tp8::counts.d_ff == 3584);
static_assert(llama70_tp8::counts.params == 8'623'235'072_params);
static_assert(llama70_tp8::counts.total == 68'976'648'192_params);
// One all-reduce after the embedding, two per layer (attention, FFN): 161 rows of 8192.
static_assert(llama70_tp8::counts.allreduces_per_token == 161);
static_assert(llama70_tp8::counts.allreduce_bytes_per_token(dtype_info_of<bf16>) == 2'637'824_bytes);
// At tp = 16 its 8 KV heads do not split: replicated (said so), each rank holds one, two ranks each.
using llama70_tp16 = sharded<presets::llama2_70b::config, 16, 1, kv_heads_policy::replicated>;
static_assert(llama70_tp16::counts.kv_heads == 1 && llama70_tp16::counts.kv_heads_shared_by == 2);
static_assert(llama70_tp16::counts.params == 4'396'163'072_params);

// Mixtral-8x7B's experts split over ep = 2, 4 and 8 (not 3: proofs/fail/model_ep_experts_not_dividing.cpp).
static_assert(sharded<presets::mixtral_8x7b::config, 1, 2>::counts.experts == 4);
static_assert(sharded<presets::mixtral_8x7b::config, 1, 4>::counts.experts == 2);
// At ep = 8: everything but the experts on every rank (46,702,792,704 − 45,097,156,608 =
// 1,605,636,096) plus one eighth of the experts' 45,097,156,608 (32 layers · 8 · 3 · 4096 · 14336).
using mixtral_ep8 = sharded<presets::mixtral_8x7b::config, 1, 8>;
static_assert(mixtral_ep8::counts.experts == 1);
static_assert(mixtral_ep8::counts.params == 1'605'636'096_params + 5'637'144'576_params);  // 45,097,156,608 / 8
// Two rows per routed expert per MoE layer: 2 · 2 · 32 rows of 4096 bf16 values.
static_assert(mixtral_ep8::counts.alltoall_bytes_per_token(dtype_info_of<bf16>) == 1'048'576_bytes);

// Mixtral-8x22B: 140.6 B parameters (the model card's 141 B), 22.3 B per rank at ep = 8.
static_assert(models::count(presets::mixtral_8x22b::config).total == 140'630'071'296_params);
static_assert(sharded<presets::mixtral_8x22b::config, 1, 8>::counts.params == 22'250'035'200_params);

// The per-rank FFN of a preset, typed: Llama-2-70B's at tp = 8 is the rank's share of the model's.
static_assert(tensor_parallel<presets::llama2_70b::ffn, 8>::params_per_rank() * 80 * 8 ==
              models::count(presets::llama2_70b::config).ffn_params());
}  // namespace proofs_parallel

// SPDX-License-Identifier: MIT
// Proofs about mixture-of-experts layers (rule 6): total and active parameters, FLOPs with
// top_k experts active, shared experts, the router.
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace proofs_moe {
using namespace shapeproof;
using namespace shapeproof::literals;

struct tokens final : dim<dynamic> {};
struct d_model final : dim<4096> {};
struct d_ff final : dim<14336> {};
struct d_shared final : dim<2048> {};
using expert = swiglu<d_model, d_ff>;

// Mixtral's layer: 8 experts, 2 per token
using mixtral = moe_ffn<expert, 8, 2>;
static_assert(MoeFfn<mixtral> && FfnSpec<mixtral> && !GatedFfn<mixtral>);
static_assert(std::is_same_v<mixtral::router::storage_shape, shape<expert_logits<8>, d_model>>);  // [experts, D]
static_assert(mixtral::router::params() == 32'768_params);
static_assert(mixtral::params() == expert::params() * 8 + 32'768_params);
static_assert(mixtral::active_params() == expert::params() * 2 + 32'768_params);
static_assert(mixtral::matmul_flops_per_token() ==
              expert::matmul_flops_per_token() * 2 + mixtral::router::matmul_flops_per_token());
static_assert(std::is_same_v<ffn_output_t<mixtral, shape<tokens, d_model>>, shape<tokens, d_model>>);

// One expert, top_1: the expert plus a router of one logit
using single = moe_ffn<expert, 1, 1>;
static_assert(single::params() == single::active_params() && single::params() == expert::params() + 4'096_params);

// top_k = experts: every expert is active
static_assert(moe_ffn<expert, 4, 4>::active_params() == moe_ffn<expert, 4, 4>::params());

// Shared experts (DeepSeek-style): always active, counted in both totals
using with_shared = moe_ffn<expert, 64, 6, 2, false, swiglu<d_model, d_shared>>;
static_assert(with_shared::params() ==
              expert::params() * 64 + swiglu<d_model, d_shared>::params() * 2 + 4096 * 64 * 1_params);
static_assert(with_shared::active_params() ==
              expert::params() * 6 + swiglu<d_model, d_shared>::params() * 2 + 4096 * 64 * 1_params);

// A router with a bias
static_assert(moe_ffn<expert, 8, 2, 0, true>::router::params() == 32'776_params);

// Rule 6 without an error: the predicate behind the check
static_assert(rules::moe_top_k_must_be_between_1_and_experts<2, 8>::holds);
static_assert(!rules::moe_top_k_must_be_between_1_and_experts<0, 8>::holds);
static_assert(!rules::moe_top_k_must_be_between_1_and_experts<9, 8>::holds);
}  // namespace proofs_moe

// SPDX-License-Identifier: MIT
// An MoE whose shared expert has a hidden width of its own (Qwen-MoE style), same D; split over ep = 4.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<2048> {};
struct d_expert final : dim<1408> {};
struct d_shared final : dim<5632> {};
using layer = moe_ffn<swiglu<d_model, d_expert>, 60, 4, 1, false, swiglu<d_model, d_shared>>;
static_assert(layer::active_params() < layer::params());
static_assert(layer::params() == 60 * 3 * 2048 * 1408_params + 3 * 2048 * 5632_params + 2048 * 60_params);
using split = expert_parallel<layer, 4>;
static_assert(split::experts_per_rank == 15);
}  // namespace mine

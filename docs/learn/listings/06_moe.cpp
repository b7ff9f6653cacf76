// SPDX-License-Identifier: MIT
// Chapter 6: mixture of experts, total and active parameters.
#include <shapeproof/shapeproof.hpp>

namespace learn_06 {
using namespace shapeproof;
// BEGIN DOC
struct d_model final : dim<4096> {};
struct d_ff final : dim<14336> {};
using expert = swiglu<d_model, d_ff>;       // Mixtral-8x7B's expert
using layer = moe_ffn<expert, 8, 2>;        // 8 experts, each token routed to 2

// Total: the router (D -> 8) and all 8 experts. Active: the router and the 2 a token uses.
static_assert(layer::params() == 4096 * 8_params + 8 * expert::params());
static_assert(layer::active_params() == 4096 * 8_params + 2 * expert::params());
// FLOPs follow the active experts, not the total:
static_assert(layer::matmul_flops_per_token() == 2 * 4096 * 8_flops + 2 * expert::matmul_flops_per_token());

// The whole model: 46.7 B parameters, 12.9 B active per token (embedding and LM head counted).
static_assert(models::count(presets::mixtral_8x7b::config).total == 46'702'792'704_params);
static_assert(models::count(presets::mixtral_8x7b::config).active == 12'879'925'248_params);
// END DOC
}  // namespace learn_06

// SPDX-License-Identifier: MIT
// A solution of exercise 5: declare one MoE layer of Mixtral-8x7B: 8 SwiGLU experts of D = 4096, Dff = 14336,
// each token routed to 2 of them, so that its active count is the router and two experts.
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<14336> {};
using expert = swiglu<d_model, d_ff>;
using layer = moe_ffn<expert, 8, 2>;
static_assert(layer::active_params() == 4096 * 8_params + 2 * expert::params());
static_assert(layer::params() == 4096 * 8_params + 8 * expert::params());
}  // namespace exercise

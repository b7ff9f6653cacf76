// SPDX-License-Identifier: MIT
// A solution of exercises/05_mixtral_layer.cpp.
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace solution {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<14336> {};
using expert = swiglu<d_model, d_ff>;
using layer = moe_ffn<expert, 8, 2>;
static_assert(layer::active_params() == 4096 * 8_params + 2 * expert::params());
static_assert(layer::params() == 4096 * 8_params + 8 * expert::params());
}  // namespace solution

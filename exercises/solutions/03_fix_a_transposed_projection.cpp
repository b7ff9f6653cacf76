// SPDX-License-Identifier: MIT
// A solution of exercise 3: one projection below was copied in PyTorch's stored [out, in] layout. Find it (the
// error names the rule it breaks, and the dimensions) and fix it.
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : dim<2048> {};
struct d_ff final : dim<5632> {};
using gate_proj = linear<d_model, d_ff>;
using up_proj = linear<d_model, d_ff>;
using down_proj = linear<d_ff, d_model>;
using mlp = gated_ffn_of<act::silu, gate_proj, up_proj, down_proj>;
static_assert(mlp::params() == 3 * 2048 * 5632_params);
}  // namespace exercise

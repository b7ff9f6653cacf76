// EXPECT-ERROR: shapeproof rule 11: tensor parallelism splits a weight's static width, not the dynamic token axis
// SPDX-License-Identifier: MIT
// A tensor-parallel slice written by hand over the token axis instead of the hidden width (rule 11).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<14336> {};
struct tokens final : dim<dynamic> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using slice = tp_shard<tokens, 2>;
#else
using slice = tp_shard<d_ff, 2>;
#endif
using rank_ffn = gated_ffn_of<act::silu, linear<d_model, slice>, linear<d_model, slice>, linear<slice, d_model>>;
static_assert(rank_ffn::params() == 3 * 4096 * 7168_params);
}  // namespace example

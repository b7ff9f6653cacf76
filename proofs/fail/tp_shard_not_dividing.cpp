// EXPECT-ERROR: shapeproof rule 11: tensor parallelism splits Dff over tp ranks, so tp must divide Dff
// SPDX-License-Identifier: MIT
// A tensor-parallel slice written by hand, 14336 over 3 ranks (rule 11; it used to truncate to 4778).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<14336> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr extent_t tp = 3;
#else
constexpr extent_t tp = 4;
#endif
using slice = tp_shard<d_ff, tp>;
static_assert(slice::extent * tp == d_ff::extent);
using rank_ffn = gated_ffn_of<act::silu, linear<d_model, slice>, linear<d_model, slice>, linear<slice, d_model>>;
static_assert(rank_ffn::params() * tp == swiglu<d_model, d_ff>::params());
}  // namespace example

// EXPECT-ERROR: shapeproof rule 11: tensor parallelism splits Dff over tp ranks, so tp must divide Dff
// SPDX-License-Identifier: MIT
// The user hand-writes the per-rank FFN with tp_shard<d_ff, 3>, where 3 does not divide 11008.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<11008> {};
using ffn = swiglu<d_model, d_ff>;

#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr extent_t tp = 3;
#else
constexpr extent_t tp = 4;
#endif
using shard = tp_shard<d_ff, tp>;
using rank_ffn = gated_ffn_of<act::silu, linear<d_model, shard>, linear<d_model, shard>, linear<shard, d_model>>;
static_assert(rank_ffn::params() * tp == ffn::params());
}  // namespace mine

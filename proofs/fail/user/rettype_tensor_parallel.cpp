// EXPECT-ERROR: shapeproof rule 11: tensor parallelism splits Dff over tp ranks, so tp must divide Dff
// SPDX-License-Identifier: MIT
// A function with a trailing return type tensor_parallel<ffn, 3> returns the sharded spec; 3 does not divide 11008.
#include <shapeproof/shapeproof.hpp>

#include <concepts>

namespace mine {
using namespace shapeproof;
struct tokens final : dim<dynamic> {};
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
using ffn = swiglu<d_model, d_ff>;

#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
constexpr auto shard() -> tensor_parallel<ffn, 3> { return {}; }
#else
constexpr auto shard() -> tensor_parallel<ffn, 2> { return {}; }
#endif
using sharded = decltype(shard());
static_assert(std::same_as<ffn_output_t<sharded::rank_spec, shape<tokens, d_model>>, shape<tokens, d_model>>);
static_assert(sharded::params_per_rank() * sharded::ranks == ffn::params());
}  // namespace mine

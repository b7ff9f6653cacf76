// EXPECT-ERROR: shapeproof rule 11: tensor parallelism splits Dff over tp ranks, so tp must divide Dff
// SPDX-License-Identifier: MIT
// The user splits LLaMA-7B's FFN (Dff 11008) over 3 tensor-parallel ranks, then writes the usual follow-up checks.
#include <shapeproof/shapeproof.hpp>

#include <concepts>

namespace mine {
using namespace shapeproof;
struct tokens final : dim<dynamic> {};
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<11008> {};
using ffn = swiglu<d_model, d_ff>;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using sharded = tensor_parallel<ffn, 3>;
#else
using sharded = tensor_parallel<ffn, 4>;
#endif
static_assert(std::same_as<ffn_output_t<sharded::rank_spec, shape<tokens, d_model>>, shape<tokens, d_model>>);
static_assert(sharded::params_per_rank() * sharded::ranks == ffn::params());
static_assert(sharded::allreduce_bytes_per_token<bf16>() == 8'192_bytes);
}  // namespace mine

// EXPECT-ERROR: tensor parallelism splits Dff over tp ranks, so tp must divide Dff
// SPDX-License-Identifier: MIT
// Mistral's FFN (d_ff 14336 = 2^11 · 7) split over 3 tensor-parallel ranks: 14336 / 3 is no width (rule 11).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<14336> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using per_rank = tensor_parallel<swiglu<d_model, d_ff>, 3>;
#else
using per_rank = tensor_parallel<swiglu<d_model, d_ff>, 4>;
#endif
static_assert(per_rank::params_per_rank() > 0_params);
}  // namespace example

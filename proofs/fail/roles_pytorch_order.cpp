// EXPECT-ERROR: a dimension with a role must be used in that role
// SPDX-License-Identifier: MIT
// All three projections written in PyTorch's stored [out, in] order: a consistent FFN on d_ff, which roles refuse (rule 10).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<11008> {};
// nn.Linear(4096, 11008).weight.shape is [11008, 4096]: [d_ff, d_model].
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using mine = gated_ffn_of<act::silu, linear<d_ff, d_model>, linear<d_ff, d_model>, linear<d_model, d_ff>>;
#else
using mine = gated_ffn_of<act::silu, linear<d_model, d_ff>, linear<d_model, d_ff>, linear<d_ff, d_model>>;
#endif
static_assert(mine::params() == 135'266'304_params);
}  // namespace example

// EXPECT-ERROR: the down projection must map Dff -> D
// SPDX-License-Identifier: MIT
// A dense FFN only declared, never used, whose down projection reads another width (rule 2).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<768> {};
struct d_ff final : dim<3072> {};
struct d_other final : dim<2048> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using mine = dense_ffn_of<act::gelu_tanh, linear<d_model, d_ff, true>, linear<d_other, d_model, true>>;
#else
using mine = dense_ffn_of<act::gelu_tanh, linear<d_model, d_ff, true>, linear<d_ff, d_model, true>>;
#endif
}  // namespace example

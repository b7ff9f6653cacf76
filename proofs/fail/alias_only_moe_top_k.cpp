// EXPECT-ERROR: top_k must be between 1 and its number of experts
// SPDX-License-Identifier: MIT
// An MoE only declared, never used, with experts and top_k swapped (rule 6).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<14336> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using mixtral_layer = moe_ffn<swiglu<d_model, d_ff>, 2, 8>;
#else
using mixtral_layer = moe_ffn<swiglu<d_model, d_ff>, 8, 2>;
#endif
}  // namespace example

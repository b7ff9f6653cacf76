// EXPECT-ERROR: every expert of an MoE must have the same model width D, by name
// SPDX-License-Identifier: MIT
// A shared expert on another dimension of the same extent, 4096 vs 4096 (rule 6, by name).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct hidden_size final : dim<4096> {};
struct d_ff final : dim<1408> {};
struct d_shared final : dim<5632> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using shared = swiglu<hidden_size, d_shared>;
#else
using shared = swiglu<d_model, d_shared>;
#endif
using layer = moe_ffn<swiglu<d_model, d_ff>, 60, 4, 1, false, shared>;
}  // namespace example

// EXPECT-ERROR: shapeproof rule 6: every expert of an MoE must have the same model width D
// MAX-LINES: 18 (clang++ adds a note, its source line and a caret for each level of the user's own templates and lambdas)
// MAX-WIDTH: 338 (a context line names the user's own template or lambda with its arguments, or a spec spelled out)
// SPDX-License-Identifier: MIT
// A class template for a Qwen-MoE-style layer gets a shared expert built on another model width.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<2048> {};
struct d_other final : dim<2560> {};
struct d_expert final : dim<1408> {};
struct d_shared final : dim<5632> {};

template<typename Routed, typename Shared>
struct shared_moe_layer {
  using moe = moe_ffn<Routed, 60, 4, 1, false, Shared>;
  static constexpr auto active = moe::active_params();
  static constexpr auto total = moe::params();
};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using layer = shared_moe_layer<swiglu<d_model, d_expert>, swiglu<d_other, d_shared>>;
#else
using layer = shared_moe_layer<swiglu<d_model, d_expert>, swiglu<d_model, d_shared>>;
#endif
static_assert(layer::active < layer::total);
}  // namespace mine

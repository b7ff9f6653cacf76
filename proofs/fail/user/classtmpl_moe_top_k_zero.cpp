// EXPECT-ERROR: shapeproof rule 6: an MoE's top_k must be between 1 and its number of experts
// MAX-LINES: 18 (clang++ adds a note, its source line and a caret for each level of the user's own templates and lambdas)
// SPDX-License-Identifier: MIT
// A class template for a sparse layer is instantiated with top_k = 0.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<2048> {};
struct d_ff final : dim<768> {};

template<typename Expert, extent_t Experts, extent_t TopK>
struct sparse_block {
  using moe = moe_ffn<Expert, Experts, TopK>;
  static constexpr auto total = moe::params();
  static constexpr auto active = moe::active_params();
};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using block = sparse_block<swiglu<d_model, d_ff>, 128, 0>;
#else
using block = sparse_block<swiglu<d_model, d_ff>, 128, 8>;
#endif
static_assert(block::active <= block::total);
}  // namespace mine

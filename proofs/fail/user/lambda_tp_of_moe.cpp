// EXPECT-ERROR: shapeproof rule 11: tensor_parallel splits a dense or gated FFN spec
// MAX-LINES: 18 (clang++ adds a note, its source line and a caret for each level of the user's own templates and lambdas)
// MAX-WIDTH: 321 (a context line names the user's own template or lambda with its arguments, or a spec spelled out)
// SPDX-License-Identifier: MIT
// A generic lambda that tensor-splits "any FFN" is called with an MoE layer (whose experts expert_parallel splits).
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<14336> {};
using dense = swiglu<d_model, d_ff>;
using sparse = moe_ffn<dense, 8, 2>;

constexpr auto per_rank = [](auto tag) {
  using F = typename decltype(tag)::type;
  return tensor_parallel<F, 2>::params_per_rank();
};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
static_assert(per_rank(std::type_identity<sparse>{}) > 0_params);
#else
static_assert(per_rank(std::type_identity<dense>{}) > 0_params);
#endif
}  // namespace mine

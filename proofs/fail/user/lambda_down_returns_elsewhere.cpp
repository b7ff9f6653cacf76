// EXPECT-ERROR: shapeproof rule 3: an FFN's output width must equal its input width D
// MAX-LINES: 18 (clang++ adds a note, its source line and a caret for each level of the user's own templates and lambdas)
// SPDX-License-Identifier: MIT
// A generic lambda declares a dense FFN whose down projection returns to another width than D.
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<1024> {};
struct d_ff final : dim<4096> {};
struct d_vocab_proj final : dim<1000> {};

constexpr auto mlp_params = [](auto out_tag) {
  using Out = typename decltype(out_tag)::type;
  return dense_ffn_of<act::relu, linear<d_model, d_ff>, linear<d_ff, Out>>::params();
};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
static_assert(mlp_params(std::type_identity<d_vocab_proj>{}) == 8'388'608_params);
#else
static_assert(mlp_params(std::type_identity<d_model>{}) == 8'388'608_params);
#endif
}  // namespace mine

// EXPECT-ERROR: shapeproof rule 3: an FFN's output width must equal its input width D
// SPDX-License-Identifier: MIT
// The user's "residual-safe" concept is checked on an FFN whose down projection writes another width.
#include <shapeproof/shapeproof.hpp>

#include <concepts>

namespace mine {
using namespace shapeproof;
struct tokens final : dim<dynamic> {};
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct d_head_total final : dim<4000> {};

template<typename F>
concept residual_safe = std::same_as<ffn_output_t<F, shape<tokens, typename F::model_dim>>, shape<tokens, typename F::model_dim>>;

#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using mlp = gated_ffn_of<act::silu, linear<d_model, d_ff>, linear<d_model, d_ff>, linear<d_ff, d_head_total>>;
#else
using mlp = gated_ffn_of<act::silu, linear<d_model, d_ff>, linear<d_model, d_ff>, linear<d_ff, d_model>>;
#endif
static_assert(residual_safe<mlp>);
}  // namespace mine

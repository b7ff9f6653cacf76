// EXPECT-ERROR: shapeproof rule 6: an MoE's top_k must be between 1 and its number of experts
// SPDX-License-Identifier: MIT
// A user concept "sparse" is checked on an MoE whose top_k (9) exceeds its 8 experts.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<14336> {};

template<typename F>
concept sparse = MoeFfn<F> && (F::active_params() < F::params());

#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using layer = moe_ffn<swiglu<d_model, d_ff>, 8, 9>;
#else
using layer = moe_ffn<swiglu<d_model, d_ff>, 8, 2>;
#endif
static_assert(sparse<layer>);
}  // namespace mine

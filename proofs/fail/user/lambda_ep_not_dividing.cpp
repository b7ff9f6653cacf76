// EXPECT-ERROR: shapeproof rule 11: expert parallelism splits the experts over ep ranks, so ep must divide the experts
// MAX-LINES: 18 (clang++ adds a note, its source line and a caret for each level of the user's own templates and lambdas)
// SPDX-License-Identifier: MIT
// A generic lambda taking the ep degree as an integral_constant is called with ep = 3 for 8 experts.
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<14336> {};
using layer = moe_ffn<swiglu<d_model, d_ff>, 8, 2>;

constexpr auto experts_on_each = [](auto ep) { return expert_parallel<layer, decltype(ep)::value>::experts_per_rank; };
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using ep = std::integral_constant<extent_t, 3>;
#else
using ep = std::integral_constant<extent_t, 4>;
#endif
static_assert(experts_on_each(ep{}) * ep::value == layer::experts);
}  // namespace mine

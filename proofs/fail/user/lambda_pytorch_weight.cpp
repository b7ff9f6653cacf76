// EXPECT-ERROR: shapeproof rule 4: a matmul's inner dimensions must agree by name and extent
// MAX-LINES: 18 (clang++ adds a note, its source line and a caret for each level of the user's own templates and lambdas)
// SPDX-License-Identifier: MIT
// A generic lambda multiplies activations by a weight written in PyTorch's stored [out, in] order.
#include <shapeproof/shapeproof.hpp>

#include <concepts>

namespace mine {
using namespace shapeproof;
struct tokens final : dim<dynamic> {};
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};

#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using up_weight = shape<d_ff, d_model>;
#else
using up_weight = shape<d_model, d_ff>;
#endif
constexpr auto up = [](auto x) { return matmul_t<decltype(x), up_weight>{}; };
static_assert(std::same_as<decltype(up(shape<tokens, d_model>{})), shape<tokens, d_ff>>);
}  // namespace mine

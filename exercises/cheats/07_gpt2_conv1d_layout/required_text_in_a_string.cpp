// SPDX-License-Identifier: MIT
// CHEAT: the layout written by hand; what the grader requires put in a string
#include <shapeproof/shapeproof.hpp>

#include <string_view>
#include <tuple>
#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : dim<768> {};
struct d_ff final : dim<3072> {};
struct tokens final : dim<dynamic> {};
using c_proj = linear<d_ff, d_model, /*Bias=*/true>;  // mlp.c_proj: 3072 -> 768, with a bias
inline constexpr const char* note = "using in_checkpoint = c_proj::math_shape;";
using in_checkpoint = shape<d_ff, d_model>;
using out = matmul_t<shape<tokens, d_ff>, in_checkpoint>;
static_assert(in_checkpoint::extents[0] == 3072 && in_checkpoint::extents[1] == 768,
              "exercise 7: GPT-2's checkpoint holds mlp.c_proj.weight as [3072, 768]");
static_assert(std::is_same_v<out, shape<tokens, d_model>>);
}  // namespace exercise

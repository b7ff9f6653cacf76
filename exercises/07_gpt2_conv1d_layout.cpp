// EXPECT-ERROR: a matmul's inner dimensions must agree by name and extent
// SPDX-License-Identifier: MIT
// Exercise: GPT-2 small's checkpoint stores its FFN's down projection, mlp.c_proj.weight, as
// [3072, 768]. GPT-2 writes its projections as Conv1D, which keeps a weight [in, out], where
// nn.Linear keeps [out, in]. Say which of c_proj's two layouts the checkpoint holds, and multiply
// the hidden activations by the weight as the checkpoint holds it, with no transpose.
// Check your attempt: scripts/check_exercise.sh exercises/07_gpt2_conv1d_layout.cpp
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : dim<768> {};
struct d_ff final : dim<3072> {};
struct tokens final : dim<dynamic> {};
using c_proj = linear<d_ff, d_model, /*Bias=*/true>;  // mlp.c_proj: 3072 -> 768, with a bias
using in_checkpoint = c_proj::storage_shape;          // TODO: the layout Conv1D stores
using out = matmul_t<shape<tokens, d_ff>, in_checkpoint>;
static_assert(in_checkpoint::extents[0] == 3072 && in_checkpoint::extents[1] == 768,
              "exercise 7: GPT-2's checkpoint holds mlp.c_proj.weight as [3072, 768]");
static_assert(std::is_same_v<out, shape<tokens, d_model>>);
}  // namespace exercise

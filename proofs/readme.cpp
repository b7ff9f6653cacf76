// SPDX-License-Identifier: MIT
// The README's opening example. The lines between the markers are the README's code block,
// verbatim (tests/readme_sync checks it); compiling this file is the example's proof.
#include <shapeproof/shapeproof.hpp>

#include <concepts>

namespace readme {
using namespace shapeproof;
using namespace shapeproof::literals;
struct d_model final : dim<4096> {};            // LLaMA-7B's model width
struct d_ff final : dim<11008> {};              // and its FFN's hidden width
struct tokens final : dim<dynamic> {};          // the token axis, known at run time
// BEGIN README
static_assert(swiglu<d_model, d_ff>::params() == 135'266'304_params &&  // 3 · 4096 · 11008, and
              std::same_as<ffn_output_t<swiglu<d_model, d_ff>, shape<tokens, d_model>>, shape<tokens, d_model>>);

// The same FFN from three projections of your own, checked by the same rules:
using gate_proj = linear<d_model, d_ff>;                  // [D -> Dff]
using up_proj = linear<d_model, d_ff>;                    // [D -> Dff]
// using up_proj = linear<d_ff, d_model>;   // ❌ rule 1: the gate and up projections must have the same shape [D -> Dff]
using down_proj = linear<d_ff, d_model>;                  // [Dff -> D]
using mine = gated_ffn_of<act::silu, gate_proj, up_proj, down_proj>;
static_assert(mine::params() == swiglu<d_model, d_ff>::params());

// A dense FFN at 4·d has 8·d² parameters and 16·d² FLOPs per token ...
using dense = relu_ffn<d_model, scaled<d_model, 4>>;
static_assert(dense::params().value() == 8 * 4096 * 4096 && dense::matmul_flops_per_token().value() == 16 * 4096 * 4096);
// ... and LLaMA sizes SwiGLU's hidden width as 8/3·d, rounded down, then up to a multiple of 256:
static_assert(round_up_to_multiple<scaled<d_model, 8, 3, rounding::down>, 256>::extent == d_ff::extent);
// END README
}  // namespace readme

namespace readme_roles {
using namespace shapeproof;
// BEGIN README roles
struct d_model final : model_width<4096> {};  // says it is a model width D
struct d_ff final : hidden_width<11008> {};   // says it is a hidden width Dff
static_assert(swiglu<d_model, d_ff>::params() == 135'266'304_params);
// using ffn = swiglu<d_ff, d_model>;   // ❌ rule 10: a dimension with a role must be used in that role
// PyTorch's stored [out, in] order for all three is a consistent FFN on d_ff; roles refuse it too:
// using mine = gated_ffn_of<act::silu, linear<d_ff, d_model>, linear<d_ff, d_model>, linear<d_model, d_ff>>;   // ❌

// A width derived by a sizing rule can have a name of its own; its extent stays the rule's:
struct d_ff_dense final : scaled<d_model, 4> {};
static_assert(relu_ffn<d_model, d_ff_dense>::params() == 2 * 4096 * 16384_params);
// END README roles
}  // namespace readme_roles

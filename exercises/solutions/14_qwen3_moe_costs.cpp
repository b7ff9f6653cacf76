// SPDX-License-Identifier: MIT
// A solution of exercise 14: one MoE layer of Qwen3-30B-A3B (chapters 1b, 4, 6 and 7): 128 SwiGLU experts of
// D = 2048 and d_ff = 768, each token routed to 8 of them. Declare it on widths that say what
// they are, then give what it holds and what one token costs, each as the quantity it is: its
// total and active parameters, the matmul FLOPs of one token, the bytes all its weights take in
// bf16, and the bytes one token reads (the weights it uses, in bf16). A token's FLOPs and the
// bytes it reads come to the same number here; they are still not the same thing.
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : model_width<2048> {};
struct d_ff final : hidden_width<768> {};
using expert = swiglu<d_model, d_ff>;
using layer = moe_ffn<expert, 128, 8>;
constexpr cost::params total = layer::params();
constexpr cost::params active = layer::active_params();
constexpr cost::flops per_token = layer::matmul_flops_per_token();
constexpr cost::bytes held = bytes_of<bf16>(total);
constexpr cost::bytes read = bytes_of<bf16>(active);
static_assert(total == 604'241'920_params && active == 38'010'880_params);
static_assert(total == models::count(presets::qwen3_30b_a3b::config).layer.ffn);
static_assert(per_token == 76'021'760_flops);
static_assert(held == 1'208'483'840_bytes && read == 76'021'760_bytes);
// A token reads more than a sixteenth of the layer's weights, less than a fifteenth:
static_assert(15 * read < held && held < 16 * read);
}  // namespace exercise

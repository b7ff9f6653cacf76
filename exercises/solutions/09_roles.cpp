// SPDX-License-Identifier: MIT
// A solution of exercise 9: these widths say what they are. The FFN below is consistent, but on the wrong
// widths: make it LLaMA-7B's.
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<11008> {};
using ffn = swiglu<d_model, d_ff>;
static_assert(ffn::params() == 135'266'304_params);
}  // namespace exercise

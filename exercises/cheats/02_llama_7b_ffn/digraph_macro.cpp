// SPDX-License-Identifier: MIT
// CHEAT: the starter kept, every static_assert switched off by a macro spelled with a digraph
%:define static_assert(...) static_assert(true)
// EXPECT-ERROR: exercise 2: LLaMA-7B's FFN has 135,266,304 parameters
// Exercise: declare LLaMA-7B's FFN (D = 4096, Dff = 11008) so that its count is 135,266,304.
// Which family has three projections, and which activation does LLaMA gate with?
// Check your attempt: scripts/check_exercise.sh exercises/02_llama_7b_ffn.cpp
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
using ffn = relu_ffn<d_model, d_ff>;  // TODO
static_assert(ffn::params() == 135'266'304_params,
              "exercise 2: LLaMA-7B's FFN has 135,266,304 parameters = 3 * 4096 * 11008 (three projections)");
static_assert(ffn::name == "swiglu", "exercise 2: LLaMA gates with SiLU");
}  // namespace exercise

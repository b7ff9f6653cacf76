// SPDX-License-Identifier: MIT
// clang-format off (a directive is one line, however long)
// The grader's check of exercise 4 (scripts/check_exercise.sh), kept out of the starter: it
// includes the learner's file and asserts what the exercise asks for, not only the extent: d_ff is derived from d_model by Mistral's ratio.
// Its directives: KEEP, a check of the starter's that must stay as it was; FORBID and REQUIRE, patterns
// of the learner's code (comments aside), each with what the grader says when it fails.
// KEEP: static_assert(d_ff::extent == 14336);
// FORBID: dim<14336> — d_ff must be derived from d_model by the sizing rule, not written as 14336
#include SHAPEPROOF_EXERCISE_FILE

#include <shapeproof/shapeproof.hpp>

#include <string_view>
#include <type_traits>
#include <utility>

namespace exercise_check {
using namespace shapeproof;
namespace e = exercise;
// The ratio d_ff was scaled from d_model by, when it was (0 / 1 otherwise)
template<typename D, extent_t Num, extent_t Den, typename Rounding>
constexpr std::pair<extent_t, extent_t> ratio(const detail::scaled_dim<D, Num, Den, Rounding>*)
{
  static_assert(std::is_same_v<D, e::d_model>, "exercise 4: d_ff is scaled from d_model");
  return {Num, Den};
}
constexpr std::pair<extent_t, extent_t> ratio(const void*) { return {0, 1}; }
constexpr auto r = ratio(static_cast<const e::d_ff*>(nullptr));
static_assert(e::d_model::extent == 4096, "exercise 4: d_model stays 4096");
static_assert(r.first * 2 == r.second * 7,
              "exercise 4: Mistral's d_ff is d_model scaled by 7/2 (scaled<d_model, Num, Den> with Num/Den = 3.5)");
}  // namespace exercise_check

// SPDX-License-Identifier: MIT
// CHEAT: the ratio applied to another width of the same extent
// Exercise: Mistral-7B's hidden width is 14336 on D = 4096. Derive it from d_model with the
// sizing rule Mistral uses (not LLaMA's 8/3).
// Check your attempt: scripts/check_exercise.sh exercises/04_size_mistral.cpp
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct other final : dim<7168> {};
struct d_ff final : scaled<other, 2> {};
static_assert(d_ff::extent == 14336);
}  // namespace exercise

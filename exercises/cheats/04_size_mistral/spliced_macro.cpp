// SPDX-License-Identifier: MIT
// CHEAT: the starter kept, a macro spelled across a line continuation
#\
define static_assert(...) static_assert(true)
// EXPECT-ERROR: scaling a dimension by Num/Den must be exact, or say how it rounds
// Exercise: Mistral-7B's hidden width is 14336 on D = 4096. Derive it from d_model with the
// sizing rule Mistral uses (not LLaMA's 8/3).
// Check your attempt: scripts/check_exercise.sh exercises/04_size_mistral.cpp
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : scaled<d_model, 8, 3> {};  // TODO: the right ratio
static_assert(d_ff::extent == 14336);
}  // namespace exercise

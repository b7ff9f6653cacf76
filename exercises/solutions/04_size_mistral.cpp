// SPDX-License-Identifier: MIT
// A solution of exercise 4: Mistral-7B's hidden width is 14336 on D = 4096. Derive it from d_model with the
// sizing rule Mistral uses (not LLaMA's 8/3).
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : scaled<d_model, 7, 2> {};  // 3.5 · 4096
static_assert(d_ff::extent == 14336);
}  // namespace exercise

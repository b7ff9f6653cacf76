// SPDX-License-Identifier: MIT
// CHEAT: around the dtype with .value()
// Exercise: the memory of LLaMA-7B's FFN weights in bf16. Parameters become bytes only through
// a dtype.
// Check your attempt: scripts/check_exercise.sh exercises/08_memory_in_bf16.cpp
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
using ffn = swiglu<d_model, d_ff>;
constexpr cost::bytes weights = cost::bytes{ffn::params().value() * 2};
static_assert(weights == 270'532'608_bytes);
}  // namespace exercise

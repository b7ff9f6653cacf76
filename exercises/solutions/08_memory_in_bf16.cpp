// SPDX-License-Identifier: MIT
// A solution of exercise 8: the memory of LLaMA-7B's FFN weights in bf16. Parameters become bytes only through
// a dtype.
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
using ffn = swiglu<d_model, d_ff>;
constexpr cost::bytes weights = bytes_of<bf16>(ffn::params());
static_assert(weights == 270'532'608_bytes);
}  // namespace exercise

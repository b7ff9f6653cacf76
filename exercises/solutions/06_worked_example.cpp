// SPDX-License-Identifier: MIT
// A solution of exercises/06_worked_example.cpp.
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace solution {
using namespace shapeproof;
struct d4 final : dim<4> {};
struct d8 final : dim<8> {};
struct one_token final : dim<1> {};
using tiny = swiglu<d4, d8>;
using x = shape<one_token, d4>;
using gate_out = shape<one_token, d8>;
using up_out = shape<one_token, d8>;
using out = shape<one_token, d4>;
constexpr cost::params weights = 96_params;
static_assert(std::is_same_v<matmul_t<x, tiny::gate::math_shape>, gate_out> &&
              std::is_same_v<matmul_t<x, tiny::up::math_shape>, up_out>);
static_assert(std::is_same_v<ffn_output_t<tiny, x>, out>);
static_assert(tiny::params() == weights);
// and the value: silu(g) * u for each hidden element, as the exercise computes it
static_assert(tiny::hidden(1.0, 1.0) == act::silu::apply(1.0));
}  // namespace solution

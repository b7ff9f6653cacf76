// SPDX-License-Identifier: MIT
// CHEAT: every answer taken from the library instead of worked out
// Exercise: the SwiGLU exercise's worked example, D = 4 and d_ff = 8, on one token: write the
// shape of each step (gate, up, output) and the parameter count yourself, and let the compiler
// check them.
// Check your attempt: scripts/check_exercise.sh exercises/06_worked_example.cpp
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d4 final : dim<4> {};
struct d8 final : dim<8> {};
struct one_token final : dim<1> {};
using tiny = swiglu<d4, d8>;
using x = shape<one_token, d4>;
using gate_out = shape<one_token, d4>;      // TODO: the shape of x · gate
using up_out = shape<one_token, d4>;        // TODO: the shape of x · up
using out = shape<one_token, d8>;           // TODO: the shape of the FFN's output
constexpr cost::params weights = tiny::params();
static_assert(std::is_same_v<matmul_t<x, tiny::gate::math_shape>, gate_out> &&
                  std::is_same_v<matmul_t<x, tiny::up::math_shape>, up_out>,
              "exercise 6: the worked example: gate and up map [1, 4] to [1, 8]");
static_assert(std::is_same_v<ffn_output_t<tiny, x>, out>, "exercise 6: the worked example: the output has x's shape");
static_assert(tiny::params() == weights, "exercise 6: the worked example: 3 * 4 * 8 weights");
}  // namespace exercise

// SPDX-License-Identifier: MIT
// Proofs about the activations, with the values FFN teaching material quotes.
#include <shapeproof/variants/activation.hpp>

namespace proofs_activation {
using namespace shapeproof;

constexpr bool near(double a, double b, double tol) { return a - b < tol && b - a < tol; }

static_assert(Activation<act::relu> && Activation<act::gelu> && Activation<act::gelu_tanh> && Activation<act::silu> &&
              Activation<act::sigmoid> && Activation<act::identity> && !Activation<int>);

// SiLU: silu(0) = 0, silu(-3) ≈ -0.142, silu(3) ≈ 2.857, silu(large) ≈ x
static_assert(act::silu::apply(0.0) == 0.0);
static_assert(near(act::silu::apply(-3.0), -0.142, 1e-3));  // -0.14228...
static_assert(near(act::silu::apply(3.0), 2.857, 1e-3));    // 2.85772...
static_assert(near(act::silu::apply(30.0), 30.0, 1e-9));
static_assert(near(act::silu::apply(-1.0), -0.27, 5e-3));  // "SiLU(-1) ≈ -0.27: keeps some negative info"
// Its minimum ≈ -0.2785 near x ≈ -1.278: below both neighbours, and the value there
static_assert(near(act::silu::apply(-1.278), -0.2785, 1e-4));
static_assert(act::silu::apply(-1.278) < act::silu::apply(-1.27) && act::silu::apply(-1.278) < act::silu::apply(-1.29));
// ... and the teaching material's range of the gate stream, (-0.28, +inf): no value on a grid goes below the minimum
static_assert([] {
  for (int i = -2000; i <= 2000; ++i)
    if (act::silu::apply(i / 100.0) < -0.2785) return false;
  return true;
}());

// The others
static_assert(act::relu::apply(-2.0) == 0.0 && act::relu::apply(2.5) == 2.5);
static_assert(act::sigmoid::apply(0.0) == 0.5 && near(act::sigmoid::apply(2.0), 0.8807970779778823, 1e-12));
static_assert(act::gelu::apply(0.0) == 0.0 && near(act::gelu::apply(1.0), 0.8413447460685429, 1e-12));
static_assert(near(act::gelu_tanh::apply(1.0), 0.8411919906082768, 1e-12));
// The tanh GELU approximates the exact one to within 1e-3 over [-6, 6]
static_assert([] {
  for (int i = -600; i <= 600; ++i)
    if (!near(act::gelu::apply(i / 100.0), act::gelu_tanh::apply(i / 100.0), 1e-3)) return false;
  return true;
}());
static_assert(act::identity::apply(-1.5) == -1.5);
}  // namespace proofs_activation

// SPDX-License-Identifier: MIT
#pragma once

// Constant-expression exp, tanh and erf, so that activations can be evaluated in proofs.
// Accurate to about 1e-15 relative over the range proofs use; not meant for the runtime.

namespace shapeproof::detail {

constexpr double cexp(double x)
{
  if (x < 0) return 1.0 / cexp(-x);
  // exp(x) = exp(x / 2^k)^(2^k) with x / 2^k < 0.5, then a Taylor series.
  int k = 0;
  while (x > 0.5) {
    x /= 2;
    ++k;
  }
  double term = 1, sum = 1;
  for (int n = 1; n < 30; ++n) {
    term *= x / n;
    sum += term;
  }
  while (k-- > 0) sum *= sum;
  return sum;
}

constexpr double ctanh(double x)
{
  if (x > 20) return 1;
  if (x < -20) return -1;
  const double e2 = cexp(2 * x);
  return (e2 - 1) / (e2 + 1);
}

constexpr double cerf(double x)
{
  if (x < 0) return -cerf(-x);
  if (x > 6) return 1;
  // Maclaurin series: erf(x) = 2/sqrt(pi) · sum (-1)^n x^(2n+1) / (n! (2n+1)); converges for all x,
  // with enough terms for x <= 6.
  constexpr double two_over_sqrt_pi = 1.1283791670955126;
  double term = x, sum = x;
  for (int n = 1; n < 200; ++n) {
    term *= -x * x / n;
    sum += term / (2 * n + 1);
  }
  return two_over_sqrt_pi * sum;
}

}  // namespace shapeproof::detail

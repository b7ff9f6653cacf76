// SPDX-License-Identifier: MIT
#pragma once
// A plain float64 reference for every variant, written from the formulas and independent of the
// library's runtime: loops over std::vector<double>, std:: math functions.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <string_view>
#include <vector>

namespace reference {

using matrix = std::vector<double>;  // row-major

inline double activate(std::string_view act, double v)
{
  if (act == "relu") return v > 0 ? v : 0;
  if (act == "gelu") return 0.5 * v * (1 + std::erf(v / std::sqrt(2.0)));
  if (act == "gelu_tanh") return 0.5 * v * (1 + std::tanh(std::sqrt(2 / M_PI) * (v + 0.044715 * v * v * v)));
  if (act == "sigmoid") return 1 / (1 + std::exp(-v));
  if (act == "silu") return v / (1 + std::exp(-v));
  return v;  // identity
}

// x[rows, in] · W[out, in]ᵀ + b
inline matrix linear(const matrix& x, std::size_t rows, std::size_t in, const std::vector<float>& w, std::size_t out,
                     const std::vector<float>& b)
{
  matrix y(rows * out, 0.0);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t o = 0; o < out; ++o) {
      double s = b.empty() ? 0.0 : b[o];
      for (std::size_t i = 0; i < in; ++i) s += x[r * in + i] * static_cast<double>(w[o * in + i]);
      y[r * out + o] = s;
    }
  return y;
}

struct ffn {
  std::string_view activation;
  bool gated = false;
  std::size_t d = 0, dff = 0;
  std::vector<float> gate_w, gate_b, up_w, up_b, down_w, down_b;

  matrix operator()(const matrix& x, std::size_t rows) const
  {
    matrix h = linear(x, rows, d, up_w, dff, up_b);
    if (gated) {
      const matrix g = linear(x, rows, d, gate_w, dff, gate_b);
      for (std::size_t i = 0; i < h.size(); ++i) h[i] = activate(activation, g[i]) * h[i];
    } else {
      for (auto& v : h) v = activate(activation, v);
    }
    return linear(h, rows, dff, down_w, d, down_b);
  }
};

struct moe {
  std::vector<ffn> experts;
  std::vector<ffn> shared;
  std::vector<float> router_w, router_b;
  std::size_t top_k = 1;

  matrix operator()(const matrix& x, std::size_t rows, std::size_t d) const
  {
    const std::size_t n = experts.size();
    const matrix logits = linear(x, rows, d, router_w, n, router_b);
    matrix y(rows * d, 0.0);
    for (std::size_t t = 0; t < rows; ++t) {
      std::vector<double> p(logits.begin() + static_cast<std::ptrdiff_t>(t * n),
                            logits.begin() + static_cast<std::ptrdiff_t>((t + 1) * n));
      const double m = *std::max_element(p.begin(), p.end());
      double sum = 0;
      for (auto& v : p) sum += (v = std::exp(v - m));
      for (auto& v : p) v /= sum;
      std::vector<std::size_t> order(n);
      std::iota(order.begin(), order.end(), std::size_t{0});
      std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return p[a] > p[b]; });
      double top = 0;
      for (std::size_t i = 0; i < top_k; ++i) top += p[order[i]];
      const matrix row(x.begin() + static_cast<std::ptrdiff_t>(t * d),
                       x.begin() + static_cast<std::ptrdiff_t>((t + 1) * d));
      for (std::size_t i = 0; i < top_k; ++i) {
        const matrix out = experts[order[i]](row, 1);
        for (std::size_t j = 0; j < d; ++j) y[t * d + j] += p[order[i]] / top * out[j];
      }
      for (const auto& s : shared) {
        const matrix out = s(row, 1);
        for (std::size_t j = 0; j < d; ++j) y[t * d + j] += out[j];
      }
    }
    return y;
  }
};

}  // namespace reference

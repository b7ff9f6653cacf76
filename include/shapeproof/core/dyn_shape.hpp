// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief Shapes known only at run time (from a `config.json` or a checkpoint's header), checked by
 * the same rules as the compile-time ones, with the same phrases.
 *
 * A `dyn_shape` is a list of named extents. Its operations mirror core/shape.hpp and throw
 * `shape_error` whose message states the rule and names the dimensions with their extents.
 * `to_dyn_shape<S>()` turns a compile-time shape into one, so both can be compared.
 */

#include <shapeproof/core/dim.hpp>
#include <shapeproof/core/dim_name.hpp>
#include <shapeproof/core/rules.hpp>
#include <shapeproof/core/shape.hpp>

#include <cstddef>
#include <ostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace shapeproof {

/// A named extent known at run time.
struct dyn_dim {
  std::string name;
  extent_t extent = 0;

  friend bool operator==(const dyn_dim&, const dyn_dim&) = default;
};

/// A shape known at run time.
using dyn_shape = std::vector<dyn_dim>;

/// A broken shape rule found at run time.
class shape_error : public std::logic_error {
public:
  using std::logic_error::logic_error;
};

/// `d_model (4096)`, `tokens (dynamic)`.
inline std::string to_string(const dyn_dim& d)
{
  return d.name + " (" + (d.extent == dynamic ? std::string("dynamic") : std::to_string(d.extent)) + ")";
}

/// `[tokens (dynamic), d_model (4096)]`.
inline std::string to_string(const dyn_shape& s)
{
  std::string out = "[";
  for (std::size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + to_string(s[i]);
  return out + "]";
}

inline std::ostream& operator<<(std::ostream& os, const dyn_dim& d) { return os << to_string(d); }

/// The run-time twin of a compile-time shape.
template<Shape S>
dyn_shape to_dyn_shape()
{
  return [&]<std::size_t... I>(std::index_sequence<I...>)
  {
    return dyn_shape{dyn_dim{dim_name<dim_at_t<S, I>>(), dim_at_t<S, I>::extent}...};
  }
  (std::make_index_sequence<S::rank>{});
}

/// The number of elements of a shape whose extents are all known.
inline extent_t size_of(const dyn_shape& s)
{
  extent_t n = 1;
  for (const auto& d : s) {
    if (d.extent == dynamic) throw shape_error("shapeproof: size_of: " + to_string(s) + " has a dynamic dimension");
    n *= d.extent;
  }
  return n;
}

/// `a · b`: `[..., K] x [K, N] -> [..., N]` (rule 4: K agrees by name and extent).
inline dyn_shape matmul(const dyn_shape& a, const dyn_shape& b)
{
  if (a.empty() || b.size() != 2)
    throw shape_error("shapeproof: matmul: A must have rank >= 1 and B must be a weight [In, Out]; got " +
                      to_string(a) + " x " + to_string(b));
  if (a.back() != b.front())
    throw shape_error(std::string(SHAPEPROOF_RULE_4_MESSAGE) + ": " + to_string(a.back()) + " vs " +
                      to_string(b.front()) + " in " + to_string(a) + " x " + to_string(b));
  dyn_shape out(a.begin(), a.end() - 1);
  out.push_back(b.back());
  return out;
}

/// An element-wise operation's shape: both operands' shape.
inline dyn_shape elementwise(const dyn_shape& a, const dyn_shape& b)
{
  if (a != b)
    throw shape_error(std::string(SHAPEPROOF_ELEMENTWISE_MESSAGE) + ": " + to_string(a) + " vs " + to_string(b));
  return a;
}

/// `a` and `b` concatenated along `axis`; the axis is named `cat<a, b>`, as `concat_t` does.
inline dyn_shape concat(std::size_t axis, const dyn_shape& a, const dyn_shape& b)
{
  bool agree = a.size() == b.size() && axis < a.size();
  for (std::size_t i = 0; agree && i < a.size(); ++i) agree = i == axis || a[i] == b[i];
  if (!agree)
    throw shape_error(std::string(SHAPEPROOF_CONCAT_MESSAGE) + ": " + to_string(a) + " and " + to_string(b) +
                      " along axis " + std::to_string(axis));
  dyn_shape out = a;
  const bool any_dynamic = a[axis].extent == dynamic || b[axis].extent == dynamic;
  out[axis] = {"cat<" + a[axis].name + ", " + b[axis].name + ">",
               any_dynamic ? dynamic : a[axis].extent + b[axis].extent};
  return out;
}

/// `s` split along `axis` into `parts` (rule 5: they add up to the fused extent).
inline std::vector<dyn_shape> split(std::size_t axis, const dyn_shape& s, const std::vector<dyn_dim>& parts)
{
  if (axis >= s.size() || parts.empty())
    throw shape_error("shapeproof: split: axis " + std::to_string(axis) + " is not within " + to_string(s));
  extent_t sum = 0;
  for (const auto& p : parts) sum += p.extent;
  if (sum != s[axis].extent) {
    std::string names;
    for (const auto& p : parts) names += (names.empty() ? "" : " + ") + to_string(p);
    throw shape_error(std::string(SHAPEPROOF_RULE_5_MESSAGE) + ": " + to_string(s[axis]) + " is not " + names + " = " +
                      std::to_string(sum));
  }
  std::vector<dyn_shape> out;
  for (const auto& p : parts) {
    dyn_shape piece = s;
    piece[axis] = p;
    out.push_back(std::move(piece));
  }
  return out;
}

}  // namespace shapeproof

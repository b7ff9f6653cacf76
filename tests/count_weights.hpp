// SPDX-License-Identifier: MIT
#pragma once
// Counting weight elements one by one: the brute-force reference for parameter formulas.
#include <shapeproof/core/dyn_shape.hpp>

#include <cstdint>

namespace test {

/// Visits every index of `s` and counts the visits (no multiplication involved).
inline std::int64_t count_elements(const shapeproof::dyn_shape& s)
{
  std::int64_t count = 0;
  std::vector<std::int64_t> index(s.size(), 0);
  if (s.empty()) return 1;
  while (true) {
    ++count;
    std::size_t axis = s.size();
    while (axis > 0) {
      --axis;
      if (++index[axis] < s[axis].extent) break;
      index[axis] = 0;
      if (axis == 0) return count;
    }
  }
}

/// The weights of a projection stored as PyTorch does, counted element by element.
template<typename Linear>
std::int64_t count_linear()
{
  std::int64_t n = count_elements(shapeproof::to_dyn_shape<typename Linear::storage_shape>());
  if constexpr (Linear::has_bias) n += count_elements(shapeproof::to_dyn_shape<typename Linear::bias_shape>());
  return n;
}

}  // namespace test

// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string_view>

namespace shapeproof::detail {

/// SplitMix64's finaliser: a counter-based generator's step, usable in constant expressions.
constexpr std::uint64_t splitmix64(std::uint64_t x)
{
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

/// A stable number for a tensor's name, to pick its stream of values (FNV-1a).
constexpr std::uint64_t stream_of(std::string_view name)
{
  std::uint64_t h = 1469598103934665603ULL;
  for (const char c : name) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h;
}

/// Element `i` of stream `stream` under `seed`, uniform in [-bound, bound): the same bits on every
/// machine, and any element without the others. Every synthetic value shapeproof makes (the
/// runtime's weights and inputs, `synth`'s checkpoints) comes from here.
constexpr float uniform(std::uint64_t seed, std::uint64_t stream, std::uint64_t i, float bound)
{
  const std::uint64_t r = splitmix64(splitmix64(seed ^ splitmix64(stream)) + i);
  const float unit = static_cast<float>(r >> 40) * 0x1.0p-24f;  // [0, 1), 24 bits
  return (2.0f * unit - 1.0f) * bound;
}

}  // namespace shapeproof::detail

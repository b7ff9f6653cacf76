// SPDX-License-Identifier: MIT
#pragma once
// Writes .npy files' bytes for the tests, from NumPy's description of the format (independently of
// the reader and the writer under test): any header text, any data, any version.

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

namespace shapeproof::test {

/// An .npy file of version `major`: the magic, the version, the header's length, `header` as given
/// (padded with spaces and a newline to a multiple of 64 bytes, as NumPy writes it), then `data`.
inline std::string npy_file_bytes(std::string header, const std::string& data, int major = 1)
{
  const std::size_t prefix = major == 1 ? 10 : 12;
  while ((prefix + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string out = "\x93NUMPY";
  out += static_cast<char>(major);
  out += '\0';
  for (std::size_t i = 0; i < prefix - 8; ++i) out += static_cast<char>((header.size() >> (8 * i)) & 0xFFu);
  return out + header + data;
}

/// `values` as float32 bytes, little-endian (or big-endian).
inline std::string f32_bytes(const std::vector<float>& values, bool big_endian = false)
{
  std::string out;
  for (const float v : values) {
    const auto u = std::bit_cast<std::uint32_t>(v);
    for (int i = 0; i < 4; ++i) out += static_cast<char>((u >> (8 * (big_endian ? 3 - i : i))) & 0xFFu);
  }
  return out;
}

}  // namespace shapeproof::test

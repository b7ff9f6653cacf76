// SPDX-License-Identifier: MIT
// libFuzzer target: any bytes as a float32 .npy file. A finding is a crash, a sanitizer report, an
// exception other than the documented npy_error, or an array whose values are not its shape's.
#include <shapeproof/io/npy.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    const auto a = shapeproof::io::parse_npy_f32("fuzz", bytes);
    std::uint64_t count = 1;
    for (const auto e : a.shape) count *= e;
    // An array read holds exactly its shape's values, and they came from the bytes given
    if (a.values.size() != count || count * 4 > size) __builtin_trap();
  } catch (const shapeproof::io::npy_error&) {
  }
  return 0;
}

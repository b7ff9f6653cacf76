// SPDX-License-Identifier: MIT
// libFuzzer target: any bytes as a .safetensors file. A finding is a crash, a sanitizer report, or
// an exception other than the documented safetensors_error.
#include <shapeproof/io/safetensors.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    const auto f = shapeproof::io::safetensors_file::from_bytes("fuzz", bytes);
    // Whatever a valid header claims must lie within the bytes.
    for (const auto& t : f.tensors())
      if (t.begin < 0 || t.end < t.begin || static_cast<std::size_t>(t.end) > size) __builtin_trap();
  } catch (const shapeproof::io::safetensors_error&) {
  }
  return 0;
}

// SPDX-License-Identifier: MIT
// libFuzzer target: any bytes as a .gguf file, its header and then each tensor's data read as f32
// (dequantized when quantized). A finding is a crash, a sanitizer report, an allocation beyond the
// limit, or an exception other than the documented gguf_error.
#include <shapeproof/io/gguf.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    const auto f = shapeproof::io::gguf_file::from_bytes("fuzz", bytes);
    // Whatever a valid header claims must lie within the bytes, in 1 to 4 positive dimensions.
    for (const auto& t : f.tensors()) {
      if (t.begin < 0 || t.end <= t.begin || static_cast<std::size_t>(t.end) > size) __builtin_trap();
      if (t.shape.empty() || t.shape.size() > 4) __builtin_trap();
      for (const auto e : t.shape)
        if (e < 1) __builtin_trap();
    }
    if (f.alignment() == 0 || (f.alignment() & (f.alignment() - 1)) != 0) __builtin_trap();
    // Every tensor's data, as f32: one value per element, or an error naming its type
    for (const auto& t : f.tensors()) {
      try {
        std::int64_t n = 1;
        for (const auto e : t.shape) n *= e;
        if (n > (std::int64_t{1} << 24)) continue;  // within the bytes, but more floats than a fuzz run should allocate
        if (f.read_f32(t).size() != static_cast<std::size_t>(n)) __builtin_trap();
      } catch (const shapeproof::io::gguf_error&) {
      }
    }
  } catch (const shapeproof::io::gguf_error&) {
  }
  return 0;
}

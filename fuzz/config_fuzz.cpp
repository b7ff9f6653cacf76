// SPDX-License-Identifier: MIT
// libFuzzer target: any bytes as a config.json, read and counted. A finding is a crash, a
// sanitizer report, or an exception other than the documented ones.
#include <shapeproof/io/hf_config.hpp>
#include <shapeproof/models/model.hpp>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto r = shapeproof::io::parse_hf_config(text, "fuzz");
    const auto m = shapeproof::models::count(r.config);
    if (m.total.value() < 0) __builtin_trap();
  } catch (const shapeproof::io::config_read_error&) {
  } catch (const shapeproof::models::config_error&) {
  } catch (const std::overflow_error&) {  // a count beyond 64 bits is refused, not wrapped
  }
  return 0;
}

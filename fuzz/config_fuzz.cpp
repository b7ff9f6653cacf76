// SPDX-License-Identifier: MIT
// libFuzzer target: any bytes as a config.json, read, counted, and its tensors listed (in Hugging
// Face's names and in GGUF's). A finding is a crash, a sanitizer report, an exception other than
// the documented ones, or a tensor list whose elements do not add up to the count.
#include <shapeproof/io/hf_config.hpp>
#include <shapeproof/io/model_tensors.hpp>
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
    // The lists `check` compares a checkpoint with, for configs small enough to list quickly
    if (shapeproof::io::expected_tensor_bound(r.config) <= 20'000) {
      for (const auto& list : {shapeproof::io::expected_tensors(r), shapeproof::io::expected_gguf_tensors(r)}) {
        if (list.empty()) continue;
        std::int64_t elements = 0;
        for (const auto& t : list) {
          if (t.optional) continue;
          std::int64_t n = 1;
          for (const auto& d : t.shape) n *= d.extent;
          elements += n;
        }
        if (elements != m.total.value()) __builtin_trap();
      }
    }
  } catch (const shapeproof::io::config_read_error&) {
  } catch (const shapeproof::models::config_error&) {
  } catch (const std::overflow_error&) {  // a count beyond 64 bits is refused, not wrapped
  }
  return 0;
}

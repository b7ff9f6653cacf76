// SPDX-License-Identifier: MIT
#pragma once
// Writes small GGUF files for the tests: key-values, tensor infos (shapes given in PyTorch's
// order, written innermost first as the format has them) and their data (zeros unless given). Written from the format's
// description, independently of the reader.

#include <shapeproof/io/model_tensors.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace shapeproof::test {

struct gguf_tensor {
  std::string name;
  std::vector<std::uint64_t> shape;  ///< PyTorch's order
  std::uint32_t type = 0;            ///< F32
  std::string data = {};             ///< the tensor's bytes; zeros when empty
};

/// The bytes of `n` values of ggml type `type`: F32, F16, BF16, and the blocks of Q4_0 (32 values
/// in 18 bytes), Q8_0 (32 in 34), Q4_K (256 in 144), Q5_K (256 in 176) and Q6_K (256 in 210).
inline std::uint64_t gguf_type_bytes(std::uint32_t type, std::uint64_t n)
{
  switch (type) {
    case 1:
    case 30:
      return 2 * n;
    case 2:
      return n / 32 * 18;
    case 8:
      return n / 32 * 34;
    case 12:
      return n / 256 * 144;
    case 13:
      return n / 256 * 176;
    case 14:
      return n / 256 * 210;
    default:
      return 4 * n;
  }
}

using gguf_kv_value = std::variant<std::uint32_t, std::uint64_t, std::string, std::vector<std::string>>;
struct gguf_kv {
  std::string key;
  gguf_kv_value value;
};

class gguf_bytes {
public:
  void u8(std::uint8_t v) { out.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v)
  {
    for (int i = 0; i < 4; ++i) u8(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void u64(std::uint64_t v)
  {
    for (int i = 0; i < 8; ++i) u8(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void str(const std::string& s)
  {
    u64(s.size());
    out += s;
  }
  std::string out;
};

/// The bytes of a GGUF file (version 3, alignment 32) holding `tensors`, each F32 unless said.
inline std::string gguf_file_bytes(const std::vector<gguf_kv>& kvs, const std::vector<gguf_tensor>& tensors)
{
  gguf_bytes b;
  b.out = "GGUF";
  b.u32(3);
  b.u64(tensors.size());
  b.u64(kvs.size());
  for (const auto& kv : kvs) {
    b.str(kv.key);
    if (const auto* u = std::get_if<std::uint32_t>(&kv.value)) {
      b.u32(4);
      b.u32(*u);
    } else if (const auto* l = std::get_if<std::uint64_t>(&kv.value)) {
      b.u32(10);
      b.u64(*l);
    } else if (const auto* s = std::get_if<std::string>(&kv.value)) {
      b.u32(8);
      b.str(*s);
    } else {
      const auto& list = std::get<std::vector<std::string>>(kv.value);
      b.u32(9);
      b.u32(8);
      b.u64(list.size());
      for (const auto& item : list) b.str(item);
    }
  }
  std::uint64_t offset = 0;
  std::vector<std::uint64_t> sizes;
  for (const auto& t : tensors) {
    b.str(t.name);
    b.u32(static_cast<std::uint32_t>(t.shape.size()));
    std::uint64_t n = 1;
    for (auto it = t.shape.rbegin(); it != t.shape.rend(); ++it) {
      b.u64(*it);
      n *= *it;
    }
    b.u32(t.type);
    b.u64(offset);
    const std::uint64_t bytes = gguf_type_bytes(t.type, n);
    sizes.push_back(bytes);
    offset += (bytes + 31) / 32 * 32;
  }
  while (b.out.size() % 32 != 0) b.u8(0);
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    const auto padded = static_cast<std::size_t>((sizes[i] + 31) / 32 * 32);
    const std::string& data = tensors[i].data;
    b.out += data.substr(0, padded);
    b.out.append(padded - std::min(padded, data.size()), '\0');
  }
  return b.out;
}

/// The tensors a config implies, under llama.cpp's names (the optional ones left out), as F32
/// tensor infos to write.
inline std::vector<gguf_tensor> gguf_tensors_of(const io::read_config& r)
{
  std::vector<gguf_tensor> tensors;
  for (const auto& e : io::expected_gguf_tensors(r)) {
    if (e.optional) continue;
    gguf_tensor t{e.name, {}};
    for (const auto& d : e.shape) t.shape.push_back(static_cast<std::uint64_t>(d.extent));
    tensors.push_back(t);
  }
  return tensors;
}

}  // namespace shapeproof::test

// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief `.gguf` files (llama.cpp's format): the header, key-values and tensor infos read and
 * validated; a tensor's data read on demand (`read_f32`), dequantized when quantized.
 *
 * The layout (versions 2 and 3): the magic `GGUF`, a `uint32` version, a `uint64` tensor count
 * and a `uint64` key-value count, all little-endian; the key-values (a string key, a `uint32`
 * type, a value: integers, floats, bools, strings, or arrays of them); the tensor infos (a
 * string name, a `uint32` number of dimensions, that many `uint64` extents *innermost first*, a
 * `uint32` ggml type and a `uint64` offset into the data section); padding to `general.alignment`
 * (32 by default); the data. A string is a `uint64` length and that many bytes.
 *
 * Everything a header claims is checked against the file before it is believed: every count and
 * length against the bytes left (so a lying count never allocates), the nesting of arrays, each
 * tensor's dimensions (1 to 4, positive, the first a multiple of its type's block), its type, its
 * byte size (in 64 bits), its offset (aligned, inside the data, no two overlapping) and its name
 * (unique). A file that fails is a `gguf_error` naming the file and the problem.
 *
 * Shapes are given in PyTorch's order (outermost first), the reverse of the file's: a `[out, in]`
 * weight is stored with extents `in, out`.
 */

#include <shapeproof/io/file.hpp>
#include <shapeproof/io/ggml_quant.hpp>
#include <shapeproof/io/safetensors.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace shapeproof::io {

/// A malformed, truncated or lying `.gguf` file.
class gguf_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// A ggml tensor type: its name, the elements of one block and the bytes of one block.
struct ggml_type_info {
  std::string_view name;
  std::int64_t block = 0;  ///< 0: not a type this reader knows
  std::int64_t block_bytes = 0;
  bool is_float = false;  ///< an unquantized floating-point type
};

/// The ggml type numbered `t` (ggml.h's `enum ggml_type`), or one with `block == 0`.
inline ggml_type_info ggml_type(std::uint32_t t)
{
  static const std::map<std::uint32_t, ggml_type_info> types{
      {0, {"F32", 1, 4, true}},   {1, {"F16", 1, 2, true}},   {2, {"Q4_0", 32, 18}},      {3, {"Q4_1", 32, 20}},
      {6, {"Q5_0", 32, 22}},      {7, {"Q5_1", 32, 24}},      {8, {"Q8_0", 32, 34}},      {9, {"Q8_1", 32, 36}},
      {10, {"Q2_K", 256, 84}},    {11, {"Q3_K", 256, 110}},   {12, {"Q4_K", 256, 144}},   {13, {"Q5_K", 256, 176}},
      {14, {"Q6_K", 256, 210}},   {15, {"Q8_K", 256, 292}},   {16, {"IQ2_XXS", 256, 66}}, {17, {"IQ2_XS", 256, 74}},
      {18, {"IQ3_XXS", 256, 98}}, {19, {"IQ1_S", 256, 50}},   {20, {"IQ4_NL", 32, 18}},   {21, {"IQ3_S", 256, 110}},
      {22, {"IQ2_S", 256, 82}},   {23, {"IQ4_XS", 256, 136}}, {24, {"I8", 1, 1}},         {25, {"I16", 1, 2}},
      {26, {"I32", 1, 4}},        {27, {"I64", 1, 8}},        {28, {"F64", 1, 8, true}},  {29, {"IQ1_M", 256, 56}},
      {30, {"BF16", 1, 2, true}}, {34, {"TQ1_0", 256, 54}},   {35, {"TQ2_0", 256, 66}},   {39, {"MXFP4", 32, 17}}};
  const auto it = types.find(t);
  return it == types.end() ? ggml_type_info{} : it->second;
}

/// The number of the ggml type called `name` ("Q8_0" is 8); throws `gguf_error` for a name it lacks.
inline std::uint32_t ggml_type_number(std::string_view name)
{
  for (std::uint32_t t = 0; t < 64; ++t)
    if (ggml_type(t).block != 0 && ggml_type(t).name == name) return t;
  throw gguf_error("no ggml type called " + std::string(name));
}

/// A key-value's value: integers (signed or not), a float, a bool, a string, or an array's
/// element type and length (arrays' contents are skipped).
struct gguf_array {
  std::uint32_t type = 0;
  std::uint64_t length = 0;
};
using gguf_value = std::variant<std::uint64_t, std::int64_t, double, bool, std::string, gguf_array>;

/// The largest number of tensors or key-values, and the longest string, this reader believes.
inline constexpr std::uint64_t gguf_max_count = 1u << 24;
inline constexpr std::uint64_t gguf_max_string = 1u << 26;

/**
 * @brief A validated GGUF header.
 */
class gguf_file {
public:
  /// Reads and validates the header of `path` (only the header); throws `gguf_error`.
  static gguf_file open(const std::string& path)
  {
    const std::uint64_t size = regular_file_size<gguf_error>(path, "a .gguf file");
    const auto identity = file_identity::of(path);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw gguf_error(path + ": cannot open");
    gguf_file f = parse(path, in, size);
    f.identity_ = identity;
    return f;
  }
  /// The same, from bytes in memory (tests and fuzzing); `read_f32` then reads from them.
  static gguf_file from_bytes(const std::string& path, std::string_view bytes)
  {
    std::istringstream in{std::string(bytes), std::ios::binary};
    gguf_file f = parse(path, in, bytes.size());
    f.bytes_ = std::make_shared<const std::string>(bytes);
    return f;
  }

  const std::string& path() const { return path_; }

  /// The tensor called `name`, or nullptr.
  const tensor_info* find(std::string_view name) const
  {
    for (const auto& t : tensors_)
      if (t.name == name) return &t;
    return nullptr;
  }

  /// One of this file's tensors' stored bytes, read from the file (whose size is checked again:
  /// a file cut short since its header was read is an error, never a short tensor).
  std::vector<unsigned char> read_bytes(const tensor_info& t) const
  {
    return read_range(t, 0, static_cast<std::uint64_t>(t.end - t.begin));
  }

  /// Rows [r0, r1) and columns [c0, c1) of a 2-D tensor `[rows, columns]` (a 1-D one is one row)
  /// as f32 values, converted or dequantized as `read_f32` does: only the rows' bytes are read.
  std::vector<float> read_f32_block(const tensor_info& t, std::int64_t r0, std::int64_t r1, std::int64_t c0,
                                    std::int64_t c1) const
  {
    require_readable_as_f32(t);
    return columns_of(to_f32(t, read_rows(t, r0, r1, c0, c1)), static_cast<std::size_t>(t.shape.back()), c0, c1);
  }
  /// The same block of an F16 or BF16 tensor, as stored.
  std::vector<std::uint16_t> read_u16_block(const tensor_info& t, std::int64_t r0, std::int64_t r1, std::int64_t c0,
                                            std::int64_t c1) const
  {
    if (t.dtype != "F16" && t.dtype != "BF16")
      throw gguf_error(path_ + ": " + t.name + " is stored as " + t.dtype + ", not F16 or BF16");
    return columns_of(le_u16_values(read_rows(t, r0, r1, c0, c1)), static_cast<std::size_t>(t.shape.back()), c0, c1);
  }

  /// The same block of a quantized tensor, as stored: whole blocks of each row, so `c0` and `c1`
  /// must fall on blocks' bounds (`gguf_error` otherwise).
  std::vector<unsigned char> read_quant_block(const tensor_info& t, std::int64_t r0, std::int64_t r1, std::int64_t c0,
                                              std::int64_t c1) const
  {
    const auto* q = find_quant_format(t.dtype);
    if (!q) throw gguf_error(path_ + ": " + t.name + " is stored as " + t.dtype + ", not a quantized type");
    if (c0 % q->block != 0 || c1 % q->block != 0)
      throw gguf_error(path_ + ": " + t.name + ": columns " + std::to_string(c0) + " to " + std::to_string(c1) +
                       " are not whole blocks of " + std::to_string(q->block));
    auto rows = read_rows(t, r0, r1, c0, c1);
    const auto row_bytes = static_cast<std::size_t>(t.shape.back() / q->block * q->block_bytes);
    const auto begin = static_cast<std::size_t>(c0 / q->block * q->block_bytes);
    const auto width = static_cast<std::size_t>((c1 - c0) / q->block * q->block_bytes);
    return columns_of(std::move(rows), row_bytes, static_cast<std::int64_t>(begin),
                      static_cast<std::int64_t>(begin + width));
  }

  /// Item `i` of a tensor stacked along its outermost extent (an MoE's `ffn_gate_exps`,
  /// `[experts, out, in]`), as a tensor of its own called `name`: the same dtype and bytes.
  tensor_info slice_outer(const tensor_info& t, std::int64_t i, std::string name) const
  {
    if (t.shape.size() < 2 || i < 0 || i >= t.shape.front())
      throw gguf_error(path_ + ": " + t.name + " " + shape_text(t.shape) + " has no item " + std::to_string(i) +
                       " along its outermost extent");
    tensor_info s;
    s.name = std::move(name);
    s.dtype = t.dtype;
    s.shape.assign(t.shape.begin() + 1, t.shape.end());
    const std::int64_t each = (t.end - t.begin) / t.shape.front();  // whole blocks: rows are
    s.begin = t.begin + i * each;
    s.end = s.begin + each;
    return s;
  }

private:
  // The bytes of rows [r0, r1) of a tensor whose columns [c0, c1) are asked for, checked.
  std::vector<unsigned char> read_rows(const tensor_info& t, std::int64_t r0, std::int64_t r1, std::int64_t c0,
                                       std::int64_t c1) const
  {
    const std::int64_t rows = t.shape.size() == 1 ? 1 : t.shape.size() == 2 ? t.shape[0] : -1;
    const std::int64_t columns = t.shape.empty() ? -1 : t.shape.back();
    if (rows < 0 || r0 < 0 || r1 < r0 || r1 > rows || c0 < 0 || c1 < c0 || c1 > columns)
      throw gguf_error(path_ + ": " + t.name + ": no block [" + std::to_string(r0) + ":" + std::to_string(r1) + ", " +
                       std::to_string(c0) + ":" + std::to_string(c1) + "] in a tensor of shape " + shape_text(t.shape));
    const auto row_bytes = static_cast<std::uint64_t>(t.end - t.begin) / static_cast<std::uint64_t>(rows);
    return read_range(t, static_cast<std::uint64_t>(r0) * row_bytes, static_cast<std::uint64_t>(r1 - r0) * row_bytes);
  }
  template<typename T>
  static std::vector<T> columns_of(std::vector<T> rows, std::size_t columns, std::int64_t c0, std::int64_t c1)
  {
    const auto width = static_cast<std::size_t>(c1 - c0);
    if (width == columns) return rows;
    std::vector<T> out(rows.size() / columns * width);
    for (std::size_t r = 0; r < rows.size() / columns; ++r)
      std::copy_n(rows.begin() + static_cast<std::ptrdiff_t>(r * columns + static_cast<std::size_t>(c0)), width,
                  out.begin() + static_cast<std::ptrdiff_t>(r * width));
    return out;
  }
  // A type `read_f32` converts or dequantizes, or a `gguf_error` that names the tensor's.
  void require_readable_as_f32(const tensor_info& t) const
  {
    if (!find_quant_format(t.dtype) && t.dtype != "F32" && t.dtype != "F16" && t.dtype != "BF16")
      throw gguf_error(path_ + ": " + t.name + " is stored as " + t.dtype +
                       "; shapeproof reads F32, F16, BF16, Q8_0, Q4_0, Q4_K and Q6_K");
  }
  // Whole rows of `t`'s stored bytes as f32 values.
  std::vector<float> to_f32(const tensor_info& t, const std::vector<unsigned char>& bytes) const
  {
    const auto* q = find_quant_format(t.dtype);
    if (!q) return float_bytes_to_f32(t.dtype, bytes);
    std::vector<float> out(bytes.size() / static_cast<std::size_t>(q->block_bytes) *
                           static_cast<std::size_t>(q->block));
    try {
      dequantize(*q, bytes, out);
    } catch (const quant_error& e) {
      throw gguf_error(path_ + ": " + t.name + ": " + e.what());
    }
    return out;
  }
  // `n` bytes at `offset` within tensor `t`'s data.
  std::vector<unsigned char> read_range(const tensor_info& t, std::uint64_t offset, std::uint64_t count) const
  {
    if (offset > static_cast<std::uint64_t>(t.end - t.begin) ||
        count > static_cast<std::uint64_t>(t.end - t.begin) - offset)
      throw gguf_error(path_ + ": " + t.name + ": no bytes [" + std::to_string(offset) + ", +" + std::to_string(count) +
                       ") in its data");
    const auto n = static_cast<std::size_t>(count);
    const std::uint64_t at = data_start_ + static_cast<std::uint64_t>(t.begin) + offset;
    std::vector<unsigned char> out(n);
    if (bytes_) {
      if (at > bytes_->size() || n > bytes_->size() - at) throw gguf_error(path_ + ": " + t.name + ": past the end");
      std::memcpy(out.data(), bytes_->data() + at, n);
      return out;
    }
    const std::uint64_t size = regular_file_size<gguf_error>(path_, "a .gguf file");
    if (at > size || n > size - at)
      throw gguf_error(path_ + ": " + t.name + ": its data lies past the end of the file (" + std::to_string(size) +
                       " bytes): was it cut short?");
    identity_.require_same<gguf_error>(path_);
    std::ifstream in(path_, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(at));
    if (!in || !in.read(reinterpret_cast<char*>(out.data()), static_cast<std::streamsize>(n)))
      throw gguf_error(path_ + ": " + t.name + ": cannot read its " + std::to_string(n) + " bytes");
    identity_.require_same<gguf_error>(path_);  // and not while it was read
    return out;
  }

public:
  /// One of this file's tensors as f32 values, in PyTorch's order: F32, F16 and BF16 converted
  /// exactly, Q8_0, Q4_0, Q4_K and Q6_K dequantized as ggml dequantizes them; another type is a
  /// `gguf_error` that names it.
  std::vector<float> read_f32(const tensor_info& t) const
  {
    require_readable_as_f32(t);
    return to_f32(t, read_bytes(t));
  }

  std::uint32_t version() const { return version_; }
  std::uint64_t alignment() const { return alignment_; }
  const std::vector<tensor_info>& tensors() const { return tensors_; }
  const std::map<std::string, gguf_value, std::less<>>& metadata() const { return kv_; }

  /// A key's value as an integer, when it is one.
  std::optional<std::int64_t> integer(std::string_view key) const
  {
    const auto it = kv_.find(key);
    if (it == kv_.end()) return std::nullopt;
    if (const auto* u = std::get_if<std::uint64_t>(&it->second))
      return *u <= static_cast<std::uint64_t>(INT64_MAX) ? std::optional<std::int64_t>(static_cast<std::int64_t>(*u))
                                                         : std::nullopt;
    if (const auto* i = std::get_if<std::int64_t>(&it->second)) return *i;
    return std::nullopt;
  }
  /// What a key's value is, in words ("an unsigned integer", "a string", ...), or "" when absent.
  std::string kind(std::string_view key) const
  {
    const auto it = kv_.find(key);
    if (it == kv_.end()) return "";
    static constexpr const char* kinds[] = {
        "an unsigned integer", "a signed integer", "a floating-point number", "a bool", "a string", "an array"};
    return kinds[it->second.index()];
  }
  /// A key's value as a string, when it is one.
  std::optional<std::string> string(std::string_view key) const
  {
    const auto it = kv_.find(key);
    if (it == kv_.end()) return std::nullopt;
    if (const auto* s = std::get_if<std::string>(&it->second)) return *s;
    return std::nullopt;
  }

private:
  // Reads from a stream of known size, checking each length against the bytes left.
  class cursor {
  public:
    cursor(const std::string& path, std::istream& in, std::uint64_t size) : path_(path), in_(in), size_(size) {}
    [[noreturn]] void fail(const std::string& why) const
    {
      throw gguf_error(path_ + ": " + why + " (at byte " + std::to_string(pos_) + ")");
    }
    std::uint64_t left() const { return size_ - pos_; }
    std::uint64_t pos() const { return pos_; }
    void need(std::uint64_t n, const char* what)
    {
      if (n > left())
        fail(std::string("truncated: ") + what + " needs " + std::to_string(n) + " bytes, " + std::to_string(left()) +
             " are left");
    }
    void bytes(void* out, std::uint64_t n, const char* what)
    {
      need(n, what);
      if (!in_.read(static_cast<char*>(out), static_cast<std::streamsize>(n))) fail("cannot read");
      pos_ += n;
    }
    void skip(std::uint64_t n, const char* what)
    {
      need(n, what);
      in_.seekg(static_cast<std::streamoff>(n), std::ios::cur);
      if (!in_) fail("cannot seek");
      pos_ += n;
    }
    template<typename T>
    T le(const char* what)
    {
      unsigned char b[sizeof(T)];
      bytes(b, sizeof(T), what);
      std::uint64_t v = 0;
      for (std::size_t i = 0; i < sizeof(T); ++i) v |= static_cast<std::uint64_t>(b[i]) << (8 * i);
      T out;
      if constexpr (sizeof(T) == 8) {
        std::memcpy(&out, &v, 8);
      } else {
        auto narrow =
            static_cast<std::conditional_t<sizeof(T) == 4, std::uint32_t,
                                           std::conditional_t<sizeof(T) == 2, std::uint16_t, std::uint8_t>>>(v);
        std::memcpy(&out, &narrow, sizeof(T));
      }
      return out;
    }
    std::string str(const char* what)
    {
      const auto n = le<std::uint64_t>(what);
      if (n > gguf_max_string) fail(std::string(what) + ": a string of " + std::to_string(n) + " bytes");
      need(n, what);
      std::string s(static_cast<std::size_t>(n), '\0');
      bytes(s.data(), n, what);
      return s;
    }
    void skip_str(const char* what)
    {
      const auto n = le<std::uint64_t>(what);
      skip(n, what);
    }

  private:
    const std::string& path_;
    std::istream& in_;
    std::uint64_t size_;
    std::uint64_t pos_ = 0;
  };

  enum : std::uint32_t { u8 = 0, i8, u16, i16, u32, i32, f32, boolean, string_type, array, u64, i64, f64 };
  static std::uint64_t scalar_size(std::uint32_t type)
  {
    switch (type) {
      case u8:
      case i8:
      case boolean:
        return 1;
      case u16:
      case i16:
        return 2;
      case u32:
      case i32:
      case f32:
        return 4;
      case u64:
      case i64:
      case f64:
        return 8;
      default:
        return 0;
    }
  }

  static gguf_value read_value(cursor& c, std::uint32_t type, int depth)
  {
    switch (type) {
      case u8:
        return std::uint64_t{c.le<std::uint8_t>("a value")};
      case u16:
        return std::uint64_t{c.le<std::uint16_t>("a value")};
      case u32:
        return std::uint64_t{c.le<std::uint32_t>("a value")};
      case u64:
        return c.le<std::uint64_t>("a value");
      case i8:
        return std::int64_t{c.le<std::int8_t>("a value")};
      case i16:
        return std::int64_t{c.le<std::int16_t>("a value")};
      case i32:
        return std::int64_t{c.le<std::int32_t>("a value")};
      case i64:
        return c.le<std::int64_t>("a value");
      case f32:
        return double{c.le<float>("a value")};
      case f64:
        return c.le<double>("a value");
      case boolean: {
        const auto b = c.le<std::uint8_t>("a bool");
        if (b > 1) c.fail("a bool that is neither 0 nor 1");
        return b == 1;
      }
      case string_type:
        return c.str("a string value");
      case array: {
        if (depth >= 4) c.fail("arrays nested more than 4 deep");
        const auto elem = c.le<std::uint32_t>("an array's type");
        const auto n = c.le<std::uint64_t>("an array's length");
        if (elem == string_type) {
          if (n > c.left() / 8) c.fail("an array of " + std::to_string(n) + " strings in fewer bytes");
          for (std::uint64_t i = 0; i < n; ++i) c.skip_str("an array's string");
        } else if (elem == array) {
          if (n > c.left() / 12) c.fail("an array of " + std::to_string(n) + " arrays in fewer bytes");
          for (std::uint64_t i = 0; i < n; ++i) read_value(c, array, depth + 1);
        } else {
          const auto s = scalar_size(elem);
          if (s == 0) c.fail("an array of unknown value type " + std::to_string(elem));
          if (n > c.left() / s) c.fail("an array of " + std::to_string(n) + " values in fewer bytes");
          c.skip(n * s, "an array");
        }
        return gguf_array{elem, n};
      }
      default:
        c.fail("unknown value type " + std::to_string(type));
    }
  }

  static gguf_file parse(const std::string& path, std::istream& in, std::uint64_t size)
  {
    cursor c(path, in, size);
    char magic[4];
    c.bytes(magic, 4, "the magic");
    if (std::memcmp(magic, "GGUF", 4) != 0) c.fail("not a GGUF file (the magic is not \"GGUF\")");
    gguf_file f;
    f.version_ = c.le<std::uint32_t>("the version");
    if (f.version_ != 2 && f.version_ != 3)
      c.fail("GGUF version " + std::to_string(f.version_) + "; shapeproof reads 2 and 3");
    const auto n_tensors = c.le<std::uint64_t>("the tensor count");
    const auto n_kv = c.le<std::uint64_t>("the key-value count");
    // A key-value takes at least 8 + 4 + 1 bytes, a tensor info 8 + 4 + 8 + 4 + 8.
    if (n_kv > gguf_max_count || n_kv > c.left() / 13)
      c.fail("claims " + std::to_string(n_kv) + " key-values, more than the file can hold");
    if (n_tensors > gguf_max_count || n_tensors > c.left() / 32)
      c.fail("claims " + std::to_string(n_tensors) + " tensors, more than the file can hold");

    for (std::uint64_t i = 0; i < n_kv; ++i) {
      std::string key = c.str("a key");
      const auto type = c.le<std::uint32_t>("a value's type");
      gguf_value v = read_value(c, type, 0);
      if (f.kv_.count(key)) c.fail("the key '" + key + "' appears twice");
      f.kv_.emplace(std::move(key), std::move(v));
    }
    if (const auto it = f.kv_.find("general.alignment"); it != f.kv_.end()) {
      const auto* a = std::get_if<std::uint64_t>(&it->second);
      if (!a || *a == 0 || (*a & (*a - 1)) != 0 || *a > (1u << 16))
        c.fail("general.alignment must be an unsigned power of two no larger than 65536");
      f.alignment_ = *a;
    }

    struct raw {
      std::uint64_t offset, bytes;
    };
    std::vector<raw> ranges;
    std::set<std::string, std::less<>> names;
    for (std::uint64_t i = 0; i < n_tensors; ++i) {
      tensor_info t;
      const std::string which =
          "tensor info " + std::to_string(i + 1) + " of the " + std::to_string(n_tensors) + " the header claims";
      t.name = c.str("a tensor name");
      if (t.name.empty())
        c.fail(which + " has an empty name" +
               (i > 0 ? " (after '" + f.tensors_.back().name + "'): does the file hold fewer tensors than it claims?"
                      : ""));
      if (!names.insert(t.name).second) c.fail("the tensor '" + t.name + "' appears twice");
      const auto n_dims = c.le<std::uint32_t>("a tensor's dimension count");
      if (n_dims < 1 || n_dims > 4)
        c.fail(t.name + ": " + std::to_string(n_dims) + " dimensions; GGUF tensors have 1 to 4");
      std::vector<std::int64_t> ne(n_dims);
      std::uint64_t elements = 1;
      for (auto& e : ne) {
        const auto v = c.le<std::uint64_t>("an extent");
        if (v == 0 || v > (std::uint64_t{1} << 40)) c.fail(t.name + ": an extent of " + std::to_string(v));
        if (elements > (std::uint64_t{1} << 62) / v) c.fail(t.name + ": more elements than 2^62");
        elements *= v;
        e = static_cast<std::int64_t>(v);
      }
      const auto type = c.le<std::uint32_t>("a tensor's type");
      const auto info = ggml_type(type);
      if (info.block == 0) c.fail(t.name + ": unknown ggml type " + std::to_string(type));
      if (static_cast<std::uint64_t>(ne[0]) % static_cast<std::uint64_t>(info.block) != 0)
        c.fail(t.name + ": its innermost extent " + std::to_string(ne[0]) + " is not a multiple of " +
               std::string(info.name) + "'s block of " + std::to_string(info.block));
      const std::uint64_t bytes = elements / static_cast<std::uint64_t>(info.block) *
                                  static_cast<std::uint64_t>(info.block_bytes);  // < 2^62 / 1 * 292: checked below
      if (elements / static_cast<std::uint64_t>(info.block) > (std::uint64_t{1} << 62) / 292)
        c.fail(t.name + ": more bytes than 2^62");
      const auto offset = c.le<std::uint64_t>("a tensor's offset");
      if (offset % f.alignment_ != 0)
        c.fail(t.name + ": offset " + std::to_string(offset) + " is not a multiple of the alignment " +
               std::to_string(f.alignment_));
      t.dtype = std::string(info.name);
      t.shape.assign(ne.rbegin(), ne.rend());  // PyTorch's order
      ranges.push_back({offset, bytes});
      f.tensors_.push_back(std::move(t));
    }
    // The data section starts at the next multiple of the alignment.
    const std::uint64_t header_end = c.pos();
    const std::uint64_t data_start = (header_end + f.alignment_ - 1) / f.alignment_ * f.alignment_;
    const std::uint64_t data_size = size >= data_start ? size - data_start : 0;
    f.path_ = path, f.data_start_ = data_start;
    for (std::size_t i = 0; i < ranges.size(); ++i) {
      const auto& [offset, bytes] = ranges[i];
      if (offset > data_size || bytes > data_size - offset)
        c.fail(f.tensors_[i].name + ": its " + std::to_string(bytes) + " bytes at offset " + std::to_string(offset) +
               " lie past the end of the data (" + std::to_string(data_size) + " bytes)");
      f.tensors_[i].begin = static_cast<std::int64_t>(offset);
      f.tensors_[i].end = static_cast<std::int64_t>(offset + bytes);
    }
    std::vector<std::size_t> order(ranges.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return ranges[a].offset < ranges[b].offset; });
    for (std::size_t k = 1; k < order.size(); ++k) {
      const auto& prev = ranges[order[k - 1]];
      if (ranges[order[k]].offset < prev.offset + prev.bytes)
        c.fail(f.tensors_[order[k]].name + " overlaps " + f.tensors_[order[k - 1]].name);
    }
    return f;
  }

  std::string path_;
  file_identity identity_;  // the file's when its header was read
  std::uint64_t data_start_ = 0;
  std::shared_ptr<const std::string> bytes_;  // from_bytes' copy
  std::uint32_t version_ = 0;
  std::uint64_t alignment_ = 32;
  std::map<std::string, gguf_value, std::less<>> kv_;
  std::vector<tensor_info> tensors_;
};

/// Whether `path` names a GGUF file: by its first four bytes, or by its name (a file too short for
/// the magic is then refused as a GGUF file, not as another format).
inline bool is_gguf(const std::string& path)
{
  if (path.size() >= 5 && path.substr(path.size() - 5) == ".gguf") return true;
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  return in.read(magic, 4) && std::memcmp(magic, "GGUF", 4) == 0;
}

/// A key-value to write: an unsigned integer (written as uint32 when it fits, else uint64) or a string.
struct gguf_kv_to_write {
  std::string key;
  std::variant<std::uint64_t, std::string> value;
};

/**
 * @brief Writes a GGUF file (version 3, alignment 32) of `dtype` ("F32", "F16", "BF16", or one of
 * the quantized "Q8_0", "Q4_0", "Q4_K", "Q6_K") tensors.
 *
 * Shapes are given in PyTorch's order and written innermost first, as the format has them.
 * `fill(i, values)` is called once per tensor, in order, as for `write_safetensors`. In a
 * quantized file, as in llama.cpp's, a tensor of one dimension (a norm, a bias) or one whose rows
 * are not whole blocks is written in F32.
 */
inline void write_gguf(const std::string& path, const std::vector<gguf_kv_to_write>& kvs,
                       const std::vector<tensor_to_write>& tensors, const std::string& dtype,
                       const std::function<void(std::size_t, std::vector<float>&)>& fill)
{
  const quant_format* quantized = find_quant_format(dtype);
  const auto elem = static_cast<std::uint64_t>(quantized ? 4 : writable_dtype_size<gguf_error>(path, dtype));
  const std::uint32_t plain_type = dtype == "F32" ? 0 : dtype == "F16" ? 1 : 30;
  auto quantize_it = [&](const tensor_to_write& t) {
    return quantized && t.shape.size() >= 2 && t.shape.back() % quantized->block == 0;
  };
  std::string h = "GGUF";
  auto u32 = [&](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) h.push_back(static_cast<char>((v >> (8 * i)) & 0xFFu));
  };
  auto u64 = [&](std::uint64_t v) {
    for (int i = 0; i < 8; ++i) h.push_back(static_cast<char>((v >> (8 * i)) & 0xFFu));
  };
  auto str = [&](const std::string& v) {
    u64(v.size());
    h += v;
  };
  u32(3);
  u64(tensors.size());
  u64(kvs.size());
  for (const auto& kv : kvs) {
    str(kv.key);
    if (const auto* n = std::get_if<std::uint64_t>(&kv.value)) {
      if (*n <= 0xFFFFFFFFu) {
        u32(4);  // GGUF_TYPE_UINT32
        u32(static_cast<std::uint32_t>(*n));
      } else {
        u32(10);  // GGUF_TYPE_UINT64
        u64(*n);
      }
    } else {
      u32(8);  // GGUF_TYPE_STRING
      str(std::get<std::string>(kv.value));
    }
  }
  constexpr std::uint64_t align = 32;
  std::uint64_t offset = 0;
  std::vector<std::uint64_t> counts;
  std::set<std::string, std::less<>> names;
  for (const auto& t : tensors) {
    if (!names.insert(t.name).second) throw gguf_error(path + ": tensor '" + t.name + "' given twice");
    if (t.shape.empty() || t.shape.size() > 4)
      throw gguf_error(path + ": " + t.name + ": GGUF tensors have 1 to 4 dimensions, not " +
                       std::to_string(t.shape.size()));
    str(t.name);
    u32(static_cast<std::uint32_t>(t.shape.size()));
    std::uint64_t n = 1;
    for (auto it = t.shape.rbegin(); it != t.shape.rend(); ++it) {
      u64(static_cast<std::uint64_t>(*it));
      n *= static_cast<std::uint64_t>(*it);
    }
    const bool q = quantize_it(t);
    u32(q ? ggml_type_number(quantized->name) : quantized ? 0 : plain_type);
    u64(offset);
    counts.push_back(n);
    const std::uint64_t bytes =
        q ? n / static_cast<std::uint64_t>(quantized->block) * static_cast<std::uint64_t>(quantized->block_bytes)
          : n * elem;
    offset += (bytes + align - 1) / align * align;
  }
  h.append(static_cast<std::size_t>((align - h.size() % align) % align), '\0');
  std::ofstream out(path, std::ios::binary);
  if (!out) throw gguf_error(path + ": cannot write: " + std::strerror(errno));
  out.write(h.data(), static_cast<std::streamsize>(h.size()));
  std::vector<float> values;
  std::string bytes;
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    values.clear();
    fill(i, values);
    if (values.size() != counts[i])
      throw gguf_error(path + ": tensor '" + tensors[i].name + "' has " + std::to_string(values.size()) +
                       " values for a shape of " + std::to_string(counts[i]));
    bytes.clear();
    if (quantize_it(tensors[i])) {
      const auto q = quantize(*quantized, values);
      bytes.assign(q.begin(), q.end());
    } else {
      append_as(bytes, quantized ? "F32" : dtype, values);
    }
    bytes.append(static_cast<std::size_t>((align - bytes.size() % align) % align), '\0');
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  out.flush();
  if (!out) throw gguf_error(path + ": could not write it whole");
}

}  // namespace shapeproof::io

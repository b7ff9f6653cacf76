// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief `.safetensors` files: the header read and validated, tensors read by name.
 *
 * The format: an 8-byte little-endian header length `N`, `N` bytes of JSON mapping each tensor
 * name to its `dtype`, `shape` and `data_offsets` (relative to the end of the header), then the
 * data. Everything a header claims is checked before it is believed: the length against the
 * file, the JSON, each dtype, each shape's element count against its byte range, each range
 * against the data, and that no two ranges overlap. A file that fails any of these is a
 * `safetensors_error` naming the file, the tensor and the problem; it is never read out of
 * bounds. Only headers are read until a tensor's data is asked for, so checking a 100 GB
 * checkpoint reads kilobytes.
 */

#include <nlohmann/json.hpp>

#include <shapeproof/io/file.hpp>
#include <shapeproof/io/json.hpp>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace shapeproof::io {

/// A malformed, truncated or lying `.safetensors` file, or a read it cannot serve.
class safetensors_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// A header's shape as text: `[11008, 4096]`.
inline std::string shape_text(const std::vector<std::int64_t>& s)
{
  std::string out = "[";
  for (std::size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
  return out + "]";
}

/// One tensor's entry in the header.
struct tensor_info {
  std::string name;
  std::string dtype;  ///< "F32", "BF16", ...
  std::vector<std::int64_t> shape;
  std::int64_t begin = 0;  ///< byte offset in the data section
  std::int64_t end = 0;
};

/// The size in bytes of one element of a safetensors dtype, or 0 when unknown.
inline std::int64_t safetensors_dtype_size(std::string_view dtype)
{
  static const std::map<std::string_view, std::int64_t> sizes{
      {"BOOL", 1}, {"U8", 1},  {"I8", 1},  {"F8_E4M3", 1}, {"F8_E5M2", 1}, {"I16", 2}, {"U16", 2}, {"F16", 2},
      {"BF16", 2}, {"I32", 4}, {"U32", 4}, {"F32", 4},     {"I64", 8},     {"U64", 8}, {"F64", 8}};
  const auto it = sizes.find(dtype);
  return it == sizes.end() ? 0 : it->second;
}

/// f32 to bf16, rounded to the nearest (ties to even); NaN stays NaN.
inline std::uint16_t float_to_bf16(float f)
{
  const std::uint32_t u = std::bit_cast<std::uint32_t>(f);
  if ((u & 0x7FFFFFFFu) > 0x7F800000u) return static_cast<std::uint16_t>((u >> 16) | 0x40u);  // quiet NaN
  return static_cast<std::uint16_t>((u + 0x7FFFu + ((u >> 16) & 1u)) >> 16);
}

/// f32 to IEEE 754 binary16, rounded to the nearest (ties to even), with subnormals, overflow
/// to infinity and NaN.
inline std::uint16_t float_to_f16(float f)
{
  const std::uint32_t u = std::bit_cast<std::uint32_t>(f);
  const auto sign = static_cast<std::uint16_t>((u >> 16) & 0x8000u);
  const std::uint32_t a = u & 0x7FFFFFFFu;
  if (a > 0x7F800000u) return static_cast<std::uint16_t>(sign | 0x7E00u);   // NaN
  if (a >= 0x477FF000u) return static_cast<std::uint16_t>(sign | 0x7C00u);  // rounds to beyond 65504: infinity
  if (a < 0x38800000u) {                                    // below the smallest normal: a subnormal (or zero), rounded
    const float m = std::bit_cast<float>(a) * 16777216.0f;  // in units of 2^-24
    const auto r = static_cast<std::uint32_t>(std::nearbyint(m));
    return static_cast<std::uint16_t>(sign | r);
  }
  const std::uint32_t rounded = a + 0xFFFu + ((a >> 13) & 1u);
  return static_cast<std::uint16_t>(sign | ((rounded - 0x38000000u) >> 13));
}

/// The most dimensions a tensor's shape may have.
inline constexpr std::size_t max_tensor_rank = 16;

/// The largest header shapeproof believes: real headers are kilobytes to a few megabytes.
inline constexpr std::uint64_t max_header_bytes = 100ull << 20;

/// Little-endian F32, F16 or BF16 bytes (`dtype` one of those) as f32 values, each converted exactly.
std::vector<float> float_bytes_to_f32(std::string_view dtype, const std::vector<unsigned char>& bytes);

/// Little-endian 16-bit values (F16 or BF16 bytes, kept as stored).
inline std::vector<std::uint16_t> le_u16_values(const std::vector<unsigned char>& bytes)
{
  std::vector<std::uint16_t> out(bytes.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<std::uint16_t>(bytes[2 * i] | (bytes[2 * i + 1] << 8));
  return out;
}

/**
 * @brief A validated safetensors header, and the file it came from.
 */
class safetensors_file {
public:
  /// Reads and validates the header of `path`; throws `safetensors_error`.
  static safetensors_file open(const std::string& path)
  {
    const std::uint64_t file_size = regular_file_size<safetensors_error>(path, "a .safetensors file");
    const auto identity = file_identity::of(path);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw safetensors_error(path + ": cannot open: " + std::strerror(errno));
    unsigned char len_bytes[8] = {};
    if (!in.read(reinterpret_cast<char*>(len_bytes),
                 static_cast<std::streamsize>(std::min<std::uint64_t>(file_size, 8))))
      throw safetensors_error(path + ": cannot read: " + std::strerror(errno));
    if (file_size < 8) {
      refuse_other_formats(path, len_bytes, file_size);
      throw safetensors_error(path + ": truncated: shorter than the 8-byte header length");
    }
    const std::uint64_t n = header_length(path, len_bytes, file_size);
    std::string header(n, '\0');
    if (!in.read(header.data(), static_cast<std::streamsize>(n)))
      throw safetensors_error(path + ": cannot read the header");
    safetensors_file f = parse(path, header, file_size - 8 - n);
    f.data_start_ = 8 + n;
    f.identity_ = identity;
    return f;
  }

  /// Validates a whole file given as bytes (what `open` checks, without a file; for fuzzing and tests).
  static safetensors_file from_bytes(const std::string& path, std::string_view bytes)
  {
    if (bytes.size() < 8) {
      refuse_other_formats(path, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
      throw safetensors_error(path + ": truncated: shorter than the 8-byte header length");
    }
    const std::uint64_t n = header_length(path, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    safetensors_file f = parse(path, bytes.substr(8, n), bytes.size() - 8 - n);
    f.data_start_ = 8 + n;
    return f;
  }

  /// Validates a header given as text, for data of `data_size` bytes (what `open` does after reading).
  static safetensors_file parse(const std::string& path, std::string_view header, std::uint64_t data_size)
  {
    safetensors_file f;
    f.path_ = path;
    // Read as it is scanned, against the format's schema: nothing is built that is not a tensor
    // entry, so a header of any content costs time linear in its length and memory in its tensors.
    // The format pads a header with spaces only: a NUL or any other byte past the JSON is a length
    // that runs into the data, or a file that is not what it says
    if (const auto nul = header.find('\0'); nul != std::string_view::npos)
      throw safetensors_error(path + ": a NUL byte in the header at byte " + std::to_string(8 + nul) +
                              " (does the header's length run past its JSON into the data?)");
    if (const auto first = header.find_first_not_of(" \t\r\n"); first == std::string_view::npos || header[first] != '{')
      throw safetensors_error(path + ": the header must be a JSON object, beginning with '{'");
    std::size_t at = 0;
    if (json_depth(header, 3, at) > 3)
      throw safetensors_error(path + ": the header nests JSON more than 3 levels deep (at byte " + std::to_string(at) +
                              "); a safetensors header has tensor entries holding arrays of numbers");
    header_reader reader(f, data_size);
    nlohmann::json::sax_parse(header.begin(), header.end(), &reader);
    // No two tensors may share bytes.
    std::vector<const tensor_info*> by_offset;
    for (const auto& t : f.tensors_) by_offset.push_back(&t);
    std::sort(by_offset.begin(), by_offset.end(), [](auto* a, auto* b) { return a->begin < b->begin; });
    for (std::size_t i = 1; i < by_offset.size(); ++i)
      if (by_offset[i]->begin < by_offset[i - 1]->end)
        throw safetensors_error(path + ": tensors '" + by_offset[i - 1]->name + "' and '" + by_offset[i]->name +
                                "' overlap");
    return f;
  }

  const std::string& path() const { return path_; }
  const std::vector<tensor_info>& tensors() const { return tensors_; }
  const std::map<std::string, std::string>& metadata() const { return metadata_; }

  /// The entry called `name`, or nullptr.
  const tensor_info* find(std::string_view name) const
  {
    for (const auto& t : tensors_)
      if (t.name == name) return &t;
    return nullptr;
  }

  /// The tensor's values converted to f32 (from F32, F16 or BF16), row-major.
  std::vector<float> read_f32(const tensor_info& t) const { return to_f32(t, read_bytes(t)); }

  /// A BF16 or F16 tensor's raw 16-bit values, row-major, as stored (kept so, they take half the
  /// memory of f32; the kernels convert them as they load them).
  std::vector<std::uint16_t> read_u16(const tensor_info& t) const { return to_u16(t, read_bytes(t)); }

  /// Rows [r0, r1) and columns [c0, c1) of a 2-D tensor (a 1-D one is one row), converted to f32,
  /// row-major: only those bytes are read from the file (a tensor-parallel rank's slice).
  std::vector<float> read_f32_block(const tensor_info& t, std::int64_t r0, std::int64_t r1, std::int64_t c0,
                                    std::int64_t c1) const
  {
    return to_f32(t, read_block(t, r0, r1, c0, c1));
  }
  /// The same block of a BF16 or F16 tensor, as stored.
  std::vector<std::uint16_t> read_u16_block(const tensor_info& t, std::int64_t r0, std::int64_t r1, std::int64_t c0,
                                            std::int64_t c1) const
  {
    return to_u16(t, read_block(t, r0, r1, c0, c1));
  }

  /// bfloat16 to binary32, exactly: the same sign and exponent, the mantissa's top bits.
  static float bf16_to_float(std::uint16_t h) { return std::bit_cast<float>(static_cast<std::uint32_t>(h) << 16); }

  /// IEEE 754 binary16 to binary32, exactly (subnormals, infinities and NaNs included).
  static float half_to_float(std::uint16_t h)
  {
    const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
    std::uint32_t exp = (h >> 10) & 0x1Fu;
    std::uint32_t mant = h & 0x3FFu;
    std::uint32_t bits = 0;
    if (exp == 0x1F) {
      bits = sign | 0x7F800000u | (mant << 13);
    } else if (exp != 0) {
      bits = sign | ((exp + 112) << 23) | (mant << 13);
    } else if (mant != 0) {
      // subnormal: normalise
      exp = 113;
      while ((mant & 0x400u) == 0) {
        mant <<= 1;
        --exp;
      }
      bits = sign | (exp << 23) | ((mant & 0x3FFu) << 13);
    } else {
      bits = sign;
    }
    return std::bit_cast<float>(bits);
  }

private:
  std::vector<float> to_f32(const tensor_info& t, const std::vector<unsigned char>& bytes) const
  {
    if (t.dtype != "F32" && t.dtype != "F16" && t.dtype != "BF16")
      throw safetensors_error(path_ + ": tensor '" + t.name + "' has dtype " + t.dtype +
                              "; only F32, F16 and BF16 can be loaded as f32");
    return float_bytes_to_f32(t.dtype, bytes);
  }
  std::vector<std::uint16_t> to_u16(const tensor_info& t, const std::vector<unsigned char>& bytes) const
  {
    if (t.dtype != "F16" && t.dtype != "BF16")
      throw safetensors_error(path_ + ": tensor '" + t.name + "' has dtype " + t.dtype + ", not F16 or BF16");
    return le_u16_values(bytes);
  }

  // The bytes of rows [r0, r1) and columns [c0, c1) of a 2-D tensor: one read when the columns
  // are whole, one per row otherwise.
  std::vector<unsigned char> read_block(const tensor_info& t, std::int64_t r0, std::int64_t r1, std::int64_t c0,
                                        std::int64_t c1) const
  {
    // (a 1-D tensor is one row)
    const std::int64_t rows = t.shape.size() == 1 ? 1 : t.shape.size() == 2 ? t.shape[0] : -1;
    const std::int64_t columns = t.shape.empty() ? -1 : t.shape.back();
    if (rows < 0 || r0 < 0 || r1 < r0 || r1 > rows || c0 < 0 || c1 < c0 || c1 > columns)
      throw safetensors_error(path_ + ": tensor '" + t.name + "': no block [" + std::to_string(r0) + ":" +
                              std::to_string(r1) + ", " + std::to_string(c0) + ":" + std::to_string(c1) +
                              "] in a tensor of shape " + shape_text(t.shape));
    const auto elem = static_cast<std::uint64_t>(safetensors_dtype_size(t.dtype));
    const auto cols = static_cast<std::uint64_t>(columns);
    const auto width = static_cast<std::uint64_t>(c1 - c0) * elem;
    std::vector<unsigned char> bytes(static_cast<std::size_t>(static_cast<std::uint64_t>(r1 - r0) * width));
    if (bytes.empty()) return bytes;
    std::ifstream in(path_, std::ios::binary);
    if (c0 == 0 && static_cast<std::uint64_t>(c1) == cols)
      read_at(in, t, static_cast<std::uint64_t>(r0) * cols * elem, bytes.data(), bytes.size());
    else
      for (std::int64_t r = r0; r < r1; ++r)
        read_at(in, t, (static_cast<std::uint64_t>(r) * cols + static_cast<std::uint64_t>(c0)) * elem,
                bytes.data() + static_cast<std::uint64_t>(r - r0) * width, width);
    return bytes;
  }

  // The bytes of a tensor's data, read from the file (its range was validated with the header).
  std::vector<unsigned char> read_bytes(const tensor_info& t) const
  {
    std::vector<unsigned char> bytes(static_cast<std::size_t>(t.end - t.begin));
    std::ifstream in(path_, std::ios::binary);
    read_at(in, t, 0, bytes.data(), bytes.size());
    return bytes;
  }

  // `n` bytes at `offset` within tensor `t`'s data, into `to`.
  void read_at(std::ifstream& in, const tensor_info& t, std::uint64_t offset, unsigned char* to, std::uint64_t n) const
  {
    identity_.require_same<safetensors_error>(path_);
    in.seekg(static_cast<std::streamoff>(data_start_ + static_cast<std::uint64_t>(t.begin) + offset));
    if (!in || !in.read(reinterpret_cast<char*>(to), static_cast<std::streamsize>(n)))
      throw safetensors_error(path_ + ": cannot read the data of tensor '" + t.name + "'");
    identity_.require_same<safetensors_error>(path_);  // and not while it was read
  }

  // The header length in a file of `file_size` bytes whose first 8 are `len_bytes`: believed only
  // when it fits in the file and below `max_header_bytes`.
  static std::uint64_t header_length(const std::string& path, const unsigned char* len_bytes, std::uint64_t file_size)
  {
    std::uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | len_bytes[i];
    if (n > max_header_bytes || n > file_size - 8) refuse_other_formats(path, len_bytes, file_size);
    if (n > max_header_bytes)
      throw safetensors_error(path + ": the header claims " + std::to_string(n) + " bytes, more than the " +
                              std::to_string(max_header_bytes) + " shapeproof accepts");
    if (n > file_size - 8)
      throw safetensors_error(path + ": truncated: the header claims " + std::to_string(n) + " bytes, the file has " +
                              std::to_string(file_size - 8) + " after the length");
    return n;
  }

  // A file that fails as safetensors, refused as what its first bytes say it is, when they do.
  static void refuse_other_formats(const std::string& path, const unsigned char* first, std::uint64_t size)
  {
    const std::string_view start(reinterpret_cast<const char*>(first), std::min<std::uint64_t>(size, 8));
    const auto text = start.find_first_not_of(" \t\r\n");
    std::string what;
    if (start.substr(0, 4) == "GGUF")
      what = "a GGUF file, not a .safetensors file (`check` reads GGUF checkpoints; `run` reads .safetensors)";
    else if (start.substr(0, 6) == "\x93NUMPY")
      what = "an .npy file, not a .safetensors file";
    else if (text != std::string_view::npos && (start[text] == '{' || start[text] == '['))
      what = "JSON, not a .safetensors file (a config or an index? Give the .safetensors file that holds the tensors)";
    if (!what.empty()) throw safetensors_error(path + ": " + what);
  }

  // One tensor's entry as the header gives it, before it is believed.
  struct raw_entry {
    std::string name;
    bool has_dtype = false, has_shape = false, has_offsets = false;
    std::string dtype;
    std::vector<std::uint64_t> shape, offsets;
  };

  // A raw entry checked: a dtype known, a shape whose element count fits, offsets inside the data
  // that hold exactly the shape's bytes.
  static tensor_info validate(const std::string& path, const raw_entry& e, std::uint64_t data_size)
  {
    const std::string where = path + ": tensor '" + e.name + "': ";
    if (!e.has_dtype) throw safetensors_error(where + "no dtype string");
    if (!e.has_shape) throw safetensors_error(where + "no shape array");
    if (!e.has_offsets || e.offsets.size() != 2) throw safetensors_error(where + "data_offsets must be [begin, end]");
    tensor_info t;
    t.name = e.name;
    t.dtype = e.dtype;
    const std::int64_t elem = safetensors_dtype_size(t.dtype);
    if (elem == 0) throw safetensors_error(where + "unknown dtype '" + t.dtype + "'");
    std::int64_t count = 1;
    for (const auto v : e.shape) {
      if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) ||
          __builtin_mul_overflow(count, static_cast<std::int64_t>(v), &count))
        throw safetensors_error(where + "the shape's element count overflows 64 bits");
      t.shape.push_back(static_cast<std::int64_t>(v));
    }
    const auto begin = e.offsets[0], end = e.offsets[1];
    if (begin > end) throw safetensors_error(where + "data_offsets begin after they end");
    if (end > data_size)
      throw safetensors_error(where + "data_offsets end at byte " + std::to_string(end) + ", past the " +
                              std::to_string(data_size) + " bytes of data");
    std::int64_t bytes = 0;
    if (__builtin_mul_overflow(count, elem, &bytes) || static_cast<std::uint64_t>(bytes) != end - begin)
      throw safetensors_error(where + "shape and dtype make " + std::to_string(count) + " elements of " +
                              std::to_string(elem) + " bytes, but data_offsets hold " + std::to_string(end - begin) +
                              " bytes");
    t.begin = static_cast<std::int64_t>(begin);
    t.end = static_cast<std::int64_t>(end);
    return t;
  }

  // The header's JSON events, read against the schema `{name: {"dtype": s, "shape": [n...],
  // "data_offsets": [b, e]}, "__metadata__": {key: s}}`: anything else is refused where it
  // appears, as is a name or a field given twice.
  class header_reader final : public nlohmann::json_sax<nlohmann::json> {
  public:
    header_reader(safetensors_file& f, std::uint64_t data_size) : f_(f), data_size_(data_size) {}

    bool start_object(std::size_t) override
    {
      if (depth_ == 0) {
        depth_ = 1;
      } else if (depth_ == 1) {
        depth_ = 2;
        entry_ = raw_entry{};
        entry_.name = name_;
      } else {
        fail("an object where " + expected() + " belongs");
      }
      return true;
    }
    bool key(string_t& k) override
    {
      if (depth_ == 1) {
        if (!names_.insert(k).second) fail("the name '" + k + "' appears twice; refusing to pick one of its entries");
        name_ = k;
        metadata_ = k == "__metadata__";
      } else if (metadata_) {
        if (f_.metadata_.count(k)) fail("__metadata__: the key '" + k + "' appears twice");
        field_ = k;
      } else {
        if (k != "dtype" && k != "shape" && k != "data_offsets")
          fail("tensor '" + name_ + "': unknown field '" + k + "' (an entry holds dtype, shape and data_offsets)");
        if ((k == "dtype" && entry_.has_dtype) || (k == "shape" && entry_.has_shape) ||
            (k == "data_offsets" && entry_.has_offsets))
          fail("tensor '" + name_ + "': the field '" + k + "' appears twice");
        field_ = k;
      }
      return true;
    }
    bool end_object() override
    {
      if (depth_ == 2) {
        if (!metadata_) f_.tensors_.push_back(validate(f_.path_, entry_, data_size_));
        depth_ = 1;
        field_.clear();
      } else {
        depth_ = 0;
      }
      return true;
    }
    bool start_array(std::size_t) override
    {
      if (depth_ == 2 && !metadata_ && !in_array_ && (field_ == "shape" || field_ == "data_offsets")) {
        in_array_ = true;
        if (field_ == "shape")
          entry_.has_shape = true;
        else
          entry_.has_offsets = true;
        return true;
      }
      fail("an array where " + expected() + " belongs");
    }
    bool end_array() override
    {
      in_array_ = false;
      return true;
    }
    bool number_unsigned(number_unsigned_t v) override
    {
      if (!in_array_) fail("a number where " + expected() + " belongs");
      auto& values = field_ == "shape" ? entry_.shape : entry_.offsets;
      values.push_back(v);
      if (entry_.offsets.size() > 2) fail("tensor '" + name_ + "': data_offsets must be [begin, end]");
      if (entry_.shape.size() > max_tensor_rank)
        fail("tensor '" + name_ + "': a shape of more than " + std::to_string(max_tensor_rank) + " dimensions");
      return true;
    }
    bool number_integer(number_integer_t v) override
    {
      if (v >= 0) return number_unsigned(static_cast<number_unsigned_t>(v));
      fail(in_array_ ? "tensor '" + name_ + "': " + field_ + " entries must be non-negative integers"
                     : "a number where " + expected() + " belongs");
    }
    bool number_float(number_float_t, const string_t&) override
    {
      fail(in_array_ ? "tensor '" + name_ + "': " + field_ + " entries must be non-negative integers"
                     : "a number where " + expected() + " belongs");
    }
    bool string(string_t& s) override
    {
      if (depth_ == 2 && metadata_) {
        f_.metadata_[field_] = s;
      } else if (depth_ == 2 && field_ == "dtype" && !in_array_) {
        entry_.dtype = s;
        entry_.has_dtype = true;
      } else {
        fail("a string where " + expected() + " belongs");
      }
      return true;
    }
    bool boolean(bool) override { fail("true or false where " + expected() + " belongs"); }
    bool null() override { fail("null where " + expected() + " belongs"); }
    bool binary(binary_t&) override { fail("binary data where " + expected() + " belongs"); }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override
    {
      throw safetensors_error(f_.path_ + ": the header is not valid JSON: " + json_error_text(e));
    }

  private:
    [[noreturn]] void fail(const std::string& why) const { throw safetensors_error(f_.path_ + ": the header: " + why); }
    std::string expected() const
    {
      if (depth_ == 0) return "the header's object";
      if (depth_ == 1) return "the entry of '" + name_ + "' (an object)";
      if (metadata_) return "__metadata__'s value for '" + field_ + "' (a string)";
      if (field_ == "dtype") return "tensor '" + name_ + "''s dtype (a string)";
      if (field_ == "shape") return "tensor '" + name_ + "''s shape (an array of non-negative integers)";
      return "tensor '" + name_ + "''s data_offsets (an array [begin, end])";
    }

    safetensors_file& f_;
    std::uint64_t data_size_;
    int depth_ = 0;  // 0: outside the header's object; 1: in it; 2: in an entry or __metadata__
    bool metadata_ = false, in_array_ = false;
    std::string name_, field_;
    raw_entry entry_;
    std::set<std::string> names_;
  };

  std::string path_;
  file_identity identity_;  // the file's when its header was read
  std::vector<tensor_info> tensors_;
  std::map<std::string, std::string> metadata_;
  std::uint64_t data_start_ = 0;
};

inline std::vector<float> float_bytes_to_f32(std::string_view dtype, const std::vector<unsigned char>& bytes)
{
  const std::size_t elem = dtype == "F32" ? 4 : 2;
  std::vector<float> out(bytes.size() / elem);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const unsigned char* p = bytes.data() + i * elem;
    if (dtype == "F32") {
      std::uint32_t u = 0;
      for (int b = 3; b >= 0; --b) u = (u << 8) | p[b];
      out[i] = std::bit_cast<float>(u);
    } else if (dtype == "BF16") {
      out[i] = safetensors_file::bf16_to_float(static_cast<std::uint16_t>(p[0] | (p[1] << 8)));
    } else {
      out[i] = safetensors_file::half_to_float(static_cast<std::uint16_t>(p[0] | (p[1] << 8)));
    }
  }
  return out;
}

/// A tensor to write: f32 values, row-major.
struct f32_tensor {
  std::string name;
  std::vector<std::int64_t> shape;
  std::vector<float> values;
};

/// A tensor's name and shape, for `write_safetensors`.
struct tensor_to_write {
  std::string name;
  std::vector<std::int64_t> shape;
};

/// The bytes one element of a dtype a shapeproof writer writes ("F32", "BF16" or "F16") takes;
/// throws `Error` (with `path`) for any other.
template<class Error>
std::int64_t writable_dtype_size(const std::string& path, const std::string& dtype)
{
  if (dtype != "F32" && dtype != "BF16" && dtype != "F16")
    throw Error(path + ": cannot write dtype " + dtype + " (F32, BF16 or F16)");
  return dtype == "F32" ? 4 : 2;
}

/// Appends `values` to `out` as `dtype`'s little-endian bytes (the 16-bit ones rounded to the nearest).
inline void append_as(std::string& out, const std::string& dtype, const std::vector<float>& values)
{
  const std::size_t elem = dtype == "F32" ? 4 : 2;
  for (const float v : values) {
    const std::uint32_t u = dtype == "F32"    ? std::bit_cast<std::uint32_t>(v)
                            : dtype == "BF16" ? float_to_bf16(v)
                                              : float_to_f16(v);
    for (std::size_t i = 0; i < elem; ++i) out.push_back(static_cast<char>((u >> (8 * i)) & 0xFFu));
  }
}

/**
 * @brief Writes a `.safetensors` file of `dtype` ("F32", "BF16" or "F16"), tensor by tensor.
 *
 * `fill(i, values)` is called once per tensor, in order, and must leave exactly the shape's
 * number of values in `values`; only one tensor's values are held at a time.
 */
inline void write_safetensors(const std::string& path, const std::vector<tensor_to_write>& tensors,
                              const std::string& dtype,
                              const std::function<void(std::size_t, std::vector<float>&)>& fill)
{
  const std::int64_t elem = writable_dtype_size<safetensors_error>(path, dtype);
  nlohmann::json header = nlohmann::json::object();
  std::int64_t offset = 0;
  for (const auto& t : tensors) {
    if (header.contains(t.name)) throw safetensors_error(path + ": tensor '" + t.name + "' given twice");
    std::int64_t count = 1;
    for (const auto d : t.shape) count *= d;
    header[t.name] = {{"dtype", dtype}, {"shape", t.shape}, {"data_offsets", {offset, offset + elem * count}}};
    offset += elem * count;
  }
  const std::string text = header.dump();
  std::ofstream out(path, std::ios::binary);
  if (!out) throw safetensors_error(path + ": cannot write: " + std::strerror(errno));
  std::uint64_t n = text.size();
  for (int i = 0; i < 8; ++i) out.put(static_cast<char>((n >> (8 * i)) & 0xFFu));
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  std::vector<float> values;
  std::string bytes;
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    values.clear();
    fill(i, values);
    std::int64_t count = 1;
    for (const auto d : tensors[i].shape) count *= d;
    if (count != static_cast<std::int64_t>(values.size()))
      throw safetensors_error(path + ": tensor '" + tensors[i].name + "' has " + std::to_string(values.size()) +
                              " values for a shape of " + std::to_string(count));
    bytes.clear();
    append_as(bytes, dtype, values);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  out.flush();
  if (!out) throw safetensors_error(path + ": could not write it whole");
}

/// Writes `tensors` as a `.safetensors` file of `dtype` ("F32", "BF16" or "F16"; the 16-bit ones
/// rounded to the nearest), in the given order.
inline void save_safetensors(const std::string& path, const std::vector<f32_tensor>& tensors,
                             const std::string& dtype = "F32")
{
  std::vector<tensor_to_write> names;
  for (const auto& t : tensors) names.push_back({t.name, t.shape});
  write_safetensors(path, names, dtype, [&](std::size_t i, std::vector<float>& v) { v = tensors[i].values; });
}

}  // namespace shapeproof::io

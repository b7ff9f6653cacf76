// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief `.npy` files of float32, read and written without trusting them.
 *
 * The format (NumPy's "NPY format" description): the magic `\x93NUMPY`, a major and a minor
 * version byte, the header's length (a little-endian `uint16` in version 1, `uint32` in 2 and 3),
 * the header (a Python dict literal: `{'descr': '<f4', 'fortran_order': False, 'shape': (5, 16), }`,
 * padded with spaces, ending in a newline), then the data.
 *
 * Everything the header claims is checked before anything is allocated: the magic, the version,
 * the header's length (at most 65,536 bytes, and inside the file), its dict (exactly the three
 * keys, once each), the dtype (float32, either byte order), the order, each extent and their
 * product (in 64 bits), and the data's size: exactly the shape's bytes, no fewer (a truncated
 * file) and no more (a file that is not what its header says). A file that fails is an
 * `npy_error` naming the file and the problem. Fortran-ordered arrays are read into row-major
 * order.
 */

#include <unistd.h>

#include <shapeproof/io/file.hpp>

#include <bit>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace shapeproof::io {

/// A malformed, truncated or lying `.npy` file, or one that is not float32.
class npy_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// A float32 array: its extents (outermost first) and its values, row-major.
struct npy_array {
  std::vector<std::uint64_t> shape;
  std::vector<float> values;
};

/// The longest header shapeproof reads (NumPy itself refuses more than 10,000 bytes by default).
inline constexpr std::uint64_t npy_max_header_bytes = 65536;
/// The most dimensions an array may have.
inline constexpr std::size_t npy_max_rank = 32;

/// What an `.npy` header says, checked against the file's size.
struct npy_header {
  std::vector<std::uint64_t> shape;
  bool fortran_order = false;
  bool big_endian = false;
  std::uint64_t data_offset = 0;  ///< where the data starts
  std::uint64_t count = 0;        ///< elements
};

namespace detail {

// The header's dict, read by a strict little parser of the literal NumPy writes: string keys,
// string, bool and tuple-of-integer values.
class npy_dict {
public:
  npy_dict(const std::string& path, std::string_view text) : path_(path), text_(text) {}

  npy_header parse()
  {
    npy_header h;
    bool descr = false, order = false, shape = false;
    expect('{');
    while (true) {
      skip_space();
      if (peek() == '}') break;
      const std::string key = quoted("a key");
      expect(':');
      bool* seen = key == "descr" ? &descr : key == "fortran_order" ? &order : key == "shape" ? &shape : nullptr;
      if (!seen) fail("the header has a key '" + key + "'; an .npy header has descr, fortran_order and shape");
      if (*seen) fail("the header gives '" + key + "' twice");
      *seen = true;
      if (key == "descr") {
        skip_space();
        if (peek() != '\'' && peek() != '"')
          fail("a structured dtype (descr is not a string); shapeproof reads float32 arrays");
        const std::string d = quoted("descr");
        if (d.empty() || d.find_first_not_of("<>|=abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789[]") !=
                             std::string::npos)
          fail("the header's descr '" + d + "' is not a dtype: a malformed header");
        if (d != "<f4" && d != ">f4" && d != "=f4")
          fail("dtype '" + d + "'" + dtype_hint(d) + "; shapeproof reads float32 ('<f4'): save it with " +
               "x.astype(numpy.float32)");
        h.big_endian = d == ">f4" || (d == "=f4" && std::endian::native == std::endian::big);
      } else if (key == "fortran_order") {
        h.fortran_order = boolean();
      } else {
        h.shape = tuple();
      }
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      skip_space();
      if (peek() != '}') fail("expected ',' or '}' in the header");
    }
    ++pos_;
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\0')) ++pos_;
    if (pos_ != text_.size()) fail("text after the header's dict");
    if (!descr || !order || !shape)
      fail("the header lacks " + std::string(!descr ? "descr" : !order ? "fortran_order" : "shape"));
    return h;
  }

private:
  [[noreturn]] void fail(const std::string& why) const { throw npy_error(path_ + ": " + why); }
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void skip_space()
  {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n')) ++pos_;
  }
  void expect(char c)
  {
    skip_space();
    if (peek() != c) fail(std::string("the header is not a Python dict literal (expected '") + c + "')");
    ++pos_;
  }
  std::string quoted(const char* what)
  {
    skip_space();
    const char q = peek();
    if (q != '\'' && q != '"') fail(std::string("expected a quoted string for ") + what + " in the header");
    const std::size_t start = ++pos_;
    while (pos_ < text_.size() && text_[pos_] != q) {
      if (text_[pos_] == '\\') fail("an escape in a string of the header");
      ++pos_;
    }
    if (pos_ >= text_.size()) fail("an unterminated string in the header");
    return std::string(text_.substr(start, pos_++ - start));
  }
  bool boolean()
  {
    skip_space();
    if (text_.substr(pos_, 4) == "True") return pos_ += 4, true;
    if (text_.substr(pos_, 5) == "False") return pos_ += 5, false;
    fail("fortran_order must be True or False");
  }
  std::vector<std::uint64_t> tuple()
  {
    expect('(');
    std::vector<std::uint64_t> out;
    while (true) {
      skip_space();
      if (peek() == ')') break;
      if (peek() == '-') fail("a negative extent in the shape");
      if (peek() < '0' || peek() > '9') fail("the shape must be a tuple of non-negative integers");
      std::uint64_t v = 0;
      while (peek() >= '0' && peek() <= '9') {
        if (v > (std::uint64_t{1} << 62) / 10) fail("an extent of the shape beyond 2^62");
        v = v * 10 + static_cast<std::uint64_t>(peek() - '0');
        ++pos_;
      }
      if (peek() == 'L') ++pos_;  // Python 2's long integers
      out.push_back(v);
      if (out.size() > npy_max_rank) fail("more than " + std::to_string(npy_max_rank) + " dimensions");
      skip_space();
      if (peek() == ',') {
        ++pos_;
      } else if (peek() != ')') {
        fail("the shape must be a tuple of non-negative integers");
      }
    }
    ++pos_;
    return out;
  }
  static std::string dtype_hint(std::string_view d)
  {
    if (d.size() == 3 && d[1] == 'f' && d[2] == '8') return " (float64)";
    if (d.size() == 3 && d[1] == 'f' && d[2] == '2') return " (float16)";
    if (d.size() >= 3 && (d[1] == 'i' || d[1] == 'u')) return " (integers)";
    return "";
  }

  const std::string& path_;
  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace detail

/// The shape as text: `(5, 16)`.
inline std::string npy_shape_text(const std::vector<std::uint64_t>& shape)
{
  std::string out = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + (shape.size() == 1 ? ",)" : ")");
}

/// The header of an `.npy` file of `file_size` bytes whose first bytes are `prefix` (at least the
/// whole header, or all of a shorter file), checked against that size; throws `npy_error`.
inline npy_header parse_npy_header(const std::string& path, std::string_view prefix, std::uint64_t file_size)
{
  if (prefix.size() < 6 || prefix.substr(0, 6) != "\x93NUMPY") {
    std::string what = "not an .npy file (it does not begin with \"\\x93NUMPY\")";
    if (prefix.substr(0, 4) == "GGUF") what += "; it is a GGUF file";
    if (!prefix.empty() && prefix.size() >= 8 && prefix[0] != '\x93') what += "; is it a .safetensors or text file?";
    throw npy_error(path + ": " + what);
  }
  if (prefix.size() < 8) throw npy_error(path + ": truncated: no version after the magic");
  const auto major = static_cast<unsigned char>(prefix[6]), minor = static_cast<unsigned char>(prefix[7]);
  if (major < 1 || major > 3 || minor != 0)
    throw npy_error(path + ": .npy format version " + std::to_string(major) + "." + std::to_string(minor) +
                    "; shapeproof reads 1.0, 2.0 and 3.0");
  const std::uint64_t length_bytes = major == 1 ? 2 : 4;
  if (prefix.size() < 8 + length_bytes) throw npy_error(path + ": truncated: no header length");
  std::uint64_t length = 0;
  for (std::uint64_t i = 0; i < length_bytes; ++i)
    length |= static_cast<std::uint64_t>(static_cast<unsigned char>(prefix[8 + i])) << (8 * i);
  if (length > npy_max_header_bytes)
    throw npy_error(path + ": a header of " + std::to_string(length) + " bytes, more than the " +
                    std::to_string(npy_max_header_bytes) + " shapeproof reads");
  const std::uint64_t start = 8 + length_bytes;
  if (start + length > file_size || start + length > prefix.size())
    throw npy_error(path + ": truncated: a header of " + std::to_string(length) + " bytes, the file has " +
                    std::to_string(file_size - start) + " after the length");
  const std::string_view text = prefix.substr(start, length);
  if (const auto nul = text.find('\0'); nul != std::string_view::npos)
    throw npy_error(path + ": a NUL byte in the header, at byte " + std::to_string(start + nul));
  npy_header h = detail::npy_dict(path, text).parse();
  h.data_offset = start + length;
  std::uint64_t count = 1;
  for (const auto e : h.shape)
    if (__builtin_mul_overflow(count, e, &count) || count > (std::uint64_t{1} << 61))
      throw npy_error(path + ": the shape " + npy_shape_text(h.shape) + " holds more than 2^61 values");
  h.count = count;
  const std::uint64_t need = count * 4, have = file_size - h.data_offset;
  if (have < need)
    throw npy_error(path + ": truncated: the shape " + npy_shape_text(h.shape) + " of float32 needs " +
                    std::to_string(need) + " bytes of data, the file has " + std::to_string(have));
  if (have > need)
    throw npy_error(path + ": " + std::to_string(have - need) + " bytes after the data of its shape " +
                    npy_shape_text(h.shape) + ": the file is not what its header says");
  return h;
}

namespace detail {

// The array of `h` from its data bytes: byte order and Fortran order undone.
inline npy_array npy_values(const npy_header& h, const unsigned char* data)
{
  npy_array a;
  a.shape = h.shape;
  a.values.resize(static_cast<std::size_t>(h.count));
  for (std::size_t i = 0; i < a.values.size(); ++i) {
    const unsigned char* p = data + 4 * i;
    const std::uint32_t u =
        h.big_endian ? (std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3])
                     : (std::uint32_t{p[3]} << 24 | std::uint32_t{p[2]} << 16 | std::uint32_t{p[1]} << 8 | p[0]);
    a.values[i] = std::bit_cast<float>(u);
  }
  if (h.fortran_order && h.shape.size() > 1 && h.count > 0) {
    // Element (i0, ..., in) is at i0 + s0·(i1 + s1·(...)) in Fortran order: walk the row-major
    // order with an odometer over the indices.
    std::vector<float> row_major(a.values.size());
    std::vector<std::uint64_t> index(h.shape.size(), 0), stride(h.shape.size(), 1);
    for (std::size_t d = 1; d < h.shape.size(); ++d) stride[d] = stride[d - 1] * h.shape[d - 1];
    std::uint64_t from = 0;
    for (auto& v : row_major) {
      v = a.values[static_cast<std::size_t>(from)];
      for (std::size_t d = h.shape.size(); d-- > 0;) {
        from += stride[d];
        if (++index[d] < h.shape[d]) break;
        from -= stride[d] * h.shape[d];
        index[d] = 0;
      }
    }
    a.values.swap(row_major);
  }
  return a;
}

}  // namespace detail

/// A whole `.npy` file given as bytes, checked and read (tests and fuzzing).
inline npy_array parse_npy_f32(const std::string& path, std::string_view bytes)
{
  const npy_header h = parse_npy_header(path, bytes, bytes.size());
  return detail::npy_values(h, reinterpret_cast<const unsigned char*>(bytes.data()) + h.data_offset);
}

/// Reads a float32 `.npy` file: the header checked against the file's size before the data is
/// allocated; throws `npy_error`.
inline npy_array read_npy_f32(const std::string& path)
{
  const std::uint64_t size = regular_file_size<npy_error>(path, "an .npy file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw npy_error(path + ": cannot open: " + std::strerror(errno));
  std::string prefix(static_cast<std::size_t>(std::min<std::uint64_t>(size, 12 + npy_max_header_bytes)), '\0');
  if (!in.read(prefix.data(), static_cast<std::streamsize>(prefix.size()))) throw npy_error(path + ": cannot read");
  const npy_header h = parse_npy_header(path, prefix, size);
  std::vector<unsigned char> data(static_cast<std::size_t>(h.count * 4));
  in.seekg(static_cast<std::streamoff>(h.data_offset));
  if (!in || !in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(data.size())))
    throw npy_error(path + ": cannot read its data (did it change while it was read?)");
  return detail::npy_values(h, data.data());
}

/// Writes `values` (row-major, of `shape`) as a version-1 float32 `.npy` file, flushed to the disk
/// before it returns; throws `npy_error` on any failure to write.
inline void write_npy_f32(const std::string& path, const std::vector<std::uint64_t>& shape, const float* values)
{
  std::uint64_t count = 1;
  for (const auto e : shape) count *= e;
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + npy_shape_text(shape) + ", }";
  const std::size_t total = (10 + header.size() + 1 + 63) / 64 * 64;  // the data aligned to 64 bytes
  header.append(total - 10 - header.size() - 1, ' ');
  header += '\n';
  std::string bytes = "\x93NUMPY\x01";
  bytes += '\0';
  bytes += static_cast<char>(header.size() & 0xFFu);
  bytes += static_cast<char>((header.size() >> 8) & 0xFFu);
  bytes += header;
  std::FILE* out = std::fopen(path.c_str(), "wb");
  if (!out) throw npy_error(path + ": cannot write: " + std::strerror(errno));
  bool good = std::fwrite(bytes.data(), 1, bytes.size(), out) == bytes.size();
  for (std::uint64_t i = 0; good && i < count; ++i) {
    const std::uint32_t u = std::bit_cast<std::uint32_t>(values[i]);
    const unsigned char le[4] = {static_cast<unsigned char>(u), static_cast<unsigned char>(u >> 8),
                                 static_cast<unsigned char>(u >> 16), static_cast<unsigned char>(u >> 24)};
    good = std::fwrite(le, 1, 4, out) == 4;
  }
  good = std::fflush(out) == 0 && good;
  const int saved = errno;
  good = ::fsync(::fileno(out)) == 0 && good;
  good = std::fclose(out) == 0 && good;
  if (!good) throw npy_error(path + ": could not write it whole: " + std::strerror(saved ? saved : errno));
}

}  // namespace shapeproof::io

// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief Files named by a user, checked before they are opened: a reader takes a regular file
 * only (a directory, a FIFO, a device or a socket is refused by name, never opened: a FIFO would
 * block for ever), and reads no more text than it allows.
 */

#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace shapeproof::io {

/// What a path names, in words: "a directory", "a FIFO (a named pipe)", ...; "" for a regular file.
inline std::string kind_of_file(std::filesystem::file_type t)
{
  using std::filesystem::file_type;
  switch (t) {
    case file_type::regular:
      return "";
    case file_type::directory:
      return "a directory";
    case file_type::fifo:
      return "a FIFO (a named pipe)";
    case file_type::character:
      return "a character device";
    case file_type::block:
      return "a block device";
    case file_type::socket:
      return "a socket";
    default:
      return "not a regular file";
  }
}

/// The size of the regular file `path` (symbolic links followed); anything else is an `Error`
/// naming the path and what it is instead of `expected` ("a .npy file").
template<typename Error>
std::uint64_t regular_file_size(const std::string& path, std::string_view expected)
{
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (status.type() == std::filesystem::file_type::not_found) {
    const bool dangling = std::filesystem::is_symlink(std::filesystem::symlink_status(path, ec));
    throw Error(path + (dangling ? ": a symbolic link to nothing" : ": no such file"));
  }
  if (ec) throw Error(path + ": cannot open: " + ec.message());
  if (status.type() != std::filesystem::file_type::regular)
    throw Error(path + ": " + kind_of_file(status.type()) + ", not " + std::string(expected));
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw Error(path + ": cannot read its size: " + ec.message());
  return static_cast<std::uint64_t>(size);
}

/// What identifies a file's contents as they were when its header was read: its device, inode,
/// size and modification time. A reader that opens the file again for its data compares them, so
/// that a file replaced (renamed over) or rewritten since is an error, never bytes read at the old
/// header's offsets.
struct file_identity {
  std::uint64_t device = 0, inode = 0, size = 0;
  std::int64_t modified_ns = 0;
  bool operator==(const file_identity&) const = default;

  /// `path`'s identity now (all zeros when it cannot be read).
  static file_identity of(const std::string& path)
  {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return {};
    return {static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
            static_cast<std::uint64_t>(st.st_size),
            static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + static_cast<std::int64_t>(st.st_mtim.tv_nsec)};
  }
  /// Throws `Error` unless `path` is still the file this identity was taken of.
  template<typename Error>
  void require_same(const std::string& path) const
  {
    if (of(path) != *this)
      throw Error(path + ": changed since its header was read (replaced or written to); open it again");
  }
};

/// The text of the regular file `path`, refused as an `Error` when larger than `max_bytes`.
template<typename Error>
std::string read_text_file(const std::string& path, std::string_view expected, std::uint64_t max_bytes)
{
  const std::uint64_t size = regular_file_size<Error>(path, expected);
  if (size > max_bytes)
    throw Error(path + ": " + std::to_string(size) + " bytes, more than the " + std::to_string(max_bytes) +
                " shapeproof reads for " + std::string(expected));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open: " + std::strerror(errno));
  std::string text(static_cast<std::size_t>(size), '\0');
  if (!in.read(text.data(), static_cast<std::streamsize>(size)) || in.peek() != std::char_traits<char>::eof())
    throw Error(path + ": changed while it was read");
  return text;
}

}  // namespace shapeproof::io

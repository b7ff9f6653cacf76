// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief An output file written whole or not at all, and checked before the work that fills it.
 */

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <shapeproof/io/file.hpp>
#include <shapeproof/io/npy.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace shapeproof::io {

/// An output that cannot be written where asked, or that would replace what it must not.
class output_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// A temporary file beside the output, made before the forward pass (so that an unwritable output
/// is an error before the work, not after it) and renamed over the output once written (so that an
/// interrupted or failed run leaves the user's old file as it was). Removed if never renamed; one
/// left by a run that was killed is removed by the next run to the same output, which finds it by
/// its name: `.<output's name>.shapeproof-<host>-<process id>.tmp`, its process no longer running.
///
/// Only a regular file is replaced (or a path where nothing is yet): a directory, a device, a FIFO
/// or a socket, or a symbolic link to one, is refused; a link to a regular file is followed, and
/// the file it names replaced. The output may not be the weights' file or the input's.
class output_file {
public:
  /// Refuses (`output_error`) what may not be replaced; `weights` and `input` are the files the
  /// work reads, which the output may not replace.
  output_file(const std::string& path, const std::string& weights, const std::string& input) : path_(path)
  {
    namespace fs = std::filesystem;
    std::error_code ec;
    const auto link = fs::symlink_status(path, ec);
    if (fs::is_symlink(link)) {
      const auto target = fs::status(path, ec);
      if (!fs::exists(target)) throw output_error(path + ": a symbolic link to nothing; refusing to write there");
      if (!fs::is_regular_file(target))
        throw output_error(path + ": a symbolic link to " + kind_of_file(target.type()) +
                           "; only a regular file is replaced by the output");
      target_ = fs::canonical(path, ec).string();
      if (ec) throw output_error(path + ": cannot follow the link: " + ec.message());
    } else if (fs::exists(link)) {
      if (!fs::is_regular_file(link))
        throw output_error(path + ": " + kind_of_file(link.type()) + "; only a regular file is replaced by the output");
    }
    if (target_.empty()) target_ = path;
    for (const auto& [file, what] : {std::pair{weights, "the weights' file"}, std::pair{input, "the input's file"}})
      if (fs::exists(target_) && fs::exists(file) && fs::equivalent(target_, file, ec))
        throw output_error(path + ": " + what + "; refusing to replace it with the output");
    const fs::path t(target_);
    const fs::path dir = t.parent_path().empty() ? fs::path(".") : t.parent_path();
    const std::string stem = "." + t.filename().string() + ".shapeproof-";
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0) std::strcpy(host, "host");
    host_ = host;
    remove_stale(dir, stem);
    temporary_ = (dir / (stem + host_ + "-" + std::to_string(static_cast<long long>(::getpid())) + ".tmp")).string();
    std::FILE* probe = std::fopen(temporary_.c_str(), "wb");
    if (!probe) throw output_error(path + ": cannot write there: " + std::strerror(errno));
    std::fclose(probe);
  }
  output_file(const output_file&) = delete;
  output_file& operator=(const output_file&) = delete;
  ~output_file()
  {
    if (!committed_) std::remove(temporary_.c_str());
  }

  /// Writes `values` of `shape` as an .npy file, then puts it in the output's place.
  void write_npy_f32(const std::vector<std::uint64_t>& shape, const float* values)
  {
    try {
      io::write_npy_f32(temporary_, shape, values);
    } catch (const npy_error& e) {
      throw output_error(path_ + ": could not write the output: " + e.what());
    }
    // The replaced file's permissions are kept.
    struct stat old {};
    if (::stat(target_.c_str(), &old) == 0) ::chmod(temporary_.c_str(), old.st_mode & 07777);
    if (std::rename(temporary_.c_str(), target_.c_str()) != 0)
      throw output_error(path_ + ": cannot replace it: " + std::strerror(errno));
    committed_ = true;
  }

  /// What opening the output removed: temporary files of killed runs, one sentence each.
  const std::vector<std::string>& removed() const { return removed_; }

private:
  // Removes the temporary files of this output that this host's runs left and whose process is
  // gone (a run killed before it renamed its output).
  void remove_stale(const std::filesystem::path& dir, const std::string& stem)
  {
    std::error_code ec;
    const std::string mine = stem + host_ + "-";
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.size() <= mine.size() + 4 || name.rfind(mine, 0) != 0 || name.substr(name.size() - 4) != ".tmp")
        continue;
      const std::string digits = name.substr(mine.size(), name.size() - mine.size() - 4);
      if (digits.empty() || digits.size() > 10 ||
          !std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c) != 0; }))
        continue;
      const auto pid = static_cast<pid_t>(std::stol(digits));
      if (pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue;  // its run goes on
      if (entry.is_regular_file(ec) && std::filesystem::remove(entry.path(), ec))
        removed_.push_back("removed " + entry.path().string() + ", left by an interrupted run (process " +
                           std::to_string(static_cast<long>(pid)) + ")");
    }
  }

  std::string path_, target_, temporary_, host_;
  std::vector<std::string> removed_;
  bool committed_ = false;
};

}  // namespace shapeproof::io

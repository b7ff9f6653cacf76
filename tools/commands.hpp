// SPDX-License-Identifier: MIT
#pragma once
// The shapeproof command's subcommands, and what they share.

#include <shapeproof/cost/quantity.hpp>

#include <cstdint>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace shapeproof::tool {

/// Exit codes: the command-line contract.
enum exit_code : int {
  ok = 0,         ///< done
  problems = 1,   ///< a check found problems
  bad_input = 2,  ///< bad usage, or input that cannot be read
};

/// Bad usage or unreadable input: the message goes to stderr and the exit code is 2.
class usage_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// 135266304 -> "135,266,304".
inline std::string grouped(std::int64_t n)
{
  std::string digits = std::to_string(n < 0 ? -n : n), out = n < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

/// Memory in decimal gigabytes (10^9 bytes) and binary gibibytes (2^30 bytes): "14.48 GB (13.49 GiB)".
inline std::string gigabytes(cost::bytes b)
{
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f GB (%.2f GiB)", static_cast<double>(b.value()) / 1e9,
                static_cast<double>(b.value()) / 1073741824.0);
  return buf;
}

int report();

struct params_options {
  std::string preset, config, format = "table";
  std::int64_t tp = 1, ep = 1;
  bool replicate_kv = false;
  std::optional<std::int64_t> context;  // the KV cache's, when asked for
  std::int64_t batch = 1;
  std::string kv_dtype = "bf16";
};
int params(const params_options& o);

struct check_options {
  std::string config, weights;
};
int check(const check_options& o);

struct run_options {
  std::string variant, expert, weights, prefix, input, output, dtype;
  std::int64_t top_k = 0, d = 0, dff = 0, tokens = 0;
  std::uint64_t seed = 1;
  bool store_in_out = false, integer_dot = false, as_stored = false, bf16_dot = false;
  std::int64_t tp = 1, ep = 1;
  std::optional<std::int64_t> layer;  // a GGUF file's
};
int run(const run_options& o);
/// Throws `usage_error` for options that do not go together, or a synthetic model beyond 16 GiB.
void check_run_options(const run_options& o);

struct explain_options {
  std::string variant, format = "table";
  std::int64_t d = 0, dff = 0, experts = 0, top_k = 0;
  std::int64_t heads = 0, kv_heads = 0, head_dim = 0;  // `explain attention`
  bool bias = false;
};
int explain_command(const explain_options& o);

struct synth_options {
  std::string config, out, dtype = "f32";
  std::vector<std::string> transpose;
  std::int64_t tokens = 4;
  std::uint64_t seed = 1;
  bool force = false;
};
int synth(const synth_options& o);

}  // namespace shapeproof::tool

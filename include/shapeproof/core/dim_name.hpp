// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief `dim_name<D>()`: a dimension's name as the compiler spells it, for runtime messages
 * and tables (`d_model`, `shapeproof::cat<d_ff, d_ff>`).
 */

#include <shapeproof/core/dim_concepts.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace shapeproof {

namespace detail {

template<typename T>
constexpr std::string_view raw_type_name()
{
  // g++:   "... raw_type_name() [with T = ns::d_model; std::string_view = ...]"
  // clang: "... raw_type_name() [T = ns::d_model]"
  const std::string_view f = __PRETTY_FUNCTION__;
  const std::size_t start = f.find("T = ") + 4;
  std::size_t end = start;
  int depth = 0;
  for (; end < f.size(); ++end) {
    const char c = f[end];
    if (c == '<') ++depth;
    if (c == '>') --depth;
    if (depth == 0 && (c == ';' || c == ']')) break;
  }
  return f.substr(start, end - start);
}

// The compiler's spelling without namespaces and with the same closing brackets on g++ and
// clang++: "shapeproof::cat<ns::d_ff, ns::d_ff >" -> "cat<d_ff, d_ff>".
inline std::string readable(std::string_view spelled)
{
  std::string out;
  std::size_t word_start = 0;  // where the identifier being copied starts in `out`
  for (std::size_t i = 0; i < spelled.size(); ++i) {
    const char c = spelled[i];
    if (c == ':' && i + 1 < spelled.size() && spelled[i + 1] == ':') {
      out.resize(word_start);  // drop the qualifier just copied
      // ... or an anonymous namespace: g++'s "{anonymous}", clang++'s "(anonymous namespace)"
      if (!out.empty() && (out.back() == '}' || out.back() == ')')) {
        const std::size_t open = out.find_last_of(out.back() == '}' ? '{' : '(');
        out.resize(open == std::string::npos ? 0 : open);
      }
      word_start = out.size();
      ++i;
      continue;
    }
    if (c == ' ' && i + 1 < spelled.size() && spelled[i + 1] == '>') continue;  // g++'s "> >"
    out += c;
    const bool ident = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ident) word_start = out.size();
  }
  return out;
}

}  // namespace detail

/// The name of dimension `D` without namespaces: `dim_name<llama::d_model>() == "d_model"`,
/// `dim_name<cat<d_ff, d_ff>>() == "cat<d_ff, d_ff>"`.
template<Dim D>
std::string dim_name()
{
  return detail::readable(detail::raw_type_name<D>());
}

}  // namespace shapeproof

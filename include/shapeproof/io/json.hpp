// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief JSON from files shapeproof did not write, parsed within bounds: a nesting depth checked
 * by one pass over the text before any value is built (so a deep file costs a scan, not
 * gigabytes), in time linear in its length; and no key twice in one object (JSON parsers keep
 * one of the two in silence, and which one differs between them).
 */

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace shapeproof::io {

/// The deepest nesting of objects and arrays in `text`, counted outside strings, stopping at the
/// first byte past `max_depth` (whose offset is left in `at`). Malformed text is for the parser.
inline int json_depth(std::string_view text, int max_depth, std::size_t& at)
{
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > deepest) deepest = depth;
      if (depth > max_depth) {
        at = i;
        return depth;
      }
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return deepest;
}

/// A JSON parser's error message without its library's code ("[json.exception.parse_error.101] ").
inline std::string json_error_text(const std::exception& e)
{
  std::string what = e.what();
  if (what.rfind("[json.exception.", 0) == 0)
    if (const auto close = what.find("] "); close != std::string::npos) what.erase(0, close + 2);
  return what;
}

/// `text` parsed, or an `Error` naming `where`: not JSON, nested deeper than `max_depth`, or an
/// object with a key twice.
template<typename Error>
nlohmann::json parse_bounded_json(std::string_view text, const std::string& where, int max_depth)
{
  std::size_t at = 0;
  if (json_depth(text, max_depth, at) > max_depth)
    throw Error(where + ": JSON nested more than " + std::to_string(max_depth) + " levels deep (at byte " +
                std::to_string(at) + "); refusing to read it");
  std::vector<std::set<std::string>> keys;  // of each object open
  const nlohmann::json::parser_callback_t no_key_twice = [&](int, nlohmann::json::parse_event_t event,
                                                             nlohmann::json& parsed) {
    using event_t = nlohmann::json::parse_event_t;
    if (event == event_t::object_start) {
      keys.emplace_back();
    } else if (event == event_t::object_end) {
      keys.pop_back();
    } else if (event == event_t::key && !keys.back().insert(parsed.get<std::string>()).second) {
      throw Error(where + ": the key \"" + parsed.get<std::string>() +
                  "\" appears twice in one object; refusing to pick one");
    }
    return true;
  };
  try {
    return nlohmann::json::parse(text.begin(), text.end(), no_key_twice);
  } catch (const nlohmann::json::exception& e) {
    throw Error(where + ": not valid JSON: " + json_error_text(e));
  }
}

}  // namespace shapeproof::io

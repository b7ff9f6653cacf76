# SPDX-License-Identifier: MIT
# The negative-proof harness, run as `cmake -P`:
#   -DCOMPILER=<c++> -DSOURCE=<file.cpp> -DMODE=ok|ko -DINCLUDE_DIRS=<a;b> [-DMAX_LINES=N] [-DMAX_WIDTH=N]
#   [-DSOURCE_DIR=dir] [-DREPORT_DIR=dir]
#
# ok: the file compiles as it is (its twin: without SHAPEPROOF_SHOULD_FAIL_TO_BUILD the code is valid,
#     so the failure in `ko` comes from the one token the macro flips).
# ko: with -DSHAPEPROOF_SHOULD_FAIL_TO_BUILD the file must fail to compile, and
#     - the first line reporting an error contains the phrase of the file's `// EXPECT-ERROR: <phrase>`,
#     - it is the only error (one mistake, one error),
#     - the whole diagnostic has at most MAX_LINES lines (a file may lower or raise its own limit
#       with a second line `// MAX-LINES: <n>`, which says why),
#     - every line of the diagnostic has at most MAX_WIDTH characters, measured with SOURCE_DIR/
#       removed from paths, so that where the repository is cloned does not count; but for one kind
#       of line, g++'s "required by substitution of 'template<...> using alias = ...' [with ...]",
#       which spells the checking alias's parameter list twice and its arguments in full, the bound
#       is MAX_SUBSTITUTION_WIDTH (no compiler option shortens it; clang++ names the alias alone).
#       A file may raise its own width with a line `// MAX-WIDTH: <n>` that says which line and why,
#       and its substitution line's with `// MAX-SUBSTITUTION: <n>`, likewise.
#   A value refused in a constant expression (`constexpr auto c = models::count(cfg);`) is the
#   compiler's own error, "not a constant expression", with the refusing function, named after the
#   rule, on it or on its first note; a file says so with a line `// CONSTANT-EXPRESSION`. Then the
#   phrase must be on that first error line or its first note, and the compilers' framing of a
#   constant that is not one ("non-constant condition for static assertion", "... is not an integral
#   constant expression" for a later use of the refused constant) does not count as an error.
# Anything else, including a file that compiles, is a failure of this script and so of the test.
cmake_minimum_required(VERSION 3.25)

foreach(var COMPILER SOURCE MODE INCLUDE_DIRS)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "compile_fail.cmake: -D${var}=... is required")
  endif()
endforeach()

file(STRINGS "${SOURCE}" expect_line LIMIT_COUNT 1 REGEX "^// EXPECT-ERROR: ")
if(NOT expect_line AND NOT MODE STREQUAL "ok")  # an exercise's solution only has to compile
  message(FATAL_ERROR "${SOURCE}: the first line must be `// EXPECT-ERROR: <phrase>`")
endif()
string(REPLACE "// EXPECT-ERROR: " "" expect "${expect_line}")

set(args -std=c++20 -fsyntax-only -fdiagnostics-color=never)
foreach(dir IN LISTS INCLUDE_DIRS)
  list(APPEND args "-I${dir}")
endforeach()
if(MODE STREQUAL "ko")
  list(APPEND args -DSHAPEPROOF_SHOULD_FAIL_TO_BUILD)
endif()
# starter: an exercise's starter file, which must fail as it is, as a ko twin does with the flag.

execute_process(COMMAND "${COMPILER}" ${args} "${SOURCE}"
                RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)

get_filename_component(name "${SOURCE}" NAME_WE)
get_filename_component(compiler_name "${COMPILER}" NAME)

if(MODE STREQUAL "ok")
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${name} (${compiler_name}): the valid twin does not compile:\n${out}")
  endif()
  message(STATUS "${name} (${compiler_name}): the valid twin compiles")
  return()
endif()

if(result EQUAL 0)
  message(FATAL_ERROR "${name} (${compiler_name}): compiled, but this negative proof must fail with \"${expect}\"")
endif()

string(REGEX REPLACE "\n$" "" trimmed "${out}")
string(REPLACE ";" "," trimmed "${trimmed}")
string(REPLACE "\n" ";" lines "${trimmed}")
list(LENGTH lines line_count)

set(error_lines "")
foreach(line IN LISTS lines)
  if(line MATCHES "(^|: )(fatal )?error: ")
    list(APPEND error_lines "${line}")
  endif()
endforeach()
list(LENGTH error_lines error_count)

if(error_count EQUAL 0)
  message(FATAL_ERROR "${name} (${compiler_name}): failed without an error line:\n${out}")
endif()
file(STRINGS "${SOURCE}" constant_expression_line LIMIT_COUNT 1 REGEX "^// CONSTANT-EXPRESSION")
set(framing_errors 0)
if(constant_expression_line)
  # The compiler's own framing of a value that is not constant, around the one error that names the
  # refusing function: g++'s "non-constant condition for static assertion" (before it inside a
  # static_assert, and for each later use of the refused constant), clang++'s "... is not an
  # integral constant expression" for each later use. A value is refused where it is computed, and
  # every constant use of it then says it is not constant: that is the language, not a second rule.
  set(kept "")
  set(first_seen FALSE)
  foreach(line IN LISTS error_lines)
    if(line MATCHES "non-constant condition for static assertion" OR
       (first_seen AND line MATCHES "is not an integral constant expression"))
      math(EXPR framing_errors "${framing_errors} + 1")
    else()
      list(APPEND kept "${line}")
      set(first_seen TRUE)
    endif()
  endforeach()
  set(error_lines "${kept}")
endif()
list(GET error_lines 0 first_error)
string(FIND "${first_error}" "${expect}" at)
if(at EQUAL -1 AND constant_expression_line)
  # clang++: "... must be initialized by a constant expression", then a note naming the function
  # (the first note after it).
  # (after the source line it quotes and its caret)
  list(FIND lines "${first_error}" first_at)
  math(EXPR next_at "${first_at} + 1")
  while(next_at LESS line_count)
    list(GET lines ${next_at} next_line)
    if(next_line MATCHES ": note: ")
      string(FIND "${next_line}" "${expect}" at)
      break()
    endif()
    math(EXPR next_at "${next_at} + 1")
  endwhile()
endif()
if(at EQUAL -1)
  message(FATAL_ERROR "${name} (${compiler_name}): failed for another reason. The first error line\n"
                      "  ${first_error}\ndoes not contain \"${expect}\". Whole diagnostic:\n${out}")
endif()
# An exercise's starter may fail more than once (its own checks after the rule): the first error is
# what guides the learner, and it is the one checked.
if(MODE STREQUAL "starter")
  message(STATUS "${name} (${compiler_name}): the starter fails with its rule: ${first_error}")
  return()
endif()
math(EXPR error_count "${error_count} - ${framing_errors}")
if(NOT error_count EQUAL 1)
  message(FATAL_ERROR "${name} (${compiler_name}): one mistake must give one error, got ${error_count}:\n${out}")
endif()
file(STRINGS "${SOURCE}" max_lines_line LIMIT_COUNT 3 REGEX "^// MAX-LINES: [0-9]+")
if(max_lines_line)
  string(REGEX REPLACE "^// MAX-LINES: ([0-9]+).*" "\\1" MAX_LINES "${max_lines_line}")
endif()
set(measured_first "${first_error}")
if(DEFINED SOURCE_DIR)
  string(REPLACE "${SOURCE_DIR}/" "" measured_first "${measured_first}")
endif()
string(LENGTH "${measured_first}" first_width)
# Every line, not only the rule's: a context line of a thousand characters is unreadable too.
file(STRINGS "${SOURCE}" max_width_line LIMIT_COUNT 4 REGEX "^// MAX-WIDTH: [0-9]+")
if(max_width_line)
  string(REGEX REPLACE "^// MAX-WIDTH: ([0-9]+).*" "\\1" MAX_WIDTH "${max_width_line}")
endif()
if(NOT DEFINED MAX_SUBSTITUTION_WIDTH)
  set(MAX_SUBSTITUTION_WIDTH 620)
endif()
file(STRINGS "${SOURCE}" max_substitution_line LIMIT_COUNT 4 REGEX "^// MAX-SUBSTITUTION: [0-9]+")
if(max_substitution_line)
  string(REGEX REPLACE "^// MAX-SUBSTITUTION: ([0-9]+).*" "\\1" MAX_SUBSTITUTION_WIDTH "${max_substitution_line}")
endif()
set(widest 0)
set(widest_substitution 0)
foreach(line IN LISTS lines)
  if(DEFINED SOURCE_DIR)
    string(REPLACE "${SOURCE_DIR}/" "" line "${line}")
  endif()
  string(LENGTH "${line}" width)
  if(line MATCHES "required by substitution of ")
    if(width GREATER widest_substitution)
      set(widest_substitution ${width})
      set(widest_substitution_line "${line}")
    endif()
  elseif(width GREATER widest)
    set(widest ${width})
    set(widest_line "${line}")
  endif()
endforeach()
if(DEFINED MAX_WIDTH AND widest GREATER MAX_WIDTH)
  message(FATAL_ERROR "${name} (${compiler_name}): a line of the diagnostic has ${widest} characters, "
                      "more than ${MAX_WIDTH}:\n${widest_line}")
endif()
if(widest_substitution GREATER MAX_SUBSTITUTION_WIDTH)
  message(FATAL_ERROR "${name} (${compiler_name}): g++'s substitution line has ${widest_substitution} characters, "
                      "more than ${MAX_SUBSTITUTION_WIDTH}:\n${widest_substitution_line}")
endif()
if(DEFINED MAX_LINES AND line_count GREATER MAX_LINES)
  message(FATAL_ERROR "${name} (${compiler_name}): the diagnostic has ${line_count} lines, more than ${MAX_LINES}:\n${out}")
endif()

if(DEFINED REPORT_DIR)
  # Written without the repository's own path, so that the docs can quote it wherever it is cloned.
  set(report "${out}")
  if(DEFINED SOURCE_DIR)
    string(REPLACE "${SOURCE_DIR}/" "" report "${report}")
  endif()
  file(WRITE "${REPORT_DIR}/${compiler_name}/${name}.txt" "${report}")
endif()
message(STATUS "${name} (${compiler_name}): fails as it must, ${line_count} lines, first error line ${first_width} "
               "characters, widest line ${widest} (substitution ${widest_substitution}): ${first_error}")

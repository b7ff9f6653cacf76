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
#     - the line with the rule's words has at most MAX_WIDTH characters, measured with SOURCE_DIR/
#       removed from paths, so that where the repository is cloned does not count.
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
list(GET error_lines 0 first_error)
string(FIND "${first_error}" "${expect}" at)
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
if(DEFINED MAX_WIDTH AND first_width GREATER MAX_WIDTH)
  message(FATAL_ERROR "${name} (${compiler_name}): the line with the rule's words has ${first_width} characters, "
                      "more than ${MAX_WIDTH}:\n${measured_first}")
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
               "characters: ${first_error}")

# SPDX-License-Identifier: MIT
# The command is a thin layer over the library: each file of tools/ at most MAX_FILE lines, all of
# them together fewer than MAX_TOTAL. What a C++ program could want belongs in include/.
#   cmake -DDIR=<repository>/tools -DMAX_FILE=300 -DMAX_TOTAL=1250 -P line_budget.cmake
cmake_minimum_required(VERSION 3.25)
file(GLOB files "${DIR}/*")
set(total 0)
foreach(f IN LISTS files)
  file(READ "${f}" text)
  string(REGEX MATCHALL "\n" newlines "${text}")
  list(LENGTH newlines n)
  get_filename_component(name "${f}" NAME)
  math(EXPR total "${total} + ${n}")
  if(n GREATER MAX_FILE)
    message(SEND_ERROR "tools/${name}: ${n} lines, more than ${MAX_FILE}: move what it computes into include/")
  endif()
endforeach()
if(NOT total LESS MAX_TOTAL)
  message(SEND_ERROR "tools/: ${total} lines in all, not fewer than ${MAX_TOTAL}")
endif()
message(STATUS "tools/: ${total} lines in all")

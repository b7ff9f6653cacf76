# SPDX-License-Identifier: MIT
# Included by the scripts that run programs under mpirun: `launcher`, the mpirun command line, and
# `run_and_expect(CODE REGEX COMMAND...)`, which runs a command and wants its exit code and output.
#
# On a 2-core machine 4 ranks oversubscribe it; as root Open MPI wants to be told it may run.
# Open MPI's own allocations outlive MPI_Finalize (in components it unloads, so no suppression
# file can name them): under AddressSanitizer the ranks run without leak detection, which the
# single-process tests of the same code keep.
set(launcher "${MPIEXEC}" --oversubscribe -x ASAN_OPTIONS=detect_leaks=0)
execute_process(COMMAND id -u OUTPUT_VARIABLE uid OUTPUT_STRIP_TRAILING_WHITESPACE)
if(uid STREQUAL "0")
  list(APPEND launcher --allow-run-as-root)
endif()

function(run_and_expect code regex)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
  if(NOT rc EQUAL code)
    message(SEND_ERROR "${ARGN}: exit ${rc}, expected ${code}\n${out}${err}")
  elseif(NOT "${out}${err}" MATCHES "${regex}")
    message(SEND_ERROR "${ARGN}: output does not match \"${regex}\":\n${out}${err}")
  else()
    message(STATUS "ok: ${ARGN}")
  endif()
endfunction()

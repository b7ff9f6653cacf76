# SPDX-License-Identifier: MIT
# Installs shapeproof from BUILD_DIR into a fresh prefix, then configures, builds and runs a
# consumer project that only knows `find_package(shapeproof CONFIG)`.
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed: ${ARGN}\n${out}")
  endif()
endfunction()

run("${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}")
if(NOT EXISTS "${prefix}/include/shapeproof/shapeproof.hpp")
  message(FATAL_ERROR "the install did not put the headers under ${prefix}/include")
endif()
run("${CMAKE_COMMAND}" -S "${CONSUMER_SOURCE}" -B "${WORK_DIR}/build" -G Ninja "-DCMAKE_CXX_COMPILER=${CXX}"
    "-DCMAKE_PREFIX_PATH=${prefix}" "-DWITH_RUNTIME=${RUNTIME}" "-DWITH_MPI=${MPI}" "-DEXAMPLES=${EXAMPLES}")
run("${CMAKE_COMMAND}" --build "${WORK_DIR}/build")
run("${WORK_DIR}/build/consumer")
# The examples built against the install run, and refuse what they are given: a config that is not there
if(EXAMPLES)
  foreach(example run_layer run_layer_tp)
    if(example STREQUAL "run_layer_tp" AND NOT MPI)
      continue()
    endif()
    execute_process(COMMAND "${WORK_DIR}/build/${example}" "${WORK_DIR}/no-config.json" "${WORK_DIR}/no.safetensors" 0
                            "${WORK_DIR}/x.npy" "${WORK_DIR}/y.npy"
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT rc EQUAL 2 OR NOT out MATCHES "no-config.json")
      message(FATAL_ERROR "${example}, built against the install: exit ${rc}, expected 2 naming the config\n${out}")
    endif()
  endforeach()
endif()
message(STATUS "a consumer built and ran against ${prefix}")

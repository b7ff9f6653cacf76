# SPDX-License-Identifier: MIT
# The grader graded: scripts/check_exercise.sh on one file, as a learner would run it, copied under
# the exercise's name into a folder of its own.
#   cmake -DSOURCE_DIR=<repository> -DFILE=<the file> -DEXERCISE=<NN_name> -DEXPECT=solved|not-solved
#         [-DSAYS=<regex>] -DWORK=<folder> -P grade_test.cmake
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
if(EXERCISE STREQUAL "")
  set(copy "${FILE}")  # graded where it is, under its own name
else()
  set(copy "${WORK}/${EXERCISE}.cpp")
  file(COPY_FILE "${FILE}" "${copy}")
endif()
execute_process(COMMAND bash "${SOURCE_DIR}/scripts/check_exercise.sh" "${copy}" RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
if(EXPECT STREQUAL "solved")
  if(NOT rc EQUAL 0 OR NOT out MATCHES "^solved: ")
    message(FATAL_ERROR "${FILE} should be solved: exit ${rc}\n${out}${err}")
  endif()
else()
  if(NOT rc EQUAL 1 OR NOT out MATCHES "^not solved: ")
    message(FATAL_ERROR "${FILE} should not be solved: exit ${rc}\n${out}${err}")
  endif()
  if(DEFINED SAYS AND NOT out MATCHES "${SAYS}")
    message(FATAL_ERROR "${FILE}: not solved, but without saying \"${SAYS}\":\n${out}")
  endif()
endif()
message(STATUS "${out}")

# SPDX-License-Identifier: MIT
# The capstone end to end, as its comment asks a learner to do it: a checkpoint of the config made by
# `shapeproof synth`, checked by `shapeproof check`, one layer run by `shapeproof run` and by the
# solution's run_layer: the two outputs must agree, and a layer the checkpoint lacks must be refused.
#   cmake -DSHAPEPROOF=... -DRUN_CAPSTONE=... -DCONFIG=... -DWORK=... -P run_capstone.cmake
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK}")
function(step expect_rc)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL expect_rc)
    message(FATAL_ERROR "${ARGN}: exit ${rc}, expected ${expect_rc}\n${out}${err}")
  endif()
  set(step_output "${out}${err}" PARENT_SCOPE)
endfunction()
step(0 "${SHAPEPROOF}" synth --config "${CONFIG}" --out "${WORK}" --tokens 5 --seed 16)
step(0 "${SHAPEPROOF}" check --config "${WORK}/config.json" --weights "${WORK}/model.safetensors")
if(NOT step_output MATCHES "314,784")
  message(FATAL_ERROR "check does not count the config's 314,784 parameters:\n${step_output}")
endif()
foreach(layer 0 2)
  step(0 "${SHAPEPROOF}" run --variant swiglu --weights "${WORK}/model.safetensors" --prefix model.layers.${layer}.mlp.
       --input "${WORK}/x.npy" --output "${WORK}/y-command-${layer}.npy")
  step(0 "${RUN_CAPSTONE}" "${WORK}/model.safetensors" "${WORK}/x.npy" ${layer} "${WORK}/y-solution-${layer}.npy")
  step(0 "${RUN_CAPSTONE}" --compare "${WORK}/y-command-${layer}.npy" "${WORK}/y-solution-${layer}.npy")
endforeach()
# Layers 0 and 2 differ (the weights are seeded by name), so agreeing is not agreeing on anything
step(1 "${RUN_CAPSTONE}" --compare "${WORK}/y-solution-0.npy" "${WORK}/y-solution-2.npy")
step(1 "${RUN_CAPSTONE}" "${WORK}/model.safetensors" "${WORK}/x.npy" 3 "${WORK}/y-none.npy")
if(NOT step_output MATCHES "model.layers.3.mlp")
  message(FATAL_ERROR "a layer the checkpoint lacks is not named:\n${step_output}")
endif()
message(STATUS "run_layer runs layers 0 and 2 as shapeproof run does")

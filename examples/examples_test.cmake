# SPDX-License-Identifier: MIT
# The examples on a synthetic checkpoint (`shapeproof synth`): each output equals the
# command's `run` on the same layer (tensor-parallel under mpirun -n 2 for run_layer_tp), and a
# checkpoint or a layer the examples must refuse is refused with the reason.
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

# (MPIEXEC may be empty: the launcher is used only with RUN_LAYER_TP)
include("${CMAKE_CURRENT_LIST_DIR}/../tests/cli/mpi_launcher.cmake")
# Equal within 1e-5 of the output's scale (the kernels may split a pass's work differently run to
# run, and a tensor-parallel sum adds in another order)
function(same a b what)
  execute_process(COMMAND "${COMPARE}" --compare "${a}" "${b}" RESULT_VARIABLE rc OUTPUT_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(SEND_ERROR "${what}: ${a} differs from ${b}: ${out}")
  endif()
endfunction()

set(ck "${WORK}/tiny")
run_and_expect(0 "wrote" "${SHAPEPROOF}" synth --config "${CONFIG}" --out "${ck}" --tokens 5)
run_and_expect(0 "wrote" "${SHAPEPROOF}" run --variant swiglu --weights "${ck}/model.safetensors" --prefix model.layers.1.mlp.
       --input "${ck}/x.npy" --output "${WORK}/y-command.npy")
run_and_expect(0 "wrote" "${SHAPEPROOF}" run --variant swiglu --weights "${ck}/model.safetensors" --prefix model.layers.0.mlp.
       --input "${ck}/x.npy" --output "${WORK}/y-command-layer0.npy")

# 1: run_layer, against the command
run_and_expect(0 "layer 1: \\[5, 64\\] -> d_ff 176 -> \\[5, 64\\]" "${RUN_LAYER}" "${CONFIG}"
       "${ck}/model.safetensors" 1 "${ck}/x.npy" "${WORK}/y-run_layer.npy")
same("${WORK}/y-run_layer.npy" "${WORK}/y-command.npy" "run_layer")
# (the comparison tells layers apart)
execute_process(COMMAND "${COMPARE}" --compare "${WORK}/y-run_layer.npy" "${WORK}/y-command-layer0.npy" RESULT_VARIABLE rc
                OUTPUT_QUIET)
if(rc EQUAL 0)
  message(SEND_ERROR "layer 1's output compares equal to layer 0's")
endif()
run_and_expect(2 "tiny-llama has 2 layers, 0 to 1; no layer 2" "${RUN_LAYER}" "${CONFIG}" "${ck}/model.safetensors" 2
       "${ck}/x.npy" "${WORK}/y-none.npy")
run_and_expect(2 "layer 'one': not a layer number \\(tiny-llama has layers 0 to 1\\)" "${RUN_LAYER}" "${CONFIG}"
       "${ck}/model.safetensors" one "${ck}/x.npy" "${WORK}/y-none.npy")
# an output that cannot be written: refused before the work
run_and_expect(2 "no-such-dir/y.npy: cannot write there" "${RUN_LAYER}" "${CONFIG}" "${ck}/model.safetensors" 1 "${ck}/x.npy"
       "${WORK}/no-such-dir/y.npy")
# an input of another model's width (rule 4)
file(READ "${CONFIG}" config)
string(REPLACE "\"hidden_size\": 64" "\"hidden_size\": 32" narrow "${config}")
file(WRITE "${WORK}/narrow.json" "${narrow}")
run_and_expect(0 "wrote" "${SHAPEPROOF}" synth --config "${WORK}/narrow.json" --out "${WORK}/narrow" --tokens 3)
run_and_expect(2 "rule 4: .*the input's last dimension is 32, the weights' d_model \\(64\\)" "${RUN_LAYER}" "${CONFIG}"
       "${ck}/model.safetensors" 1 "${WORK}/narrow/x.npy" "${WORK}/y-none.npy")
# a checkpoint with a transposed projection: refused by the check, nothing written
run_and_expect(0 "wrote" "${SHAPEPROOF}" synth --config "${CONFIG}" --out "${WORK}/broken" --transpose
       model.layers.1.mlp.up_proj.weight)
run_and_expect(1 "model.layers.1.mlp.up_proj.weight" "${RUN_LAYER}" "${CONFIG}" "${WORK}/broken/model.safetensors" 1
       "${ck}/x.npy" "${WORK}/y-none.npy")
if(EXISTS "${WORK}/y-none.npy")
  message(SEND_ERROR "a refused run_layer wrote its output")
endif()

# 3: the typed FFN, against the same
run_and_expect(0 "model.layers.1.mlp.: 33792 parameters, \\[5, 64\\] -> \\[5, 64\\]" "${TYPED_LAYER}" "${CONFIG}"
       "${ck}/model.safetensors" 1 "${ck}/x.npy" "${WORK}/y-typed.npy")
same("${WORK}/y-typed.npy" "${WORK}/y-command.npy" "typed_layer")
run_and_expect(2 "'model.layers.1.mlp.up_proj.weight': dimension d_ff \\(axis 0\\): expected 176, got 64" "${TYPED_LAYER}" "${CONFIG}" "${WORK}/broken/model.safetensors" 1
       "${ck}/x.npy" "${WORK}/y-none.npy")

# 2: run_layer_tp under mpirun -n 2, against the command's own tensor-parallel run
if(DEFINED RUN_LAYER_TP)
  run_and_expect(0 "wrote" ${launcher} -n 2 "${SHAPEPROOF}" run --variant swiglu --weights "${ck}/model.safetensors" --prefix
         model.layers.1.mlp. --input "${ck}/x.npy" --output "${WORK}/y-command-tp2.npy" --tp 2)
  run_and_expect(0 "2 ranks, each d_ff 88 of 176" ${launcher} -n 2 "${RUN_LAYER_TP}" "${CONFIG}" "${ck}/model.safetensors" 1
         "${ck}/x.npy" "${WORK}/y-tp2.npy")
  same("${WORK}/y-tp2.npy" "${WORK}/y-command-tp2.npy" "run_layer_tp")
  run_and_expect(2 "rule 11: tensor parallelism splits d_ff over tp ranks, so tp must divide d_ff \\(d_ff = 176, tp = 3\\)"
         ${launcher} -n 3 "${RUN_LAYER_TP}" "${CONFIG}" "${ck}/model.safetensors" 1 "${ck}/x.npy" "${WORK}/y-tp3.npy")
endif()

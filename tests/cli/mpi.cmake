# SPDX-License-Identifier: MIT
# Sharded runs under Open MPI: 2 and 4 ranks give the single process's output (within 1e-5 of its
# scale) for a dense, a gated and an MoE variant, tensor- and expert-parallel; a split that does
# not divide exits 1 naming rule 11; a world of the wrong size exits 2.
#   cmake -DSHAPEPROOF=<shapeproof> -DMAKE_CHECKPOINTS=<...> -DMPIEXEC=<mpirun> -DWORK=<dir> -P mpi.cmake
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
execute_process(COMMAND "${MAKE_CHECKPOINTS}" "${WORK}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "make_checkpoints failed")
endif()
include("${CMAKE_CURRENT_LIST_DIR}/mpi_launcher.cmake")

function(same a b what)
  execute_process(COMMAND "${MAKE_CHECKPOINTS}" --compare "${a}" "${b}" RESULT_VARIABLE rc OUTPUT_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(SEND_ERROR "${what}: the sharded output differs from the single process's: ${out}")
  endif()
endfunction()

# name, then the arguments of run, for each case
set(cases
  "dense,--variant,gelu,--weights,${WORK}/gelu-bias.safetensors,--prefix,mlp."
  "gated,--variant,swiglu,--weights,${WORK}/swiglu.safetensors,--prefix,mlp."
  "moe,--variant,moe,--expert,swiglu,--top-k,2,--weights,${WORK}/moe4.safetensors,--prefix,moe.")
foreach(c IN LISTS cases)
  string(REPLACE "," ";" parts "${c}")
  list(GET parts 0 name)
  list(SUBLIST parts 1 -1 args)
  run_and_expect(0 "wrote" "${SHAPEPROOF}" run ${args} --input "${WORK}/x33.npy" --output "${WORK}/${name}-1.npy")
  foreach(n 2 4)
    run_and_expect(0 "on ${n} ranks \\(tensor-parallel, tp ${n}\\).*communicating.*wrote" ${launcher} -n ${n}
                   "${SHAPEPROOF}" run ${args} --input "${WORK}/x33.npy" --output "${WORK}/${name}-tp${n}.npy" --tp ${n})
    same("${WORK}/${name}-1.npy" "${WORK}/${name}-tp${n}.npy" "${name}, tp ${n}")
    if(name STREQUAL "moe")
      run_and_expect(0 "on ${n} ranks \\(expert-parallel, ep ${n}\\).*experts hit: 4 of 4.*wrote" ${launcher} -n ${n}
                     "${SHAPEPROOF}" run ${args} --input "${WORK}/x33.npy" --output "${WORK}/${name}-ep${n}.npy" --ep ${n})
      same("${WORK}/${name}-1.npy" "${WORK}/${name}-ep${n}.npy" "${name}, ep ${n}")
    endif()
  endforeach()
endforeach()

# Every rank repacks its part in panels unless --as-stored: the same output either way
run_and_expect(0 "on 2 ranks \\(tensor-parallel, tp 2\\).*wrote" ${launcher} -n 2 "${SHAPEPROOF}" run --variant moe
               --expert swiglu --top-k 2 --weights "${WORK}/moe4.safetensors" --prefix moe. --input "${WORK}/x33.npy"
               --output "${WORK}/moe-tp2-as-stored.npy" --tp 2 --as-stored)
same("${WORK}/moe-1.npy" "${WORK}/moe-tp2-as-stored.npy" "moe, tp 2, weights as stored")

# Synthetic mode: time, GFLOP/s, the share of time communicating
run_and_expect(0 "on 2 ranks \\(tensor-parallel, tp 2\\): [0-9.]+ ms, [0-9.]+ GFLOP/s; communicating [0-9.]+ ms \\([0-9]+% of the pass"
               ${launcher} -n 2 "${SHAPEPROOF}" run --variant swiglu --d 64 --dff 160 --tokens 7 --tp 2)
run_and_expect(0 "on 4 ranks \\(expert-parallel, ep 4\\)" ${launcher} -n 4 "${SHAPEPROOF}" run --variant moe --expert
               swiglu --top-k 2 --d 64 --dff 160 --tokens 9 --ep 4)
# Splits that do not divide: rule 11, exit 1
run_and_expect(1 "rule 11: tensor parallelism splits d_ff over tp ranks, so tp must divide d_ff \\(d_ff = 161, tp = 2\\)"
               ${launcher} -n 2 "${SHAPEPROOF}" run --variant swiglu --d 64 --dff 161 --tokens 7 --tp 2)
run_and_expect(1 "rule 11: expert parallelism splits the experts over ep ranks, so ep must divide the experts \\(experts = 4, ep = 3\\)"
               ${launcher} -n 3 "${SHAPEPROOF}" run --variant moe --expert swiglu --top-k 2 --weights
               "${WORK}/moe4.safetensors" --prefix moe. --input "${WORK}/x33.npy" --output "${WORK}/no.npy" --ep 3)
if(EXISTS "${WORK}/no.npy")
  message(SEND_ERROR "a refused run wrote its output")
endif()
# A world of another size than --tp x --ep: exit 2, said once
run_and_expect(2 "--tp 2 --ep 1 needs 2 ranks; this run has 4" ${launcher} -n 4 "${SHAPEPROOF}" run --variant swiglu
               --d 64 --dff 160 --tokens 7 --tp 2)

# Every early refusal reaches the user, on stderr, once, however the ranks are scheduled: 4 ranks on
# 2 cores, 20 times each (rank 0 writes, then every rank leaves together; a rank leaving first could
# have mpirun end the job before the message was written).
function(refused_every_time code regex)
  foreach(i RANGE 1 20)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
    string(REPLACE ";" "," err_text "${err}")  # a list separator in the text would count twice
    string(REGEX MATCHALL "${regex}" said "${err_text}")
    list(LENGTH said times)
    if(NOT rc EQUAL code OR NOT times EQUAL 1)
      message(SEND_ERROR "run ${i} of ${ARGN}: exit ${rc} (expected ${code}), the message on stderr ${times} times "
                         "(expected once):\n${out}${err}")
      return()
    endif()
  endforeach()
  message(STATUS "ok, 20 times: ${ARGN}")
endfunction()
refused_every_time(2 "needs 2 ranks. this run has 4" ${launcher} -n 4 "${SHAPEPROOF}" run --variant swiglu --d 64 --dff
                   160 --tokens 7 --tp 2)
refused_every_time(2 "--tp and --ep must be 1 or more" ${launcher} -n 4 "${SHAPEPROOF}" run --variant swiglu --d 64
                   --dff 160 --tokens 7 --tp 0)
refused_every_time(2 "split one model in two ways" ${launcher} -n 4 "${SHAPEPROOF}" run --variant swiglu --d 64 --dff
                   160 --tokens 7 --tp 2 --ep 2)
refused_every_time(1 "rule 11: tensor parallelism splits d_ff over tp ranks" ${launcher} -n 4 "${SHAPEPROOF}" run
                   --variant swiglu --d 64 --dff 162 --tokens 7 --tp 4)
# An output refused before the pass (only rank 0 writes it): every rank stops, none waits for ever.
refused_every_time(2 "no.npy: cannot write there" ${launcher} -n 2 "${SHAPEPROOF}" run --variant moe --expert swiglu
                   --top-k 2 --weights "${WORK}/moe4.safetensors" --prefix moe. --input "${WORK}/x33.npy" --output
                   "${WORK}/missing-directory/no.npy" --ep 2)

# A sharded run reads with the single process's checks: experts that are not one declaration are
# refused under --ep as they are without it (every rank checks every expert's header), and every
# rank exits.
run_and_expect(2 "moe-expert-dff.safetensors: shapeproof rule 6: .*and the same d_ff" ${launcher} -n 2 "${SHAPEPROOF}"
               run --variant moe --expert swiglu --top-k 2 --weights "${WORK}/untrusted/moe-expert-dff.safetensors"
               --prefix moe. --input "${WORK}/x33.npy" --output "${WORK}/no.npy" --ep 2)
run_and_expect(2 "moe-one-bias.safetensors: the experts of an MoE are one declaration \\(rule 6\\): 'moe.experts.2.up_proj.bias' has a bias"
               ${launcher} -n 2 "${SHAPEPROOF}" run --variant moe --expert swiglu --top-k 2 --weights
               "${WORK}/untrusted/moe-one-bias.safetensors" --prefix moe. --input "${WORK}/x33.npy" --output
               "${WORK}/no.npy" --ep 2)

# Each rank failing alone, at each stage (each rank given its own arguments: mpirun's "A : B"):
# the weights, the input, and (rank 0 writes it) the output's place. The failing rank says why,
# every rank exits within 30 s, and no output is written.
set(good --variant moe --expert swiglu --top-k 2 --prefix moe. --ep 2)
set(stages
  "weights=--weights=${WORK}/untrusted/duplicate.safetensors=duplicate.safetensors: the header: the name"
  "input=--input=${WORK}/untrusted/x-truncated.npy=x-truncated.npy: truncated"
  "output=--output=${WORK}/missing-directory/no.npy=no.npy: cannot write there")
foreach(stage IN LISTS stages)
  string(REPLACE "=" ";" parts "${stage}")
  list(GET parts 0 name)
  list(GET parts 1 option)
  list(GET parts 2 value)
  list(GET parts 3 says)
  foreach(failing 0 1)
    if(name STREQUAL "output" AND failing EQUAL 1)
      continue()  # only rank 0 writes the output; the others' --output is not theirs to check
    endif()
    foreach(rank 0 1)
      set(args_${rank} --weights "${WORK}/moe4.safetensors" --input "${WORK}/x33.npy" --output "${WORK}/no.npy")
      if(rank EQUAL failing)
        list(FIND args_${rank} "${option}" at)
        math(EXPR at "${at} + 1")
        list(REMOVE_AT args_${rank} ${at})
        list(INSERT args_${rank} ${at} "${value}")
      endif()
    endforeach()
    file(REMOVE "${WORK}/no.npy")
    set(prefix "")
    if(failing EQUAL 1)
      set(prefix "rank 1: ")
    endif()
    # (Each app context inherits mpirun's environment on this machine, whatever -x reaches.)
    execute_process(COMMAND "${CMAKE_COMMAND}" -E env ASAN_OPTIONS=detect_leaks=0 ${launcher} -n 1 "${SHAPEPROOF}" run
                            ${good} ${args_0} : -n 1 "${SHAPEPROOF}" run ${good} ${args_1}
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 30)
    if(NOT rc EQUAL 2 OR NOT err MATCHES "shapeproof: ${prefix}[^\n]*${says}" OR EXISTS "${WORK}/no.npy")
      message(SEND_ERROR "rank ${failing} failing alone at its ${name}: exit ${rc}\n${out}${err}")
    else()
      message(STATUS "ok: rank ${failing} failing alone at its ${name}")
    endif()
  endforeach()
endforeach()

# SPDX-License-Identifier: MIT
# Files that lie, are cut short, nest without end, repeat a name or have the wrong type, and
# outputs that are not regular files: each refused with exit 1 or 2 and a message naming the file
# and the problem, within 10 s (and, outside the sanitizer builds, 2 GiB of address space), with no
# output created or changed.
#   cmake -DSHAPEPROOF=<shapeproof> -DMAKE_CHECKPOINTS=<...> -DWORK=<dir> -DLIMIT_MEMORY=ON|OFF
#         -P untrusted_input.cmake
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK}")
execute_process(COMMAND "${MAKE_CHECKPOINTS}" "${WORK}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "could not make the test files")
endif()
set(U "${WORK}/untrusted")
set(limit "")
if(LIMIT_MEMORY)
  set(limit prlimit --as=2147483648 --)
endif()

# refused(<exit code> <regex> <args...>): the command exits with that code within 10 s, says the
# regex on stderr, and creates no ${U}/out.npy.
function(refused code regex)
  file(REMOVE "${U}/out.npy")
  execute_process(COMMAND ${limit} "${SHAPEPROOF}" ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
                  TIMEOUT 10)
  if(NOT rc EQUAL code)
    message(SEND_ERROR "shapeproof ${ARGN}: exit ${rc}, expected ${code}\n${out}${err}")
  elseif(NOT "${out}${err}" MATCHES "${regex}")
    message(SEND_ERROR "shapeproof ${ARGN}: does not say \"${regex}\":\n${out}${err}")
  elseif(EXISTS "${U}/out.npy")
    message(SEND_ERROR "shapeproof ${ARGN}: refused, but wrote its output")
  else()
    message(STATUS "ok: ${ARGN}")
  endif()
endfunction()

set(run run --variant swiglu --weights "${WORK}/swiglu.safetensors" --prefix mlp.)
set(out --output "${U}/out.npy")

# .npy inputs: cut short, lying about their shape, of another dtype or rank
refused(2 "x-truncated.npy: truncated: the shape \\(5, 16\\) of float32 needs 320 bytes of data, the file has 313"
        ${run} --input "${U}/x-truncated.npy" ${out})
refused(2 "x-lying-shape.npy: truncated: the shape \\(30000000, 16\\) of float32 needs 1920000000 bytes of data, the file has 100"
        ${run} --input "${U}/x-lying-shape.npy" ${out})
refused(2 "x-overflow.npy: the shape \\(1152921504606846976, 16\\) holds more than 2\\^61 values" ${run} --input
        "${U}/x-overflow.npy" ${out})
refused(2 "x-negative.npy: a negative extent in the shape" ${run} --input "${U}/x-negative.npy" ${out})
refused(2 "x-long-header.npy: a header of 1500000000 bytes, more than the 65536" ${run} --input
        "${U}/x-long-header.npy" ${out})
refused(2 "x-f64.npy: dtype '<f8' \\(float64\\); shapeproof reads float32" ${run} --input "${U}/x-f64.npy" ${out})
refused(2 "x-rank3.npy: expected \\[tokens, d_model\\], got rank 3 \\(5, 16, 1\\)" ${run} --input "${U}/x-rank3.npy" ${out})
refused(2 "x-no-tokens.npy: no tokens" ${run} --input "${U}/x-no-tokens.npy" ${out})
refused(2 "swiglu.safetensors: no such file|x.npy: no such file" ${run} --input "${U}/x.npy" ${out})
refused(2 "untrusted: a directory, not an .npy file" ${run} --input "${U}" ${out})
# An input in Fortran order is the same input
execute_process(COMMAND "${SHAPEPROOF}" ${run} --input "${U}/x-fortran.npy" --output "${U}/y-fortran.npy"
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
execute_process(COMMAND "${MAKE_CHECKPOINTS}" --compare "${U}/y-fortran.npy" "${WORK}/y-expected.npy" RESULT_VARIABLE same)
if(NOT rc EQUAL 0 OR NOT same EQUAL 0)
  message(SEND_ERROR "a Fortran-ordered input: exit ${rc}, or an output other than the row-major input's")
endif()

# Weights: nested without end, a name twice, the wrong kind of file, experts that differ
refused(2 "nested.safetensors: the header nests JSON more than 3 levels deep \\(at byte 8\\)" run --variant swiglu
        --weights "${U}/nested.safetensors" --input "${WORK}/x.npy" ${out})
refused(2 "duplicate.safetensors: the header: the name 'mlp.up_proj.weight' appears twice" run --variant swiglu
        --weights "${U}/duplicate.safetensors" --input "${WORK}/x.npy" ${out})
refused(2 "llama-good.gguf: a GGUF file, not a .safetensors file" run --variant swiglu --weights
        "${WORK}/llama-good.gguf" --input "${WORK}/x.npy" ${out})
refused(2 "short.safetensors: a GGUF file, not a .safetensors file" run --variant swiglu --weights
        "${U}/short.safetensors" --input "${WORK}/x.npy" ${out})
refused(2 "model.safetensors.index.json: JSON, not a .safetensors file" run --variant swiglu --weights
        "${WORK}/model.safetensors.index.json" --input "${WORK}/x.npy" ${out})
refused(2 "untrusted: a directory, not a .safetensors file" run --variant swiglu --weights "${U}" --input
        "${WORK}/x.npy" ${out})
refused(2 "moe-expert-dff.safetensors: shapeproof rule 6: .* and the same d_ff .*'moe.experts.3.gate_proj.weight' is \\[48, 16\\], expert 0's is \\[40, 16\\]"
        run --variant moe --expert swiglu --top-k 2 --weights "${U}/moe-expert-dff.safetensors" --prefix moe. --input
        "${WORK}/x.npy" ${out})
refused(2 "moe-one-bias.safetensors: the experts of an MoE are one declaration \\(rule 6\\): 'moe.experts.2.up_proj.bias' has a bias, 'moe.experts.0.up_proj.bias' none"
        run --variant moe --expert swiglu --top-k 2 --weights "${U}/moe-one-bias.safetensors" --prefix moe. --input
        "${WORK}/x.npy" ${out})

# Configs and indexes: nested without end, a key twice, too large
refused(2 "config-nested.json: JSON nested more than 32 levels deep" params --config "${U}/config-nested.json")
refused(2 "config-twice.json: the key \"hidden_size\" appears twice in one object" params --config
        "${U}/config-twice.json")
refused(2 "config-huge.json: [0-9]+ bytes, more than the 8388608 shapeproof reads for a config.json" params --config
        "${U}/config-huge.json")
file(WRITE "${U}/config-overflow.json" [=[{"model_type": "llama", "hidden_size": 1099511627776, "intermediate_size":
  1099511627776, "num_hidden_layers": 1000000, "num_attention_heads": 1, "vocab_size": 10}]=])
refused(2 "config-overflow.json: shapeproof rule 9: a parameter, FLOP or byte count must fit in 64 bits" params --config
        "${U}/config-overflow.json")
refused(2 "nested.safetensors.index.json: JSON nested more than 8 levels deep" check --config "${WORK}/llama.json"
        --weights "${U}/nested.safetensors.index.json")
refused(2 "twice.safetensors.index.json: weight_map names 'model.norm.weight' twice" check --config
        "${WORK}/llama.json" --weights "${U}/twice.safetensors.index.json")

# GGUF: metadata of the wrong type is a problem, a count beyond the infos and a short file are named
refused(1 "llama.block_count: a string, not an integer \\(the config says 2\\)" check --config "${WORK}/llama.json"
        --weights "${U}/block-count-string.gguf")
refused(1 "llama.block_count: larger than 2\\^63 - 1" check --config "${WORK}/llama.json" --weights
        "${U}/block-count-huge.gguf")
refused(1 "general.architecture: an unsigned integer, not a string \\(expected \"llama\"\\)" check --config
        "${WORK}/llama.json" --weights "${U}/architecture-u32.gguf")
refused(2 "extra-count.gguf: tensor info 22 of the 22 the header claims has an empty name \\(after '[^']+'\\): does the file hold fewer tensors"
        check --config "${WORK}/llama.json" --weights "${U}/extra-count.gguf")
refused(2 "short.gguf: truncated: the version needs 4 bytes" check --config "${WORK}/llama.json" --weights
        "${U}/short.gguf")

# Synthetic sizes beyond any machine: refused, with no overflow on the way
refused(2 "--d 1 --dff 2305843009213693952 --tokens 1 would need more than 16 GiB" run --variant relu --d 1 --dff
        2305843009213693952 --tokens 1)
refused(2 "would need more than 16 GiB" run --variant moe --expert swiglu --top-k 2 --d 9223372036854775807 --dff
        9223372036854775807 --tokens 9223372036854775807)
# Just past the limit, in bytes not floats: 32768 · 65536 · 3 weights are 6.4e9 floats, 25.8 GB in f32
refused(2 "--d 32768 --dff 65536 --tokens 1 would need more than 16 GiB" run --variant relu --d 32768 --dff 65536
        --tokens 1)
# In panels each projection's outputs are padded to whole panels (16 or 32 outputs, as the build's vectors
# are wide): with d_model 1, down's panels are 16 or 32 times its 400,000,000 weights (25.6 or 51.2 GB)
refused(2 "--d 1 --dff 400000000 --tokens 1 would need more than 16 GiB" run --variant relu --d 1 --dff 400000000
        --tokens 1)
# ... and by the tokens alone: 3 weights and 858,993,459 · (1 + 4) activations, 2^32 + 2 floats
refused(2 "--d 1 --dff 1 --tokens 858993459 would need more than 16 GiB" run --variant relu --d 1 --dff 1 --tokens
        858993459)

# Outputs: only a regular file is replaced (or a path where nothing is), and never the weights
file(MAKE_DIRECTORY "${U}/a-directory")
execute_process(COMMAND mkfifo "${U}/a-fifo")
file(CREATE_LINK "${U}/a-directory" "${U}/link-to-directory" SYMBOLIC)
file(CREATE_LINK "${U}/a-fifo" "${U}/link-to-fifo" SYMBOLIC)
file(CREATE_LINK "${U}/nothing" "${U}/dangling" SYMBOLIC)
foreach(pair "a-directory=a directory; only a regular file is replaced" "a-fifo=a FIFO \\(a named pipe\\); only a regular"
             "link-to-directory=a symbolic link to a directory" "link-to-fifo=a symbolic link to a FIFO"
             "dangling=a symbolic link to nothing")
  string(REPLACE "=" ";" pair "${pair}")
  list(GET pair 0 name)
  list(GET pair 1 says)
  refused(2 "${name}: ${says}" ${run} --input "${WORK}/x.npy" --output "${U}/${name}")
endforeach()
if(NOT IS_DIRECTORY "${U}/a-directory" OR NOT IS_SYMLINK "${U}/dangling" OR EXISTS "${U}/nothing")
  message(SEND_ERROR "a refused output was changed")
endif()
file(SHA256 "${WORK}/swiglu.safetensors" before)
refused(2 "swiglu.safetensors: the weights' file; refusing to replace it" ${run} --input "${WORK}/x.npy" --output
        "${WORK}/swiglu.safetensors")
file(SHA256 "${WORK}/swiglu.safetensors" after)
if(NOT before STREQUAL after)
  message(SEND_ERROR "the weights were changed")
endif()
file(COPY_FILE "${WORK}/x.npy" "${U}/x-copy.npy")
refused(2 "x-copy.npy: the input's file; refusing to replace it" ${run} --input "${U}/x-copy.npy" --output
        "${U}/x-copy.npy")
# An index that gives a tensor no file it can open
file(WRITE "${U}/empty-name.safetensors.index.json" [=[{"weight_map": {"model.norm.weight": ""}}]=])
refused(2 "empty-name.safetensors.index.json: weight_map gives 'model.norm.weight' no file name it can open" check
        --config "${WORK}/llama.json" --weights "${U}/empty-name.safetensors.index.json")
# A link to a regular file: the file it names is replaced, the link kept, the file's mode kept
file(WRITE "${U}/old-output.npy" "old")
file(CHMOD "${U}/old-output.npy" PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)
file(CREATE_LINK "${U}/old-output.npy" "${U}/link-to-output" SYMBOLIC)
execute_process(COMMAND "${SHAPEPROOF}" ${run} --input "${WORK}/x.npy" --output "${U}/link-to-output"
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
execute_process(COMMAND "${MAKE_CHECKPOINTS}" --compare "${U}/old-output.npy" "${WORK}/y-expected.npy" RESULT_VARIABLE same)
execute_process(COMMAND stat -c %a "${U}/old-output.npy" OUTPUT_VARIABLE mode OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0 OR NOT same EQUAL 0 OR NOT IS_SYMLINK "${U}/link-to-output" OR NOT mode STREQUAL "640")
  message(SEND_ERROR "an output through a link: exit ${rc}, compare ${same}, mode ${mode}")
endif()

# A run killed before it renamed its output leaves its temporary file; the next run to the same
# output removes it (and says so), and leaves other hosts' and running processes' alone.
cmake_host_system_information(RESULT host QUERY HOSTNAME)
string(REPLACE ";" " " run_text "${run}")
execute_process(COMMAND bash -c [=[
  set -u
  "$0" $1 --input "$2" --output "$3/killed.npy" >/dev/null 2>&1 &
  pid=$!
  for i in $(seq 1 400); do
    if compgen -G "$3/.killed.npy.shapeproof-*-$pid.tmp" >/dev/null; then break; fi
    sleep 0.01
  done
  kill -9 $pid
  wait $pid 2>/dev/null
  compgen -G "$3/.killed.npy.shapeproof-*-$pid.tmp"]=] "${SHAPEPROOF}" "${run_text}" "${WORK}/x.npy" "${U}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE left OUTPUT_STRIP_TRAILING_WHITESPACE)
file(WRITE "${U}/.killed.npy.shapeproof-${host}-2147483000.tmp" "stale")  # a process id no kernel gives
file(WRITE "${U}/.killed.npy.shapeproof-another-host-2147483000.tmp" "another host's")
execute_process(COMMAND "${SHAPEPROOF}" ${run} --input "${WORK}/x.npy" --output "${U}/killed.npy"
                RESULT_VARIABLE rc2 OUTPUT_QUIET ERROR_VARIABLE said)
file(GLOB still "${U}/.killed.npy.shapeproof-${host}-*.tmp")
if(NOT rc2 EQUAL 0 OR still OR NOT EXISTS "${U}/.killed.npy.shapeproof-another-host-2147483000.tmp"
   OR NOT said MATCHES "removed .*shapeproof-${host}-2147483000.tmp, left by an interrupted run")
  message(SEND_ERROR "stale temporary files: exit ${rc2}, left ${still}, said ${said}")
endif()
if(left STREQUAL "")
  message(STATUS "note: the killed run had not made its temporary file yet (${rc})")
elseif(said MATCHES "removed ${left}")
  message(STATUS "ok: a killed run's temporary file ${left} removed by the next run")
else()
  message(SEND_ERROR "a killed run's temporary file ${left} was not removed: ${said}")
endif()

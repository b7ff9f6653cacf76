# SPDX-License-Identifier: MIT
# Drives the shapeproof command end to end: exit codes, messages, JSON fields, files written.
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK}")
execute_process(COMMAND "${MAKE_CHECKPOINTS}" "${WORK}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "could not make the test checkpoints")
endif()

set(failures 0)
# expect(<exit code> <regex the output must match> <args...>)
function(expect code regex)
  execute_process(COMMAND "${SHAPEPROOF}" ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(all "${out}${err}")
  if(NOT rc EQUAL code)
    message(SEND_ERROR "shapeproof ${ARGN}: exit ${rc}, expected ${code}\n${all}")
  elseif(NOT all MATCHES "${regex}")
    message(SEND_ERROR "shapeproof ${ARGN}: output does not match \"${regex}\":\n${all}")
  else()
    message(STATUS "ok: shapeproof ${ARGN}")
  endif()
  # Errors go to stderr, and only errors
  if(code EQUAL 2 AND "${err}" STREQUAL "")
    message(SEND_ERROR "shapeproof ${ARGN}: exit 2 without a message on stderr")
  endif()
  set(last_stdout "${out}" PARENT_SCOPE)
endfunction()

# --help for every subcommand, exit 0
expect(0 "report" --help)
foreach(cmd report params check run explain synth)
  expect(0 "Usage" ${cmd} --help)
endforeach()
# bad usage: exit 2
expect(2 "frobnicate" frobnicate)
expect(2 "--preset" params)
expect(2 "no preset 'gpt-7'" params --preset gpt-7)
expect(2 "--format" params --preset llama-7b --format yaml)
expect(2 "excludes" params --preset llama-7b --config "${DATA}/gpt2.json")

# params: presets and configs, three formats
expect(0 "total parameters +6,738,415,616" params --preset llama-7b)
expect(0 "\\| total parameters \\| 124,439,808 \\|" params --config "${DATA}/gpt2.json" --format markdown)
expect(0 "\"total_params\": 46702792704" params --config "${DATA}/mixtral-8x7b-v0.1.json" --format json)
foreach(field total_params active_params embedding_params lm_head_params num_layers attention_params_per_layer
              ffn_params_per_layer norm_params_per_layer ffn_flops_per_token weight_bytes)
  if(NOT last_stdout MATCHES "\"${field}\"")
    message(SEND_ERROR "params --format json lacks ${field}")
  endif()
endforeach()
foreach(pair "active_params\": 12879925248" "\"bf16\": 93405585408" "num_layers\": 32" "lm_head_params\": 131072000")
  if(NOT last_stdout MATCHES "${pair}")
    message(SEND_ERROR "params --format json: no ${pair}")
  endif()
endforeach()
expect(0 "\"total_params\": 247577856" params --config "${DATA}/t5-v1_1-base.json" --format json)
expect(0 "\"total_params\": 109482240" params --config "${DATA}/bert-base-uncased.json" --format json)
# today's families: their published totals, the active count's terms, memory in GB and GiB
foreach(pair "gemma-2-2b.json=2,614,341,888" "gemma-2-9b.json=9,241,705,984" "phi-3-mini-4k-instruct.json=3,821,079,552"
             "qwen1.5-moe-a2.7b.json=14,315,784,192" "qwen3-8b.json=8,190,735,360" "qwen3-30b-a3b.json=30,532,122,624"
             "olmo-2-1124-7b.json=7,298,617,344" "deepseek-v3.json=671,026,419,200" "gemma-3-1b.json=999,885,952"
             "gemma-3-27b-text.json=27,009,346,304" "gpt-oss-20b.json=20,914,757,184"
             "gpt-oss-120b.json=116,829,156,672")
  string(REPLACE "=" ";" pair "${pair}")
  list(GET pair 0 file)
  list(GET pair 1 total)
  expect(0 "total parameters +${total}\n" params --config "${DATA}/${file}")
endforeach()
expect(0 "active without the input embedding +36,625,618,432" params --config "${DATA}/deepseek-v3.json")
expect(0 "active without the input embedding +3,608,307,264" params --config "${DATA}/gpt-oss-20b.json")
expect(0 "\"routed_experts\": 11274289152" params --config "${DATA}/mixtral-8x7b-v0.1.json" --format json)
foreach(pair "\"active\": {" "\"GiB\": 86.99" "\"GB\": 93.40" "\"memory_units\"")
  if(NOT last_stdout MATCHES "${pair}")
    message(SEND_ERROR "params --format json: no ${pair}")
  endif()
endforeach()
expect(0 "weights in bf16 +93.41 GB \\(86.99 GiB\\)" params --preset mixtral-8x7b-v0.1)
# GGUF types in whole blocks: Mixtral's 46,702,792,704 weights are 182,432,784 blocks of 256, in
# Q4_K 144 bytes each (26,270,320,896 bytes), in Q6_K 210 (38,310,884,640); Q8_0's 1,459,462,272
# blocks of 32 take 34 (49,621,717,248)
expect(0 "weights in q4_k +26.27 GB \\(24.47 GiB\\) at 4.5 bits per weight" params --preset mixtral-8x7b-v0.1)
foreach(pair "weights in q6_k +38.31 GB \\(35.68 GiB\\) at 6.5625 bits per weight" "weights in other GGUF types +--format json")
  if(NOT last_stdout MATCHES "${pair}")
    message(SEND_ERROR "params: no ${pair}")
  endif()
endforeach()
# The table's dtypes: every one-element type, and the GGUF types most files use, Q5_K among them
# (182,432,784 blocks of 176 bytes: 32,108,169,984)
string(REGEX MATCHALL "\n +weights in [a-z0-9_]+" shown "${last_stdout}")
string(REGEX REPLACE "\n +weights in " "" shown "${shown}")
if(NOT shown STREQUAL "f32;f16;bf16;f8_e4m3;f8_e5m2;int8;int4;q8_0;q6_k;q5_k;q4_k;q4_0;other")
  message(SEND_ERROR "params: the table shows the weights in ${shown}")
endif()
if(NOT last_stdout MATCHES "weights in q5_k +32.11 GB \\(29.90 GiB\\) at 5.5 bits per weight")
  message(SEND_ERROR "params: Q5_K's weights are not 32,108,169,984 bytes")
endif()
expect(0 "\"q8_0\": {\n +\"bytes\": 49621717248,\n +\"GB\": 49.62[0-9]*,\n +\"GiB\": 46.21[0-9]*,\n +\"bits_per_weight\": 8.5"
       params --preset mixtral-8x7b-v0.1 --format json)
if(NOT last_stdout MATCHES "\"iq1_s\": {\n +\"bytes\": 9121639200,")  # 182,432,784 blocks of 50 bytes
  message(SEND_ERROR "params --format json: IQ1_S's bytes are not 182,432,784 blocks of 50")
endif()
# The KV cache (--context): every preset and every shipped config prints it; the JSON's fields,
# the windows, the split over ranks and the refusals. Expected figures are worked out in the comments.
foreach(preset IN ITEMS gpt2-small llama-7b llama-2-70b llama-3-8b mistral-7b-v0.1 mixtral-8x7b-v0.1 qwen2-0.5b
                       gemma-7b bert-base-uncased t5-v1_1-base gemma-2-2b gemma-2-9b phi-3-mini-4k
                       qwen1.5-moe-a2.7b qwen3-8b qwen3-30b-a3b olmo-2-1124-7b deepseek-v3 mixtral-8x22b-v0.1
                       gemma-3-1b)
  expect(0 "KV cache" params --preset ${preset} --context 4096)
endforeach()
file(GLOB configs "${DATA}/*.json")
foreach(config IN LISTS configs)
  expect(0 "\"kv_cache\": {" params --config "${config}" --context 4096 --format json)
endforeach()
# Llama-3-8B: 2 (k, v) · 8 heads · 128 · 2 bytes · 32 layers = 131072 per token; 8192 tokens · 3 = 3 GiB
expect(0 "\"bytes_per_token\": 131072,\n *\"context\": 8192,\n *\"batch\": 3,\n *\"bytes\": 3221225472"
       params --config "${DATA}/llama-3-8b.json" --context 8192 --batch 3 --format json)
# Mistral-7B-v0.1 slides 4096: at 32768 tokens, 4096 · 131072 = 512 MiB
expect(0 "\"bytes\": 536870912" params --config "${DATA}/mistral-7b-v0.1.json" --context 32768 --format json)
# Gemma-2-9B at 8192, f8: 42 layers of 2 · 8 · 256 values; 21 hold 8192 tokens, 21 hold 4096
expect(0 "\"bytes\": 1056964608" params --config "${DATA}/gemma-2-9b.json" --context 8192 --kv-dtype f8_e4m3 --format json)
# Gemma-3-27B at 131072: 62 layers of 2 · 16 · 128 values (8192 bytes); 10 global layers hold every
# token, 52 local ones their 1024: 10 · 8192 · 131072 + 52 · 8192 · 1024 = 11173625856 (10.4 GiB)
expect(0 "\"bytes_per_token\": 507904,\n *\"context\": 131072,\n *\"batch\": 1,\n *\"bytes\": 11173625856"
       params --config "${DATA}/gemma-3-27b-text.json" --context 131072 --format json)
# Gemma-3-1B at 32768: 26 layers of 2 · 1 · 256 values; 4 global, 22 local of 512 tokens
expect(0 "\"bytes\": 145752064" params --config "${DATA}/gemma-3-1b.json" --context 32768 --format json)
# A context shorter than the window: every layer holds it all. Gemma-3-1B at 100 tokens: 26 layers of
# 1,024 bytes a token, 26 · 1024 · 100 = 2662400 bytes; its 22 sliding layers hold 100 tokens, not 512
expect(0 "\"bytes_per_token\": 26624,\n *\"context\": 100,\n *\"batch\": 1,\n *\"bytes\": 2662400,"
       params --config "${DATA}/gemma-3-1b.json" --context 100 --format json)
expect(0 "KV cache +0.00 GB \\(0.00 GiB\\) \\(1 x 100 tokens, 22 layers hold 100\\)"
       params --config "${DATA}/gemma-3-1b.json" --context 100)
# gpt-oss-20b at 131072: 24 layers of 2 · 8 · 64 values (2048 bytes); 12 full layers hold every token,
# 12 sliding ones their 128: 12 · 2048 · 131072 + 12 · 2048 · 128 = 3224371200 (the sinks are weights, not cached)
expect(0 "\"bytes_per_token\": 49152,\n *\"context\": 131072,\n *\"batch\": 1,\n *\"bytes\": 3224371200"
       params --config "${DATA}/gpt-oss-20b.json" --context 131072 --format json)
# Llama-2-70B over tp 4: 2 of 8 KV heads per rank; its bytes per token are a quarter of 327680
expect(0 "\"per_rank\":.*\"kv_cache\": {[^}]*\"bytes_per_token\": 81920"
       params --config "${DATA}/llama-2-70b.json" --tp 4 --context 10 --format json)
# DeepSeek-V3 over tp 8: every rank holds the whole latent, 61 · 576 · 2 bytes per token
expect(0 "per rank: KV cache per token \\(bf16\\) +70,272 bytes"
       params --config "${DATA}/deepseek-v3.json" --tp 8 --context 10)
expect(0 "KV cache +none" params --config "${DATA}/bert-base-uncased.json" --context 512)
expect(2 "--kv-dtype one of" params --preset llama-7b --context 10 --kv-dtype int4)
expect(2 "--context and --batch must be 1 or more" params --preset llama-7b --context 0)
expect(2 "--context and --batch must be 1 or more" params --preset llama-7b --context 10 --batch 0)
# Split over ranks: per-rank parameters, memory and communication; a split that does not divide
# exits 1 naming rule 11 and its numbers
expect(0 "per rank: parameters +8,623,235,072.*per rank: attention heads +8 query, 1 KV.*all-reduce per token \\(bf16\\) +2,637,824 bytes \\(161 of"
       params --preset llama-2-70b --tp 8)
expect(1 "llama-2-70b does not split: shapeproof rule 11: tp must divide the KV heads.*\\(num_key_value_heads = 8, tp = 16\\).*--replicate-kv"
       params --preset llama-2-70b --tp 16)
expect(0 "per rank: attention heads +4 query, 1 KV \\(each KV head replicated on 2 ranks\\)" params --preset llama-2-70b
       --tp 16 --replicate-kv)
expect(1 "rule 11: ep must divide the routed experts \\(experts = 8, ep = 3\\)" params --preset mixtral-8x7b-v0.1 --ep 3)
expect(0 "per rank: routed experts +1 of 8.*all-to-all per token \\(bf16\\) +1,048,576 bytes" params --preset
       mixtral-8x7b-v0.1 --ep 8)
expect(1 "rule 11: expert parallelism \\(ep > 1\\) needs routed experts" params --preset llama-7b --ep 2)
expect(0 "\"per_rank\": {.*\"params\": 22250035200" params --preset mixtral-8x22b-v0.1 --ep 8 --format json)
expect(1 "rule 11: tp must divide the attention heads \\(num_attention_heads = 32, tp = 3\\)" params --config
       "${DATA}/mistral-7b-v0.1.json" --tp 3)
# The JSON's derived figures against what they follow from, with tp and ep at once: the ranks, each
# dtype's bytes of the rank's parameters (whole blocks, whole bytes), the serving bytes (bf16 weights
# plus the rank's KV cache), and GiB as bytes / 2^30 (its first two decimals, in integers)
expect(0 "\"per_rank\"" params --preset mixtral-8x7b-v0.1 --tp 2 --ep 4 --context 1000 --batch 2 --format json)
set(json "${last_stdout}")
string(JSON ranks GET "${json}" per_rank ranks)
string(JSON rank_params GET "${json}" per_rank params)
string(JSON rank_kv GET "${json}" per_rank kv_cache bytes)
math(EXPR bf16_bytes "2 * ${rank_params}")
math(EXPR q8_0_bytes "(${rank_params} + 31) / 32 * 34")
math(EXPR q4_k_bytes "(${rank_params} + 255) / 256 * 144")
math(EXPR serving "${bf16_bytes} + ${rank_kv}")
# Each "path within per_rank=value" of ARGN holds in the JSON `json`, the output of `what`
function(per_rank_is json what)
  foreach(pair ${ARGN})
    string(REPLACE "=" ";" pair "${pair}")
    list(GET pair 0 path)
    list(GET pair 1 want)
    string(REPLACE " " ";" path "${path}")
    string(JSON got GET "${json}" per_rank ${path})
    if(NOT got STREQUAL want)
      message(SEND_ERROR "${what}: per_rank ${path} is ${got}, not ${want}")
    endif()
  endforeach()
endfunction()
# Mixtral: 32 heads, 8 KV heads, d_ff 14,336 and 32,000 rows over tp 2; 8 experts over ep 4
per_rank_is("${json}" "params --tp 2 --ep 4 --format json" "ranks=8" "weight_bytes bf16=${bf16_bytes}"
            "weight_bytes q8_0=${q8_0_bytes}" "weight_bytes q4_k=${q4_k_bytes}"
            "kv_cache serving_bytes_by_weight_dtype bf16=${serving}" "attention_heads=16" "kv_heads_per_rank=4"
            "d_ff=7168" "vocab_rows=16000" "routed_experts=2")
string(JSON total_bf16 GET "${json}" weight_memory bf16 bytes)
string(JSON gib GET "${json}" weight_memory bf16 GiB)
math(EXPR hundredths "${total_bf16} * 100 / 1073741824")
string(REGEX REPLACE "^([0-9]+)\\.([0-9][0-9]).*" "\\1\\2" gib_hundredths "${gib}")
if(NOT gib_hundredths STREQUAL hundredths)
  message(SEND_ERROR "weight_memory bf16: ${gib} GiB for ${total_bf16} bytes")
endif()
# Llama-2-70B over tp 8: one layer's FFN matmuls, 2 · 3 · 8192 · (28672 / 8), and 161 all-reduces
# of 8192 bf16 values a token (one per layer's attention and FFN, one for the embedding)
expect(0 "\"per_rank\"" params --preset llama-2-70b --tp 8 --format json)
math(EXPR flops "2 * 3 * 8192 * (28672 / 8)")
math(EXPR allreduce "(1 + 2 * 80) * 8192 * 2")
per_rank_is("${last_stdout}" "params --preset llama-2-70b --tp 8 --format json" "ffn_flops_per_token=${flops}"
            "allreduces_per_token=161" "allreduce_bytes_per_token bf16=${allreduce}" "vocab_rows=4000"
            "kv_heads_per_rank=1")
# A KV cache in either 8-bit float: Llama-7B's 32 layers of 32 heads of 128, keys and values, 10 tokens
math(EXPR kv_bytes "32 * 2 * 32 * 128 * 10")
foreach(dtype f8_e4m3 f8_e5m2)
  expect(0 "\"kv_cache\": {[^}]*\"bytes\": ${kv_bytes}," params --preset llama-7b --context 10 --kv-dtype ${dtype}
         --format json)
endforeach()
# T5's FFNs are in both stacks: 24 · 3 · 768 · 2048 = 113,246,208 of 247,577,856 parameters, 45.7%
expect(0 "FFN share of all parameters +45.7%" params --preset t5-v1_1-base)
# Gemma 1's "gelu" is run as the tanh approximation: read so, and said on stderr
file(WRITE "${WORK}/gemma-gelu.json" [=[{"model_type": "gemma", "hidden_size": 64, "intermediate_size": 128,
  "num_hidden_layers": 1, "num_attention_heads": 2, "vocab_size": 10, "hidden_act": "gelu"}]=])
execute_process(COMMAND "${SHAPEPROOF}" params --config "${WORK}/gemma-gelu.json" RESULT_VARIABLE rc
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT err MATCHES "note: hidden_act is \"gelu\".*geglu_tanh" OR NOT out MATCHES "geglu_tanh")
  message(SEND_ERROR "gemma's gelu: exit ${rc}, stdout ${out}, stderr ${err}")
endif()
# unreadable configs: exit 2, the reason on stderr
expect(2 "not valid JSON" params --config "${WORK}/broken.json")
expect(2 "no-such.json: no such file" params --config "${WORK}/no-such.json")

# check: every tensor of whole checkpoints, right and wrong, sharded, Mixtral, GPT-2's Conv1D
expect(0 "checked 21 tensors the config implies \\(6 of the FFN; names prefixed \"model.\"\\) among 21 in the checkpoint: all match"
       check --config "${WORK}/llama.json" --weights "${WORK}/llama-good.safetensors")
foreach(line "format: safetensors, 1 file" "dtypes: F32 x 21" "parameters: the checkpoint holds 7,056; the config implies 7,056")
  if(NOT last_stdout MATCHES "${line}")
    message(SEND_ERROR "check: no \"${line}\" in\n${last_stdout}")
  endif()
endforeach()
expect(1 "model.layers.0.mlp.down_proj.weight: expected \\[d_model \\(16\\), d_ff \\(40\\)\\], got \\[40, 16\\], transposed \\(rule 2: down maps d_ff back to d_model\\)"
       check --config "${WORK}/llama.json" --weights "${WORK}/llama-down_transposed.safetensors")
expect(1 "model.layers.1.mlp.gate_proj.weight: missing \\(expected \\[d_ff \\(40\\), d_model \\(16\\)\\]; rule 1"
       check --config "${WORK}/llama.json" --weights "${WORK}/llama-missing.safetensors")
expect(1 "model.layers.1.mlp.up_proj.weight: expected \\[d_ff \\(40\\), d_model \\(16\\)\\], got \\[41, 16\\]"
       check --config "${WORK}/llama.json" --weights "${WORK}/llama-up_dff.safetensors")
# one wrong attention tensor: named, with its rule, and nothing else
expect(1 "1 problem\n  model.layers.1.self_attn.k_proj.weight: expected \\[num_key_value_heads·head_dim \\(8\\), d_model \\(16\\)\\], got \\[16, 16\\] \\(k and v map d_model to num_key_value_heads·head_dim \\(grouped-query\\)\\)\n$"
       check --config "${WORK}/llama.json" --weights "${WORK}/llama-k_heads.safetensors")
expect(1 "1 problem\n  model.layers.0.mlp.extra_proj.weight: unexpected \\[4, 16\\]"
       check --config "${WORK}/llama.json" --weights "${WORK}/llama-unexpected.safetensors")
if(NOT last_stdout MATCHES "note: 1 buffer ignored")
  message(SEND_ERROR "check: the rotary buffer is not noted as ignored")
endif()
expect(0 "format: safetensors, 2 files.*all match" check --config "${WORK}/llama.json" --weights "${WORK}/model.safetensors.index.json")
expect(1 "experts.3.w2.weight: expected \\[d_model \\(16\\), d_ff \\(40\\)\\], got \\[16, 41\\]"
       check --config "${WORK}/mixtral.json" --weights "${WORK}/mixtral-bad-expert.safetensors")
expect(0 "all match" check --config "${WORK}/gpt2.json" --weights "${WORK}/gpt2-good.safetensors")
expect(1 "h.0.mlp.c_fc.weight: expected \\[d_model \\(16\\), d_ff \\(64\\)\\], got \\[64, 16\\], transposed"
       check --config "${WORK}/gpt2.json" --weights "${WORK}/gpt2-pytorch-layout.safetensors")
expect(2 "claims 10000000000 bytes" check --config "${WORK}/llama.json" --weights "${WORK}/huge-header.safetensors")
# today's families: right, then one attention tensor wrong, named with its rule; and as GGUF
foreach(family gemma2 gemma3_text phi3 qwen2_moe qwen3 qwen3_moe olmo2 deepseek_v3 gpt_oss)
  expect(0 "all match" check --config "${WORK}/${family}.json" --weights "${WORK}/${family}-good.safetensors")
  expect(1 "1 problem\n  model.layers.1.self_attn.(k_proj|qkv_proj|kv_a_proj_with_mqa).weight: expected .*, got .* \\((k and v|rule 5|latent kv)"
         check --config "${WORK}/${family}.json" --weights "${WORK}/${family}-bad-attention.safetensors")
  expect(0 "format: GGUF version 3.*all match" check --config "${WORK}/${family}.json" --weights "${WORK}/${family}-good.gguf")
endforeach()
expect(0 "optional tensors? absent, such as model.layers.3" check --config "${WORK}/deepseek_v3.json"
       --weights "${WORK}/deepseek_v3-good.safetensors")
# GGUF: right, one attention tensor wrong, malformed
expect(0 "checked 21 tensors.*all match" check --config "${WORK}/llama.json" --weights "${WORK}/llama-good.gguf")
expect(1 "1 problem\n  blk.1.attn_k.weight: expected \\[num_key_value_heads·head_dim \\(8\\), d_model \\(16\\)\\], got \\[16, 16\\] \\(k and v map"
       check --config "${WORK}/llama.json" --weights "${WORK}/llama-bad-attention.gguf")
expect(2 "truncated.gguf: claims 21 tensors, more than the file can hold" check --config "${WORK}/llama.json" --weights "${WORK}/truncated.gguf")
expect(2 "lying-count.gguf: claims 1152921504606846976 tensors" check --config "${WORK}/llama.json"
       --weights "${WORK}/lying-count.gguf")
expect(2 "GGUF names are mapped for .* not for bert" check --config "${DATA}/bert-base-uncased.json"
       --weights "${WORK}/llama-good.gguf")

# run: from files, checked against the typed runtime's output
expect(0 "swiglu: \\[5, 16\\] -> d_ff 40" run --variant swiglu --weights "${WORK}/swiglu.safetensors" --prefix mlp.
       --input "${WORK}/x.npy" --output "${WORK}/y.npy")
execute_process(COMMAND "${MAKE_CHECKPOINTS}" --compare "${WORK}/y.npy" "${WORK}/y-expected.npy" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(SEND_ERROR "run's output differs from the typed runtime's")
endif()
# bf16 weights kept as stored: the same output as f32 on the rounded weights, half the bytes read
expect(0 "swiglu \\(bf16 weights\\): \\[5, 16\\] -> d_ff 40.*roofline: .*0.0 MB of weights read" run --variant swiglu
       --weights "${WORK}/swiglu-bf16.safetensors" --prefix mlp. --input "${WORK}/x.npy" --output "${WORK}/y-bf16.npy")
execute_process(COMMAND "${MAKE_CHECKPOINTS}" --compare "${WORK}/y-bf16.npy" "${WORK}/y-bf16-expected.npy" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(SEND_ERROR "run on bf16 weights differs from the typed runtime on the same rounded weights")
endif()
# --bf16-dot: x rounded to bf16 too (5 rows: the path is taken), so near that output, not equal to it
expect(0 "swiglu \\(bf16 weights\\): \\[5, 16\\] -> d_ff 40" run --variant swiglu --weights "${WORK}/swiglu-bf16.safetensors"
       --prefix mlp. --input "${WORK}/x.npy" --output "${WORK}/y-bf16-dot.npy" --bf16-dot)
execute_process(COMMAND "${MAKE_CHECKPOINTS}" --compare "${WORK}/y-bf16-dot.npy" "${WORK}/y-bf16-expected.npy" 1e-2
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(SEND_ERROR "run --bf16-dot: not within 1e-2 of the typed runtime's output on the same weights")
endif()
execute_process(COMMAND "${MAKE_CHECKPOINTS}" --compare "${WORK}/y-bf16-dot.npy" "${WORK}/y-bf16-expected.npy"
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(rc EQUAL 0)
  message(SEND_ERROR "run --bf16-dot: the typed runtime's output to 1e-5, as if x had not been rounded")
endif()
expect(2 "--bf16-dot is for bf16 weights in panels" run --variant swiglu --d 64 --dff 160 --tokens 3 --bf16-dot)
expect(2 "--bf16-dot is for bf16 weights in panels" run --variant swiglu --d 64 --dff 160 --tokens 3 --dtype bf16
       --as-stored --bf16-dot)
expect(0 "swiglu \\(bf16 weights\\): \\[3, 64\\].*roofline: .*x the bound" run --variant swiglu --d 64 --dff 160
       --tokens 3 --dtype bf16 --bf16-dot)
# run repacks f32 and 16-bit weights in panels for its own GEMM unless --as-stored: the same output
# both ways, and the bytes read are the panels' (the last panel padded): a SwiGLU of D 8, Dff 20000
# stores 1.92 MB in f32, its panels 0.64 + 0.64 + 2.56 MB with panels of 32 outputs (AVX-512:
# d_model's 8 outputs padded to 32), 0.64 + 0.64 + 1.28 with panels of 16 (AVX2)
foreach(dtype "" -bf16)
  expect(0 "wrote" run --variant swiglu --weights "${WORK}/swiglu${dtype}.safetensors" --prefix mlp.
         --input "${WORK}/x.npy" --output "${WORK}/y-as-stored${dtype}.npy" --as-stored)
  execute_process(COMMAND "${MAKE_CHECKPOINTS}" --compare "${WORK}/y-as-stored${dtype}.npy"
                          "${WORK}/y${dtype}-expected.npy" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(SEND_ERROR "run --as-stored (weights${dtype}) differs from the typed runtime's")
  endif()
endforeach()
expect(0 "swiglu: \\[2, 8\\].*(3\\.8|2\\.6) MB of weights read" run --variant swiglu --d 8 --dff 20000 --tokens 2)
expect(0 "swiglu: \\[2, 8\\].*1\\.9 MB of weights read" run --variant swiglu --d 8 --dff 20000 --tokens 2 --as-stored)
expect(0 "swiglu \\(f16 weights\\): \\[2, 8\\].*(1\\.9|1\\.3) MB of weights read" run --variant swiglu --d 8
       --dff 20000 --tokens 2 --dtype f16)
# weights kept [in, out] too (as stored, not in panels): the same output; refused for 16-bit weights; suggested for many rows
expect(0 "swiglu: \\[5, 16\\] -> d_ff 40" run --variant swiglu --weights "${WORK}/swiglu.safetensors" --prefix mlp.
       --input "${WORK}/x.npy" --output "${WORK}/y-in-out.npy" --store-in-out)
execute_process(COMMAND "${MAKE_CHECKPOINTS}" --compare "${WORK}/y-in-out.npy" "${WORK}/y-expected.npy" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(SEND_ERROR "run --store-in-out's output differs from the typed runtime's")
endif()
expect(2 "--store-in-out is for f32 weights" run --variant swiglu --weights "${WORK}/swiglu-bf16.safetensors"
       --prefix mlp. --input "${WORK}/x.npy" --output "${WORK}/y-bf16.npy" --store-in-out)
expect(0 "bare GEMM chain \\([0-9.]+ GFLOP/s, the faster over \\[out, in\\] or \\[in, out\\] weights\\)" run
       --variant swiglu --d 64 --dff 160 --tokens 40 --store-in-out)
expect(0 "note: 40 rows per projection run sgemm over \\[out, in\\] weights; --store-in-out.*without --as-stored, the panel GEMM"
       run --variant swiglu --d 64 --dff 160 --tokens 40 --as-stored)
expect(0 "swiglu: \\[40, 64\\]" run --variant swiglu --d 64 --dff 160 --tokens 40)
if(last_stdout MATCHES "note:")
  message(SEND_ERROR "run --tokens 40 in panels: a note on sgemm, which it does not run:\n${last_stdout}")
endif()
expect(2 "--dtype is for the synthetic mode" run --variant swiglu --weights "${WORK}/swiglu-bf16.safetensors"
       --prefix mlp. --input "${WORK}/x.npy" --output "${WORK}/y-bf16.npy" --dtype f32)
# synthetic mode: every dtype, the roofline, the memory
foreach(dtype f32 bf16 f16 q8_0 q4_0)
  expect(0 "roofline: [0-9.]+ ms, (memory|compute)-bound.*x the bound.*resident memory" run --variant swiglu --d 64
         --dff 160 --tokens 3 --dtype ${dtype})
endforeach()
# the K types' blocks are 256 weights: the bytes read are theirs (144 and 210 bytes a block, 3 x 256 x 512 weights)
expect(0 "swiglu \\(q4_k weights\\): \\[5, 256\\].*0\\.2 MB of weights read" run --variant swiglu --d 256 --dff 512
       --tokens 5 --dtype q4_k)
expect(0 "swiglu \\(q6_k weights\\): \\[5, 256\\].*0\\.3 MB of weights read" run --variant swiglu --d 256 --dff 512
       --tokens 5 --dtype q6_k)
expect(2 "gate_proj: q4_k stores each row in blocks of 256 weights. its width 128 is not a multiple of 256"
       run --variant swiglu --d 128 --dff 512 --tokens 3 --dtype q4_k)
# The integer path, chosen: for quantized weights only
expect(0 "swiglu \\(q4_k weights\\): \\[5, 256\\].*0\\.2 MB of weights read" run --variant swiglu --d 256 --dff 512
       --tokens 5 --dtype q4_k --integer-dot)
expect(2 "--integer-dot is for GGUF's quantized weights" run --variant swiglu --d 256 --dff 512 --tokens 5 --dtype bf16
       --integer-dot)
# ... whose roofline counts its 8-bit multiply-adds (3 · 256 · 512 · 64 = 25,165,824 on 221,184 bytes
# of blocks) at the peak int8 rate (of AVX-512 VNNI or AVX2)
expect(0 "roofline: [0-9.]+ ms, [a-z0-9-]+-bound \\(0\\.2 MB of weights read at [0-9.]+ GB/s; 0\\.0252 G int8 multiply-adds at [0-9.]+ G/s"
       run --variant swiglu --d 256 --dff 512 --tokens 64 --dtype q4_k --integer-dot)
# Which bounds it follows from the printed rates: the 25,165,824 multiply-adds take longer than reading
# the 221,184 bytes when the int8 rate is under 113.78 times the bandwidth (in G/s and GB/s; within
# 1% of it, either; with neither AVX-512 VNNI nor AVX2, 0.0 G/s, reading)
if(last_stdout MATCHES "at ([0-9]+)\\.([0-9]) GB/s; 0\\.0252 G int8 multiply-adds at ([0-9]+)\\.([0-9]) G/s")
  math(EXPR read_x100 "(${CMAKE_MATCH_1}${CMAKE_MATCH_2}) * 11378")  # tenths of GB/s times 113.78, times 100
  math(EXPR int8_x100 "(${CMAKE_MATCH_3}${CMAKE_MATCH_4}) * 100")
  math(EXPR low "${read_x100} * 99 / 100")
  math(EXPR high "${read_x100} * 101 / 100")
  if(int8_x100 EQUAL 0 OR int8_x100 GREATER high)  # 0: not measured, the read bound alone
    set(int8_bound "memory")
  elseif(int8_x100 LESS low)
    set(int8_bound "int8-compute")
  else()
    set(int8_bound "(int8-compute|memory)")
  endif()
  if(NOT last_stdout MATCHES "ms, ${int8_bound}-bound")
    message(SEND_ERROR "run --integer-dot at 64 tokens: not ${int8_bound}-bound:\n${last_stdout}")
  endif()
endif()
# and without the flag, f32 FLOPs at the GEMM rate
expect(0 "roofline: [0-9.]+ ms, (memory|compute)-bound \\(0\\.2 MB of weights read at [0-9.]+ GB/s; 0\\.0503 GFLOP at"
       run --variant swiglu --d 256 --dff 512 --tokens 64 --dtype q4_k)
# sgemm's note counts an expert's rows, on average 40 tokens · top 2 / 8 experts = 10; up to 8 rows
# are streamed, with no note
expect(0 "note: 10 rows per projection" run --variant moe --expert swiglu --top-k 2 --d 64 --dff 160 --tokens 40
       --as-stored)
expect(0 "roofline" run --variant swiglu --d 64 --dff 160 --tokens 8)
if(last_stdout MATCHES "note:")
  message(SEND_ERROR "run --tokens 8: a note on sgemm, for rows that are streamed:\n${last_stdout}")
endif()
# the two modes' options are not mixed, nor dropped
expect(2 "--d, --dff and --tokens are for the synthetic mode, without --weights" run --variant swiglu
       --weights "${WORK}/swiglu.safetensors" --prefix mlp. --input "${WORK}/x.npy" --output "${WORK}/y-t.npy" --tokens 3)
if(EXISTS "${WORK}/y-t.npy")
  message(SEND_ERROR "run refused --tokens with --weights, but wrote its output")
endif()
expect(2 "--input and --output need --weights" run --variant relu --d 8 --dff 16 --tokens 2 --output "${WORK}/y-s.npy")
expect(0 "moe of 8 swiglu, top 2 \\(f16 weights\\).*experts hit" run --variant moe --expert swiglu --top-k 2 --d 64
       --dff 160 --tokens 4 --dtype f16)
expect(0 "moe of 8 swiglu, top 2 \\(q8_0 weights\\): \\[17, 64\\].*[0-9.]+ MB of weights read, [1-8] of 8 experts hit"
       run --variant moe --expert swiglu --top-k 2 --d 64 --dff 160 --tokens 17 --dtype q8_0)
expect(2 "gate_proj: q8_0 stores each row in blocks of 32 weights. its width 100 is not a multiple of 32"
       run --variant swiglu --d 100 --dff 160 --tokens 3 --dtype q8_0)
expect(2 "--dtype" run --variant swiglu --d 64 --dff 160 --tokens 3 --dtype int8)
expect(2 "no tensor 'mlp.down_proj.weight'" run --variant swiglu --weights "${WORK}/swiglu-no-down.safetensors"
       --prefix mlp. --input "${WORK}/x.npy" --output "${WORK}/y2.npy")
expect(2 "inner dimensions must agree.*17.*16" run --variant swiglu --weights "${WORK}/swiglu.safetensors" --prefix mlp.
       --input "${WORK}/x-wide.npy" --output "${WORK}/y3.npy")
expect(2 "no tensor 'gate_proj.weight'|no tensor 'up_proj.weight'" run --variant swiglu
       --weights "${WORK}/swiglu.safetensors" --input "${WORK}/x.npy" --output "${WORK}/y4.npy")
expect(2 "not a variant" run --variant swish --d 8 --dff 16 --tokens 2)
# run: nothing guessed, nothing half-written
# a dense variant on a gated checkpoint: the gate is not ignored
expect(2 "1 tensor under the prefix 'mlp.' that --variant relu does not read.*mlp.gate_proj.weight: gate_proj is read by the gated variants"
       run --variant relu --weights "${WORK}/swiglu.safetensors" --prefix mlp. --input "${WORK}/x.npy" --output "${WORK}/y5.npy")
if(EXISTS "${WORK}/y5.npy")
  message(SEND_ERROR "a refused run wrote its output")
endif()
# expert tensors beyond the router's count
expect(2 "moe.experts.2.down_proj.weight: the router has 2 experts, experts.0 to experts.1"
       run --variant moe --expert swiglu --top-k 1 --weights "${WORK}/moe-extra-expert.safetensors" --prefix moe.
       --input "${WORK}/x.npy" --output "${WORK}/y6.npy")
# the output is checked before the work, and a failed run leaves an existing output as it was
expect(2 "no-such-dir/y.npy: cannot write there" run --variant swiglu --weights "${WORK}/swiglu.safetensors" --prefix mlp.
       --input "${WORK}/x.npy" --output "${WORK}/no-such-dir/y.npy")
file(WRITE "${WORK}/y-old.npy" "the user's old output")
expect(2 "inner dimensions must agree" run --variant swiglu --weights "${WORK}/swiglu.safetensors" --prefix mlp.
       --input "${WORK}/x-wide.npy" --output "${WORK}/y-old.npy")
file(READ "${WORK}/y-old.npy" old_output)
if(NOT old_output STREQUAL "the user's old output")
  message(SEND_ERROR "a failed run changed the existing output")
endif()
file(GLOB leftovers "${WORK}/.*.tmp")
if(leftovers)
  message(SEND_ERROR "a run left temporary files: ${leftovers}")
endif()
# a successful run replaces it whole
expect(0 "wrote" run --variant swiglu --weights "${WORK}/swiglu.safetensors" --prefix mlp. --input "${WORK}/x.npy"
       --output "${WORK}/y-old.npy")
execute_process(COMMAND "${MAKE_CHECKPOINTS}" --compare "${WORK}/y-old.npy" "${WORK}/y-expected.npy" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(SEND_ERROR "run did not replace the existing output with its own")
endif()
# non-finite values are reported on stderr; the run still succeeds
expect(0 "2 of 80 input values and [0-9]+ of 80 output values are not finite" run --variant swiglu
       --weights "${WORK}/swiglu.safetensors" --prefix mlp. --input "${WORK}/x-nan.npy" --output "${WORK}/y7.npy")
# a bare command prints the help, as an error; params --help lists the presets
expect(2 "Subcommands:.*report")
expect(0 "Presets: gpt2-small, llama-7b.*t5-v1_1-base" params --help)
# synthetic mode
expect(0 "geglu: \\[7, 64\\] -> d_ff 176.*GFLOP/s.*bare GEMM chain" run --variant geglu --d 64 --dff 176 --tokens 7)
expect(0 "moe of 8 swiglu, top 2" run --variant moe --expert swiglu --top-k 2 --d 32 --dff 64 --tokens 9)
expect(2 "top_k must be between 1" run --variant moe --expert swiglu --top-k 9 --d 32 --dff 64 --tokens 9)
expect(2 "--d must be positive, not -4" run --variant relu --d -4 --dff 16 --tokens 2)
expect(2 "more than 16 GiB" run --variant swiglu --d 1000000 --dff 1000000 --tokens 1)

# explain: the shape chain, the rules, the terms; markdown too
expect(0 "x · gate +\\[T, D\\] x \\[D \\(4096\\), Dff \\(11008\\)\\] -> \\[T, Dff\\].*rule 1.*total +3·D·Dff +135,266,304"
       explain swiglu --d 4096 --dff 11008)
expect(0 "\\| total \\| router \\+ experts · expert \\| 1,409,318,912 \\|.*\\| active \\| router \\+ top_k · expert \\| 352,354,304 \\|"
       explain swiglu --d 4096 --dff 14336 --experts 8 --top-k 2 --format markdown)
expect(0 "up +D·Dff \\+ Dff +2,362,368.*total +2·D·Dff \\+ Dff \\+ D +4,722,432" explain gelu_tanh --d 768 --dff 3072 --bias)
expect(2 "not a variant" explain swish --d 8 --dff 16)
# explain attention: Llama-3-8B's, 2·4096·128·(32 + 8) = 41,943,040 parameters, 2·8·128 cached values a token
expect(0 "grouped-query.*kv_heads divides heads.*total +2·D·head_dim·\\(heads \\+ kv_heads\\) +41,943,040"
       explain attention --d 4096 --heads 32 --kv-heads 8 --head-dim 128)
expect(0 "2048 values per token" explain attention --d 4096 --heads 32 --kv-heads 8 --head-dim 128)
expect(0 "multi-query" explain attention --d 2048 --heads 16 --kv-heads 1 --head-dim 256)
expect(2 "kv_heads must divide heads" explain attention --d 896 --heads 14 --kv-heads 4 --head-dim 64)
expect(2 "explain attention needs --d, --heads and --head-dim" explain attention --d 896 --heads 14)
expect(2 "go with `explain attention`" explain swiglu --d 8 --dff 16 --heads 2)
expect(2 "explain needs --d and --dff" explain swiglu --d 8)
expect(2 "--top-k goes with --experts" explain swiglu --d 8 --dff 16 --top-k 2)
foreach(ffn_option "--bias" "--dff;11008" "--experts;8;--top-k;2")
  expect(2 "and no FFN option" explain attention --d 4096 --heads 32 --kv-heads 8 --head-dim 128 ${ffn_option})
endforeach()
expect(2 "--experts 8 needs --top-k K, the experts each token uses \\(1 to 8\\)" explain swiglu --d 8 --dff 16 --experts 8)
# h named where it is made; an MoE's chain ends with the weighted sum of its experts' outputs; the
# columns line up whatever the characters' widths in bytes (every shape starts in one column)
expect(0 "h = silu\\(gate\\) ⊙ up .*h · down .*y = sum of top_k w · expert\\(x\\) +top_k x \\[T, D\\] -> \\[T, D\\]"
       explain swiglu --d 8 --dff 16 --experts 4 --top-k 2)
string(REPLACE "·" "." one_byte "${last_stdout}")
string(REPLACE "⊙" "o" one_byte "${one_byte}")
string(REGEX MATCHALL "\n  [^\n]+" chain_lines "${one_byte}")
set(columns "")
foreach(line IN LISTS chain_lines)
  string(FIND "${line}" " [T" at)
  if(at GREATER 0 AND NOT line MATCHES "^\n  (x \\(each|softmax|out |y = )")
    list(APPEND columns ${at})
  endif()
endforeach()
list(REMOVE_DUPLICATES columns)
list(LENGTH columns distinct)
if(NOT distinct EQUAL 1)
  message(SEND_ERROR "explain's shape column is not aligned (columns ${columns}):\n${last_stdout}")
endif()
expect(2 "top_k must be between 1" explain swiglu --d 8 --dff 16 --experts 4 --top-k 5)

# explain --format svg: the shape chain as a diagram, its text escaped
expect(0 "^<svg xmlns=\"http://www.w3.org/2000/svg\".*<title>swiglu, D = 8, Dff = 16.*h = silu\\(gate\\) ⊙ up.*-&gt; \\[T, D\\].*</svg>\n$"
       explain swiglu --d 8 --dff 16 --format svg)

# synth: a checkpoint of made-up weights for a config, that check passes and run runs; one broken
# on purpose; files already there kept
file(WRITE "${WORK}/synth.json" [=[{"model_type": "llama", "hidden_size": 64, "intermediate_size": 176,
  "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "vocab_size": 100,
  "hidden_act": "silu", "tie_word_embeddings": false}]=])
expect(0 "105,280 parameters in 21 tensors.*wrote .*/synth/config.json\nwrote .*/synth/model.safetensors\nwrote .*/synth/model.gguf\nwrote .*/synth/x.npy"
       synth --config "${WORK}/synth.json" --out "${WORK}/synth")
expect(0 "checked 21 tensors .*: all match" check --config "${WORK}/synth/config.json" --weights "${WORK}/synth/model.safetensors")
expect(0 "GGUF version 3.*checked 21 tensors .*: all match" check --config "${WORK}/synth/config.json" --weights "${WORK}/synth/model.gguf")
expect(0 "swiglu: \\[4, 64\\] -> d_ff 176 -> \\[4, 64\\]" run --variant swiglu --weights "${WORK}/synth/model.safetensors"
       --prefix model.layers.1.mlp. --input "${WORK}/synth/x.npy" --output "${WORK}/synth/y.npy")
# A layer of the GGUF file synth wrote, named by its number (its values are seeded by llama.cpp's
# names, so they are not the safetensors file's: the tests of the run-time model compare them)
expect(0 "swiglu: \\[4, 64\\] -> d_ff 176 -> \\[4, 64\\].*wrote .*y-gguf.npy\nshapeproof run: llama layer 1: ffn_gate F32, ffn_up F32, ffn_down F32\n"
       run --weights "${WORK}/synth/model.gguf" --layer 1 --input "${WORK}/synth/x.npy" --output "${WORK}/synth/y-gguf.npy")
foreach(case "2;2 layers, 0 to 1.*no layer 2" "x;--layer: Value x could not be converted|layer.*x"
        "0;--variant gelu, but llama's FFN is swiglu;--variant;gelu" "0;with --layer, the GGUF file says;--prefix;blk.0.")
  list(POP_FRONT case layer message)
  expect(2 "${message}" run --weights "${WORK}/synth/model.gguf" --layer ${layer} ${case}
         --input "${WORK}/synth/x.npy" --output "${WORK}/synth/y-none.npy")
endforeach()
expect(2 "model.gguf: a GGUF file, not a .safetensors file: name its layer with --layer N" run --variant swiglu
       --weights "${WORK}/synth/model.gguf" --input "${WORK}/synth/x.npy" --output "${WORK}/synth/y-none.npy")
expect(2 "--layer N runs a layer of a GGUF file" run --weights "${WORK}/synth/model.safetensors" --layer 1
       --input "${WORK}/synth/x.npy" --output "${WORK}/synth/y-none.npy")
expect(2 "run needs --variant \\(or --layer N of a GGUF file\\)" run --weights "${WORK}/synth/model.safetensors"
       --input "${WORK}/synth/x.npy" --output "${WORK}/synth/y-none.npy")
expect(2 "synth/config.json: already there; pass --force to replace it" synth --config "${WORK}/synth.json" --out "${WORK}/synth")
expect(0 "wrote" synth --config "${WORK}/synth.json" --out "${WORK}/synth" --force --seed 3 --dtype bf16)
expect(0 "dtypes: BF16 x 21" check --config "${WORK}/synth/config.json" --weights "${WORK}/synth/model.gguf")
# the seed decides the values: seed 3 again gives the same bytes, seed 1 (the default) others
expect(0 "wrote" synth --config "${WORK}/synth.json" --out "${WORK}/synth-seed3" --seed 3 --dtype bf16)
expect(0 "wrote" synth --config "${WORK}/synth.json" --out "${WORK}/synth-seed1" --dtype bf16)
file(SHA256 "${WORK}/synth/model.safetensors" seed3)
file(SHA256 "${WORK}/synth-seed3/model.safetensors" seed3_again)
file(SHA256 "${WORK}/synth-seed1/model.safetensors" seed1)
if(NOT seed3 STREQUAL seed3_again OR seed3 STREQUAL seed1)
  message(SEND_ERROR "synth --seed: seed 3 twice gives ${seed3} and ${seed3_again}, seed 1 ${seed1}")
endif()
# f16 weights in both files, and an input of --tokens rows
expect(0 "105,280 parameters in 21 tensors, F16" synth --config "${WORK}/synth.json" --out "${WORK}/synth-f16" --dtype f16
       --tokens 7)
foreach(file model.safetensors model.gguf)
  expect(0 "dtypes: F16 x 21" check --config "${WORK}/synth-f16/config.json" --weights "${WORK}/synth-f16/${file}")
endforeach()
expect(0 "swiglu \\(f16 weights\\): \\[7, 64\\]" run --variant swiglu --weights "${WORK}/synth-f16/model.safetensors"
       --prefix model.layers.1.mlp. --input "${WORK}/synth-f16/x.npy" --output "${WORK}/synth-f16/y.npy")
expect(0 "transposed, on purpose: model.layers.1.mlp.down_proj.weight" synth --config "${WORK}/synth.json"
       --out "${WORK}/synth-broken" --transpose model.layers.1.mlp.down_proj.weight)
expect(1 "1 problem\n  model.layers.1.mlp.down_proj.weight: expected \\[d_model \\(64\\), d_ff \\(176\\)\\], got \\[176, 64\\], transposed"
       check --config "${WORK}/synth.json" --weights "${WORK}/synth-broken/model.safetensors")
expect(2 "--transpose model.layers.0.mlp.up_proj: the config implies no tensor of that name"
       synth --config "${WORK}/synth.json" --out "${WORK}/synth-none" --transpose model.layers.0.mlp.up_proj)
expect(2 "2\\^30 parameters|at most 1073741824" synth --config "${DATA}/llama-7b.json" --out "${WORK}/synth-big")
expect(2 "--dtype" synth --config "${WORK}/synth.json" --out "${WORK}/synth-q" --dtype q4_k)

# report: the presets, and every variant run
expect(0 "mixtral-8x7b-v0.1 +46,702,792,704 +12,879,925,248.*swiglu +[0-9.]+ ms.*moe 8x2" report)

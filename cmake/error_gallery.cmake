# SPDX-License-Identifier: MIT
# The error gallery, docs/errors.md, generated from the negative proofs and the diagnostics this
# build's compilers gave them (the harness writes those, without the repository's path):
#   cmake -DSOURCE_DIR=<repository> -DREPORT_DIR=<build>/diagnostics -DOUTPUT=<file> [-DCOMPARE_WITH=<page>]
#         -P error_gallery.cmake
# The test docs.error_gallery_is_current writes it to the build tree and compares it with the
# committed page; scripts/update_docs.sh writes the committed page.
cmake_minimum_required(VERSION 3.25)
foreach(var SOURCE_DIR REPORT_DIR OUTPUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "error_gallery.cmake: -D${var}=... is required")
  endif()
endforeach()

# What each error means and how to fix it, by the phrase of its rule; the more specific first.
set(entries
  "the up projection must map D -> Dff|Rule 2 from up's side: up and down have the same shape, so one of them is transposed, and it is up: its roles say so, or (without roles) it narrows as down does. Declare up `linear<D, Dff>`."
  "the down projection must map Dff -> D|Rule 2: down must read the width up writes. Surprise: when up and down have the same shape and up does not narrow, it is down that is named - if it is your *up* that is transposed, give the widths roles (`model_width`, `hidden_width`) and the error names up."
  "an FFN's output width must equal its input width D|Rule 3: the FFN's output is added back to the residual stream, so down must return to the D that up read. Declare down `linear<Dff, D>`."
  "the gate and up projections must have the same shape|Rule 1: gate and up are multiplied element by element, so both are `[D -> Dff]`. Look for a projection copied in PyTorch's `[out, in]` order, or a fused `2*Dff` width used for one of them. The message ends \"by name\" when the extents agree and the names differ."
  "a matmul's inner dimensions must agree by name and extent, by name|Rule 4, surprising: 4096 against 4096 fails because they are two different dimensions that happen to have one extent (here a model width and a hidden width). Check which dimension the operand really has - equal numbers are where names matter most."
  "a matmul's inner dimensions must agree by name and extent|Rule 4: the last dimension of the left operand is not the first of the right one. Common causes: a weight in PyTorch's stored `[out, in]` layout (use `math_shape`), an activation of another width fed to the FFN, a channels-first layout."
  "a split must be along the fused axis|Rule 5, the axis: the parts add up to another axis of the shape. A fused gate|up weight stored `[2*Dff, D]` splits along axis 0 - its math layout `[D, 2*Dff]` along axis 1."
  "the parts of a split must add up to the fused dimension|Rule 5: a fused `cat<Dff, Dff>` splits into its own parts, by name - a named fused width into parts whose extents add up to it. Check the checkpoint's fused width, or the parts you named."
  "every expert of an MoE must have the same model width D, by name|Rule 6, surprising: the shared expert reads another dimension of the same extent. Build every expert on the same `D` type."
  "every expert of an MoE must have the same model width D|Rule 6: routed and shared experts all read and write the residual stream's D. Build them on the same `D`."
  "num_experts_per_tok (an MoE's top_k) must be between 1 and its number of experts|Rule 10 on a model config: `top_k` (Hugging Face's `num_experts_per_tok`) must be at least 1 and at most the number of experts."
  "top_k must be between 1 and its number of experts|Rule 6: each token goes to `top_k` of the experts, so `1 <= top_k <= experts`. `moe_ffn<Expert, Experts, TopK>`: the number of experts comes first."
  "an MoE's expert must be an FFN|An MoE's experts are FFN specs (`swiglu<D, Dff>`, `gated_ffn_of<...>`), not a single projection."
  "scaling a dimension by Num/Den must be exact, or say how it rounds|Rule 8: `scaled<D, Num, Den>` is exact or an error - 8/3 of 4096 is not an integer. Say how it rounds (`rounding::down` as LLaMA's `int()`), or use the ratio the model really uses (Mistral: 7/2)."
  "a sizing rule needs a dimension with a static extent|Sizing computes a weight's width from another width - the token axis has no extent at compile time. Scale `d_model`, not `tokens`."
  "a weight's dimensions must have static extents|A weight's widths are fixed - only activations carry the (dynamic) token axis. The token axis was given where a width is wanted, often as the hidden width."
  "a dimension needs a name|`dim<N>` is one type for every dimension of extent N, so it cannot tell `d_model` from `d_ff`. Declare `struct d_model final : shapeproof::dim<N> {}`."
  "expected a dimension|A template argument that must be a dimension is something else (a shape, a projection, a number). `linear<In, Out>` takes two dimensions."
  "an FFN's activation must be one of shapeproof::act|`gated_ffn_of<Act, Gate, Up, Down>` and `dense_ffn_of<Act, Up, Down>` take the activation first: `act::silu`, `act::gelu`, ..."
  "a dimension with a role must be used in that role|Rule 10: a `model_width` is an FFN's D and a `hidden_width` its Dff. The usual cause is PyTorch's `[out, in]` order, `linear<Dff, D>` where `linear<D, Dff>` is meant, or `swiglu<Dff, D>`."
  "num_key_value_heads must divide num_attention_heads|Rule 10 on a model config: in grouped-query attention each KV head serves a whole group of query heads, so the KV heads must divide the query heads."
  "qk_nope_head_dim + qk_rope_head_dim == head_dim|Rule 10 on a model config: in multi-head latent attention (DeepSeek) each head's query and key are `qk_nope_head_dim + qk_rope_head_dim` wide, so `head_dim` is their sum (192 for DeepSeek-V3, not 128)."
  "a typed FFN and the model_config of the same model must describe the same FFN|Rule 10, the tie: a preset is a typed FFN and a `model_config`, two descriptions of one FFN, and `models::checked<config, ffn>` compares them field by field (D, Dff, variant, biases, experts and top_k). The message names the field that differs; correct whichever of the two is wrong."
  "an MoE's expert must be a dense or gated FFN, not an MoE|Rule 6: an expert is one FFN. An MoE of MoEs would count every inner expert once per outer expert. Give `moe_ffn` the expert itself (`swiglu<D, Dff>`)."
  "a sizing ratio is exact integer arithmetic|Rule 8: `scaled` and `llama_hidden_dim` compute widths exactly, in integers, so a ratio is two whole numbers: LLaMA's multiplier 1.3 is `13, 10`."
  "tensor parallelism splits a weight's static width|Rule 11: tensor parallelism splits a weight's width over ranks; the token axis is not a width (it is split by data parallelism, not here)."
  "expert_parallel splits an MoE's experts|Rule 11: `expert_parallel` spreads an MoE's experts over ranks; a dense or gated FFN has none. Split it with `tensor_parallel<Spec, tp>`."
  "a tensor- or expert-parallel degree must be 1 or more|Rule 11: a degree of parallelism counts ranks, so it is at least 1."
  "a count times a count means nothing|Rule 9: parameters times parameters (or FLOPs, bytes) is no count. Multiply a count by a plain number (`params() * 2`), or multiply the `.value()`s if a product of numbers is really meant."
  "rule_9_a_count_divided_by_an_integer_must_divide_exactly|Rule 9: a count is a whole number of parameters, FLOPs or bytes, so `params() / n` is exact or refused, never rounded. Divide by a number that divides it (a degree that divides the widths), or divide `.value()` for a rounded figure."
  "rule_10_|Rule 10 on a config counted in a constant expression (`constexpr auto c = models::count(cfg)`): the refusing function is named after the rule the config breaks (here the KV heads must divide the query heads). `models::checked<cfg>` states the same rule as the first line of one error."
  "tensor parallelism splits Dff over tp ranks, so tp must divide Dff|Rule 11: gate and up are split by columns over the tensor-parallel ranks, down by rows, so each rank holds `Dff / tp` hidden units: `tp` must divide Dff. Pick a `tp` among Dff's divisors (14336 = 2^11 · 7: 2, 4, 7, 8, ...)."
  "expert parallelism splits the experts over ep ranks, so ep must divide the experts|Rule 11: each expert-parallel rank holds whole experts, the same number each, so `ep` must divide the number of routed experts (8 experts: ep = 1, 2, 4 or 8)."
  "tp must divide the attention heads|Rule 11 on a model: attention splits by heads, each rank holding `heads / tp` of them, so `tp` must divide the attention heads (Qwen2-0.5B's 14: tp = 1, 2, 7 or 14)."
  "tp must divide the KV heads, or, with fewer KV heads than ranks, they are replicated|Rule 11 on a model: grouped-query attention's KV heads split over the ranks like the query heads, or, when there are fewer of them than ranks, each is replicated on `tp / kv_heads` ranks. Which of the two is a choice, never guessed: say `kv_heads_policy::replicated` (`--replicate-kv` on the command line)."
  "replicated KV heads must divide tp|Rule 11 on a model: replicated KV heads give each rank one head, shared by `tp / kv_heads` ranks, so `kv_heads` must divide `tp`. With as many ranks as KV heads or fewer, split them instead (`kv_heads_policy::split`)."
  "tp must divide every FFN's d_ff|Rule 11 on a model: every FFN (the experts', the shared experts', the dense layers') splits its d_ff over the tensor-parallel ranks, so `tp` must divide each."
  "ep must divide the routed experts|Rule 11 on a model: the routed experts split over the expert-parallel ranks, the same number each, so `ep` must divide them (Mixtral-8x7B's 8: ep = 2, 4 or 8; not 3)."
  "kv_heads must divide heads|Rule 12: grouped-query attention gives each KV head the same number of query heads, `heads / kv_heads`, so `kv_heads` divides `heads` (Qwen2-0.5B's 14 heads: 1, 2, 7 or 14 KV heads)."
  "k and v must both map D to kv_heads|Rule 12: with grouped-query attention k and v are narrower than q, `kv_heads·head_dim` wide (Llama-3-8B: 8 · 128 = 1024, not 4096). Size k and v by the KV heads, and give them one output dimension."
  "not D, by name|Rule 12, surprising: where `heads·head_dim` happens to equal D (LLaMA: 32 · 128 = 4096), o reading `d_model` has the right extent and the wrong dimension. Declare o `linear<q_out, D>`, on q's output dimension."
  "o must read the heads' output|Rule 12: o reads the heads' concatenated output, `heads·head_dim` wide, which need not be D (Gemma-7B: 16 · 256 = 4096 against D = 3072). Declare o `linear<q_out, D>`."
  "its sliding_window is not the config's sliding_window|Rule 12, the tie: where every layer of the config slides (Mistral-7B-v0.1, Phi-3), the typed attention must say `sliding_window<W>` with the config's W; where none does, it must not; with local and global layers, either kind, and a `layer_stack` says which layer is which."
  "its layers, sliding layers or window are not the config's|Rule 12, the tie: a `layer_stack`'s pattern must give the config's number of layers, of sliding layers, and its one window. Gemma 3 is five local layers to one global (`layer_stack<26, local, local, local, local, local, global>`), not Gemma 2's alternation."
  "its biases, q/k norms, sinks or latent widths are not the config's|Rule 12, the tie: the typed attention's biases (`gqa_attention_with_bias`), q/k norms (`qk_norm<...>`), sinks (`attention_sinks`) or latent ranks differ from the config's. gpt-oss has biases on q, k, v and o and one sink per query head."
  "its head_dim is not the config's head_dim|Rule 12, the tie: the typed attention's head width differs from the config's `head_dim`. A model may state its own (Mistral-Small-24B: 128), which `hidden_size / num_attention_heads` (160) is not: take `head_dim` from the config."
  "its heads or kv_heads are not the config's|Rule 12, the tie: the typed attention's query or KV heads differ from the config's `num_attention_heads` or `num_key_value_heads` (often a multi-head declaration of a grouped-query model)."
  "the rotary dimension must be even and at most head_dim|Rule 12: RoPE rotates pairs of a head's values, so the rotary dimension is even, and it is part of one head, so at most `head_dim`. A partial rotary factor gives `factor · head_dim` (Phi-2: 0.4 · 80 = 32)."
  "the q projection must map D to heads|Rule 12: q holds every query head, `heads·head_dim` wide, with `head_dim` as the model states it."
  "q, k and v must all read the residual stream's width D|Rule 12: q, k and v all project the residual stream, so they read the same D."
  "q and k norms run over head_dim|Rule 12: q/k norms are one weight per head width, shared by the heads (`qk_norm<head_dim>`, Qwen3), or over q's and k's whole outputs (`qk_norm<q_out, k_out>`, OLMo 2); never over D."
  "latent attention's q/k head_dim must be qk_nope_head_dim + qk_rope_head_dim|Rule 12: in multi-head latent attention each query and key head has a part without rotary and a rope part, so its width is their sum (DeepSeek-V3: 128 + 64 = 192); `v_head_dim` (128) is another width."
  "a layer stack repeats decoder_layer<...>s|Rule 12: `layer_stack<layers, L0, L1, ...>` repeats whole decoder layers (layer i is the (i mod n)-th of the pattern), over at least one whole pattern: an attention alone would leave its FFN and norms out of the count and the cache."
  "a decoder layer's residual stream keeps its width|Rule 12: attention and the FFN are each added back to the residual stream, so the norms, the attention and the FFN all read and return the same D."
  "attention_of's q, k, v and o must be linear|Rule 12: `attention_of<heads, kv_heads, head_dim, q, k, v, o, options...>` takes its four projections first and its options (`rotary<N>`, `qk_norm<...>`, `sliding_window<W>`) after them."
  "weights kept in GGUF blocks: each row of [out, in] must be whole blocks|The run-time weights: GGUF's quantized types pack each row of a weight in blocks with their own scales (32 weights for q8_0 and q4_0, 256 for q4_k and q6_k), so `runtime::weights<Spec, q4_k>` needs each projection's input width (D for gate and up, Dff for down) to be whole blocks. Keep such a layer in f32, bf16 or f16, or pick a block type whose width divides it (4000 = 125 · 32: q8_0 or q4_0)."
  "a count is a quantity, not a plain integer|Rule 9: a plain integer does not say whether it counts parameters, FLOPs or bytes. Write the literal (`135'266'304_params`, `_flops`, `_bytes`) or compare the count's `.value()`."
  "parameters, FLOPs and bytes never mix|Rule 9: parameters, FLOPs and bytes are different quantities. Bytes come from parameters through a dtype (`bytes_of<bf16>(params)`) - FLOPs are counted (`matmul_flops_per_token()`), not converted - compare like with like, or `.value()`s."
  "a parameter, FLOP or byte count must fit in 64 bits|Rule 9: the count would overflow 64 bits. It is an error rather than a wrapped number - check the widths (or the number of experts)."
  "element-wise operands must have the same shape|An element-wise operation (the gate product, a residual add) needs operands of one shape: often a missing down projection, leaving `[T, Dff]` where `[T, D]` is wanted."
  "concatenated shapes must have the same rank and agree on every other axis|Concatenation along an axis needs the same dimensions on every other axis."
  "no matching function for call|A spec failed a concept of your own constrained template (`template<GatedFfn F>`): the note names the concept. Here a dense FFN was given where a gated one is wanted."
  "my rule 4: a matmul's inner dimensions must agree|Not shapeproof's: the matmul rule built by hand in plain C++20, in chapter 0 of the course, to show the mechanism (a partial specialisation for the mistake, whose `static_assert` says the rule). Its fix is shapeproof's rule 4's: give the weight in `[in, out]` order.")

file(GLOB proofs "${SOURCE_DIR}/proofs/fail/*.cpp")
list(SORT proofs)
set(page "<!-- generated by cmake/error_gallery.cmake from proofs/fail/ and this build's diagnostics: do not edit; scripts/update_docs.sh rewrites it -->\n")
string(APPEND page "# What does this error mean?\n\nEvery mistake shapeproof refuses, by the words its error starts with: what it means, how to fix it, and each negative proof (`proofs/fail/`) that makes it, with the first error line g++ 12 and clang++ 14 print for it (a proof's file shows the mistake under `#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD`). The lines are this build's; a test fails when the page and the compilers disagree.\n")
set(assigned "")
foreach(entry IN LISTS entries)
  string(FIND "${entry}" "|" bar)
  string(SUBSTRING "${entry}" 0 ${bar} key)
  math(EXPR bar "${bar} + 1")
  string(SUBSTRING "${entry}" ${bar} -1 meaning)
  set(section "")
  foreach(proof IN LISTS proofs)
    if(proof IN_LIST assigned)
      continue()
    endif()
    file(STRINGS "${proof}" expect LIMIT_COUNT 1 REGEX "^// EXPECT-ERROR: ")
    string(REPLACE "// EXPECT-ERROR: " "" expect "${expect}")
    string(FIND "${expect}" "${key}" at)
    if(at EQUAL -1)
      continue()
    endif()
    list(APPEND assigned "${proof}")
    get_filename_component(name "${proof}" NAME_WE)
    # The file's opening comment, whole (its directives and licence line aside)
    file(STRINGS "${proof}" head ENCODING UTF-8 LIMIT_COUNT 16)
    set(what "")
    foreach(line IN LISTS head)
      if(NOT line MATCHES "^//")
        break()
      endif()
      if(line MATCHES "^// (EXPECT-ERROR|SPDX|MAX-LINES|MAX-WIDTH|CONSTANT-EXPRESSION)|^// [a-z]+ [0-9]+ \\(")
        continue()
      endif()
      string(REGEX REPLACE "^// ?" "" line "${line}")
      string(APPEND what " ${line}")
    endforeach()
    string(STRIP "${what}" what)
    string(APPEND section "\n- [`${name}`](../proofs/fail/${name}.cpp): ${what}\n")
    foreach(compiler g++-12 clang++-14)
      set(report "${REPORT_DIR}/${compiler}/${name}.txt")
      if(NOT EXISTS "${report}")
        message(FATAL_ERROR "${report} is missing: run the negative proofs first (ctest -L proofs)")
      endif()
      file(STRINGS "${report}" first ENCODING UTF-8 REGEX "(^|: )(fatal )?error: " LIMIT_COUNT 1)
      string(REPLACE "\\;" ";" first "${first}")  # file(STRINGS) escapes a semicolon
      string(APPEND section "  - ${compiler}: `${first}`\n")
    endforeach()
  endforeach()
  if(NOT section STREQUAL "")
    string(APPEND page "\n## \"${key}\"\n\n${meaning}\n${section}")
  endif()
endforeach()
foreach(proof IN LISTS proofs)
  if(NOT proof IN_LIST assigned)
    get_filename_component(name "${proof}" NAME_WE)
    if(NOT name STREQUAL "sanity")
      message(FATAL_ERROR "proofs/fail/${name}.cpp: its phrase has no entry in cmake/error_gallery.cmake")
    endif()
  endif()
endforeach()
file(WRITE "${OUTPUT}" "${page}")
message(STATUS "wrote ${OUTPUT}")
if(DEFINED COMPARE_WITH)
  file(READ "${COMPARE_WITH}" committed)
  if(NOT committed STREQUAL page)
    message(FATAL_ERROR "${COMPARE_WITH} differs from what this build's diagnostics give (${OUTPUT}); "
                        "scripts/update_docs.sh rewrites it")
  endif()
  message(STATUS "${COMPARE_WITH} is current")
endif()

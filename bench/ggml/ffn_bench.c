// SPDX-License-Identifier: MIT
// The same SwiGLU layer (D 4096, Dff 11008) in ggml's CPU backend, for a side-by-side measurement:
// one set of weights quantized by ggml (values sin(0.37·i)·0.015), copied until the copies exceed
// 1.6 GB (past three times this machine's last-level cache), every copy's FFN on the same x in one
// graph, run one after the other; ms per layer, the fastest of 5 passes, on 2 threads.
//
//   ffn_bench f32|f16|bf16|q8_0|q4_0|q4_k|q6_k T [--repack | --moe]
//
// --moe runs an MoE of 8 SwiGLU experts, top 2 (D 1024, Dff 2816) as llama.cpp's graph builds one:
// an f32 router, softmax over the experts, the top 2, their weights renormalized, the experts'
// stacked gate, up and down weights (`ffn_gate_exps` and the rest) through `ggml_mul_mat_id`, the
// two experts' outputs weighted and summed. It prints how many experts the tokens hit.
//
// --repack (Q4_0 and Q4_K, the types ggml repacks on x86) puts the weights in the CPU backend's
// CPU_REPACK buffer type, as llama.cpp's loader does: ggml repacks them at load into its interleaved
// layouts (q4_0_8x8, q4_K_8x8), whose kernels quantize x to 8 bits and run integer dot products. The
// graph then runs through the CPU backend (ggml_backend_graph_compute).
//
// Not part of the build: it needs a ggml build (bench/README.md says how).
#include "ggml-alloc.h"
#include "ggml-backend.h"
#include "ggml-cpu.h"
#include "ggml.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

// The graph run once to warm, then 5 times on 2 threads: the fastest pass's seconds per copy.
static double fastest_pass(struct ggml_context* ctx, struct ggml_cgraph* graph, int copies)
{
  ggml_graph_compute_with_ctx(ctx, graph, 2);
  double best = 1e30;
  for (int r = 0; r < 5; ++r) {
    const double t0 = now();
    ggml_graph_compute_with_ctx(ctx, graph, 2);
    const double s = (now() - t0) / copies;
    if (s < best) best = s;
  }
  return best;
}

// The layer's copies with their weights in the CPU backend's repacking buffer type, run through the
// backend; prints as main does.
static int run_repacked(enum ggml_type ty, const char* name, int t, int copies, size_t layer, const void* gate,
                        const void* down, size_t row_gate, size_t row_down)
{
  const int d = 4096, dff = 11008;
  ggml_backend_t backend = ggml_backend_cpu_init();
  ggml_backend_cpu_set_n_threads(backend, 2);
  ggml_backend_dev_t dev = ggml_backend_get_device(backend);
  ggml_backend_dev_get_extra_bufts_t extra_bufts =
      (ggml_backend_dev_get_extra_bufts_t)ggml_backend_reg_get_proc_address(ggml_backend_dev_backend_reg(dev),
                                                                            "ggml_backend_dev_get_extra_bufts");
  ggml_backend_buffer_type_t buft = NULL;
  for (ggml_backend_buffer_type_t* b = extra_bufts ? extra_bufts(dev) : NULL; b && *b; ++b)
    if (strstr(ggml_backend_buft_name(*b), "REPACK")) buft = *b;
  if (!buft) return fprintf(stderr, "ffn_bench: this ggml build has no CPU_REPACK buffer type\n"), 1;
  struct ggml_init_params wp = {(size_t)(3 * copies + 8) * ggml_tensor_overhead(), NULL, true};
  struct ggml_context* wctx = ggml_init(wp);
  struct ggml_tensor** w = malloc(sizeof(struct ggml_tensor*) * 3 * (size_t)copies);
  for (int c = 0; c < copies; ++c) {
    w[3 * c] = ggml_new_tensor_2d(wctx, ty, d, dff);
    w[3 * c + 1] = ggml_new_tensor_2d(wctx, ty, d, dff);
    w[3 * c + 2] = ggml_new_tensor_2d(wctx, ty, dff, d);
  }
  if (!ggml_backend_alloc_ctx_tensors_from_buft(wctx, buft))
    return fprintf(stderr, "ffn_bench: the repacked weights were not allocated\n"), 1;
  for (int c = 0; c < copies; ++c) {  // each set repacks as it is written
    ggml_backend_tensor_set(w[3 * c], gate, 0, (size_t)dff * row_gate);
    ggml_backend_tensor_set(w[3 * c + 1], gate, 0, (size_t)dff * row_gate);
    ggml_backend_tensor_set(w[3 * c + 2], down, 0, (size_t)d * row_down);
  }
  const size_t nodes = 16 * (size_t)copies + 64;
  struct ggml_init_params gp = {nodes * ggml_tensor_overhead() + ggml_graph_overhead_custom(nodes, false), NULL, true};
  struct ggml_context* gctx = ggml_init(gp);
  struct ggml_tensor* x = ggml_new_tensor_2d(gctx, GGML_TYPE_F32, d, t);
  ggml_set_input(x);
  struct ggml_cgraph* graph = ggml_new_graph_custom(gctx, nodes, false);
  for (int c = 0; c < copies; ++c) {
    struct ggml_tensor* h =
        ggml_mul(gctx, ggml_silu(gctx, ggml_mul_mat(gctx, w[3 * c], x)), ggml_mul_mat(gctx, w[3 * c + 1], x));
    struct ggml_tensor* y = ggml_mul_mat(gctx, w[3 * c + 2], h);
    ggml_set_output(y);
    ggml_build_forward_expand(graph, y);
  }
  ggml_gallocr_t galloc = ggml_gallocr_new(ggml_backend_cpu_buffer_type());
  if (!ggml_gallocr_alloc_graph(galloc, graph)) return fprintf(stderr, "ffn_bench: the graph was not allocated\n"), 1;
  float* xs = malloc(sizeof(float) * (size_t)d * (size_t)t);
  for (int i = 0; i < d * t; ++i) xs[i] = sinf(0.013f * (float)i);
  ggml_backend_tensor_set(x, xs, 0, ggml_nbytes(x));
  ggml_backend_graph_compute(backend, graph);  // warm
  double best = 1e30;
  for (int r = 0; r < 5; ++r) {
    const double t0 = now();
    ggml_backend_graph_compute(backend, graph);
    const double s = (now() - t0) / copies;
    if (s < best) best = s;
  }
  printf("ggml       %-5s T=%-4d %8.3f ms/layer (%d copies, %.1f MB/layer, repacked)\n", name, t, best * 1e3, copies,
         (double)layer / 1e6);
  return 0;
}

// An MoE of 8 SwiGLU experts, top 2 (D 1024, Dff 2816), as llama.cpp builds one, copied until the
// copies exceed 1.6 GB, run one after the other in one graph; prints as main does, with the experts hit.
static int run_moe(enum ggml_type ty, const char* name, int t)
{
  const int d = 1024, dff = 2816, experts = 8, top = 2;
  const size_t row_gate = ggml_row_size(ty, d), row_down = ggml_row_size(ty, dff);
  const size_t layer = (size_t)experts * (2 * (size_t)dff * row_gate + (size_t)d * row_down) +
                       (size_t)experts * d * sizeof(float);
  int copies = (int)ceil(1.6e9 / (double)layer);
  if (copies < 2) copies = 2;
  float* values = malloc(sizeof(float) * (size_t)experts * dff * d);
  for (size_t i = 0; i < (size_t)experts * dff * d; ++i) values[i] = sinf(0.37f * (float)(i % 100003)) * 0.015f;
  void* gate = malloc((size_t)experts * dff * row_gate);
  void* down = malloc((size_t)experts * d * row_down);
  ggml_quantize_chunk(ty, values, gate, 0, (int64_t)experts * dff, d, NULL);
  ggml_quantize_chunk(ty, values, down, 0, (int64_t)experts * d, dff, NULL);
  const size_t activations = (size_t)t * (8 * (size_t)d + 8 * (size_t)dff + 64) * sizeof(float);
  struct ggml_init_params ip = {copies * (layer + activations + 64 * 1024) + ((size_t)64 << 20), NULL, false};
  struct ggml_context* ctx = ggml_init(ip);
  struct ggml_tensor* x = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, d, t);
  for (int i = 0; i < d * t; ++i) ((float*)x->data)[i] = sinf(0.013f * (float)i);
  struct ggml_tensor* xr = ggml_reshape_3d(ctx, x, d, 1, t);
  struct ggml_cgraph* graph = ggml_new_graph_custom(ctx, 64 * (size_t)copies + 64, false);
  struct ggml_tensor* first_ids = NULL;
  for (int c = 0; c < copies; ++c) {
    struct ggml_tensor* router = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, d, experts);
    for (int i = 0; i < d * experts; ++i) ((float*)router->data)[i] = sinf(0.71f * (float)i + 0.3f) * 0.05f;
    struct ggml_tensor* wg = ggml_new_tensor_3d(ctx, ty, d, dff, experts);
    struct ggml_tensor* wu = ggml_new_tensor_3d(ctx, ty, d, dff, experts);
    struct ggml_tensor* wd = ggml_new_tensor_3d(ctx, ty, dff, d, experts);
    memcpy(wg->data, gate, (size_t)experts * dff * row_gate);
    memcpy(wu->data, gate, (size_t)experts * dff * row_gate);
    memcpy(wd->data, down, (size_t)experts * d * row_down);
    struct ggml_tensor* probs = ggml_soft_max(ctx, ggml_mul_mat(ctx, router, x));  // [experts, t]
    struct ggml_tensor* ids = ggml_argsort_top_k(ctx, probs, top);                 // [top, t]
    if (!first_ids) first_ids = ids;
    struct ggml_tensor* w = ggml_get_rows(ctx, ggml_reshape_3d(ctx, probs, 1, experts, t), ids);  // [1, top, t]
    w = ggml_reshape_2d(ctx, w, top, t);
    w = ggml_reshape_3d(ctx, ggml_div(ctx, w, ggml_sum_rows(ctx, w)), 1, top, t);
    struct ggml_tensor* h =
        ggml_mul(ctx, ggml_silu(ctx, ggml_mul_mat_id(ctx, wg, xr, ids)), ggml_mul_mat_id(ctx, wu, xr, ids));
    struct ggml_tensor* e = ggml_mul(ctx, ggml_mul_mat_id(ctx, wd, h, ids), w);  // [d, top, t]
    struct ggml_tensor* y = ggml_add(ctx, ggml_view_2d(ctx, e, d, t, e->nb[2], 0), ggml_view_2d(ctx, e, d, t, e->nb[2], e->nb[1]));
    ggml_build_forward_expand(graph, y);
  }
  const double best = fastest_pass(ctx, graph, copies);
  int hit[8] = {0}, n_hit = 0;
  for (int i = 0; i < top * t; ++i) {
    const int e = ((const int32_t*)((const char*)first_ids->data + (size_t)(i / top) * first_ids->nb[1]))[i % top];
    if (e >= 0 && e < experts && !hit[e]++) ++n_hit;
  }
  printf("ggml       %-5s T=%-4d %8.3f ms/layer (MoE, %d copies, %.1f MB/layer, %d experts hit)\n", name, t, best * 1e3,
         copies, (double)layer / 1e6, n_hit);
  return 0;
}

int main(int argc, char** argv)
{
  const int d = 4096, dff = 11008;
  const char* names[] = {"f32", "f16", "bf16", "q8_0", "q4_0", "q4_k", "q6_k"};
  const enum ggml_type types[] = {GGML_TYPE_F32,  GGML_TYPE_F16,  GGML_TYPE_BF16, GGML_TYPE_Q8_0,
                                  GGML_TYPE_Q4_0, GGML_TYPE_Q4_K, GGML_TYPE_Q6_K};
  int ti = -1;
  for (int i = 0; (argc == 3 || argc == 4) && i < 7; ++i)
    if (!strcmp(argv[1], names[i])) ti = i;
  const int t = argc >= 3 ? atoi(argv[2]) : 0;
  const int repack = argc == 4 && !strcmp(argv[3], "--repack"), moe = argc == 4 && !strcmp(argv[3], "--moe");
  if (ti < 0 || t < 1 || (argc == 4 && !repack && !moe))
    return fprintf(stderr, "usage: ffn_bench f32|f16|bf16|q8_0|q4_0|q4_k|q6_k T [--repack | --moe]\n"), 2;
  if (repack && types[ti] != GGML_TYPE_Q4_0 && types[ti] != GGML_TYPE_Q4_K)
    return fprintf(stderr, "ffn_bench: ggml repacks only q4_0 and q4_k on x86\n"), 2;
  const enum ggml_type ty = types[ti];
  ggml_cpu_init();
  if (moe) return run_moe(ty, names[ti], t);
  const size_t row_gate = ggml_row_size(ty, d), row_down = ggml_row_size(ty, dff);
  const size_t layer = 2 * (size_t)dff * row_gate + (size_t)d * row_down;
  int copies = (int)ceil(1.6e9 / (double)layer);
  if (copies < 2) copies = 2;
  // Each copy's results: the gate's and the up projection's outputs, silu of the gate, their
  // product (4 of Dff a token) and the down projection's output (D); x, and the work buffer that
  // graph_compute takes from the context (x or the hidden state converted for the weights' dot
  // product), once
  const size_t activations = (size_t)t * ((size_t)d + 4 * (size_t)dff) * sizeof(float);
  const size_t once = (size_t)t * ((size_t)d + (size_t)dff) * sizeof(float);
  float* values = malloc(sizeof(float) * (size_t)dff * d);
  for (size_t i = 0; i < (size_t)dff * d; ++i) values[i] = sinf(0.37f * (float)(i % 100003)) * 0.015f;
  void* gate = malloc((size_t)dff * row_gate);
  void* down = malloc((size_t)d * row_down);
  ggml_quantize_chunk(ty, values, gate, 0, dff, d, NULL);
  ggml_quantize_chunk(ty, values, down, 0, d, dff, NULL);
  if (repack) return run_repacked(ty, names[ti], t, copies, layer, gate, down, row_gate, row_down);
  struct ggml_init_params ip = {copies * (layer + activations + 16 * 1024) + once + ((size_t)64 << 20), NULL, false};
  struct ggml_context* ctx = ggml_init(ip);
  struct ggml_tensor* x = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, d, t);
  for (int i = 0; i < d * t; ++i) ((float*)x->data)[i] = sinf(0.013f * (float)i);
  struct ggml_cgraph* graph = ggml_new_graph_custom(ctx, 16 * (size_t)copies + 64, false);
  for (int c = 0; c < copies; ++c) {
    struct ggml_tensor* wg = ggml_new_tensor_2d(ctx, ty, d, dff);
    struct ggml_tensor* wu = ggml_new_tensor_2d(ctx, ty, d, dff);
    struct ggml_tensor* wd = ggml_new_tensor_2d(ctx, ty, dff, d);
    memcpy(wg->data, gate, (size_t)dff * row_gate);
    memcpy(wu->data, gate, (size_t)dff * row_gate);
    memcpy(wd->data, down, (size_t)d * row_down);
    struct ggml_tensor* h = ggml_mul(ctx, ggml_silu(ctx, ggml_mul_mat(ctx, wg, x)), ggml_mul_mat(ctx, wu, x));
    ggml_build_forward_expand(graph, ggml_mul_mat(ctx, wd, h));
  }
  const double best = fastest_pass(ctx, graph, copies);
  printf("ggml       %-5s T=%-4d %8.3f ms/layer (%d copies, %.1f MB/layer)\n", names[ti], t, best * 1e3, copies,
         (double)layer / 1e6);
  return 0;
}

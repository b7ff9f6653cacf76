// SPDX-License-Identifier: MIT
// The same SwiGLU layer (D 4096, Dff 11008) in ggml's CPU backend, for a side-by-side measurement:
// one set of weights quantized by ggml (values sin(0.37·i)·0.015), copied until the copies exceed
// 1.6 GB (past three times this machine's last-level cache), every copy's FFN on the same x in one
// graph, run one after the other; ms per layer, the fastest of 5 passes, on 2 threads.
//
//   ffn_bench f32|f16|bf16|q8_0|q4_0|q4_k|q6_k T
//
// Not part of the build: it needs a ggml build (bench/README.md says how).
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

int main(int argc, char** argv)
{
  const int d = 4096, dff = 11008;
  const char* names[] = {"f32", "f16", "bf16", "q8_0", "q4_0", "q4_k", "q6_k"};
  const enum ggml_type types[] = {GGML_TYPE_F32,  GGML_TYPE_F16,  GGML_TYPE_BF16, GGML_TYPE_Q8_0,
                                  GGML_TYPE_Q4_0, GGML_TYPE_Q4_K, GGML_TYPE_Q6_K};
  int ti = -1;
  for (int i = 0; argc == 3 && i < 7; ++i)
    if (!strcmp(argv[1], names[i])) ti = i;
  const int t = argc == 3 ? atoi(argv[2]) : 0;
  if (ti < 0 || t < 1) return fprintf(stderr, "usage: ffn_bench f32|f16|bf16|q8_0|q4_0|q4_k|q6_k T\n"), 2;
  const enum ggml_type ty = types[ti];
  ggml_cpu_init();
  const size_t row_gate = ggml_row_size(ty, d), row_down = ggml_row_size(ty, dff);
  const size_t layer = 2 * (size_t)dff * row_gate + (size_t)d * row_down;
  int copies = (int)ceil(1.6e9 / (double)layer);
  if (copies < 2) copies = 2;
  const size_t activations = (size_t)t * (2 * (size_t)d + 3 * (size_t)dff) * sizeof(float);
  struct ggml_init_params ip = {copies * (layer + activations + 16 * 1024) + ((size_t)64 << 20), NULL, false};
  struct ggml_context* ctx = ggml_init(ip);
  float* values = malloc(sizeof(float) * (size_t)dff * d);
  for (size_t i = 0; i < (size_t)dff * d; ++i) values[i] = sinf(0.37f * (float)(i % 100003)) * 0.015f;
  void* gate = malloc((size_t)dff * row_gate);
  void* down = malloc((size_t)d * row_down);
  ggml_quantize_chunk(ty, values, gate, 0, dff, d, NULL);
  ggml_quantize_chunk(ty, values, down, 0, d, dff, NULL);
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
  ggml_graph_compute_with_ctx(ctx, graph, 2);  // warm
  double best = 1e30;
  for (int r = 0; r < 5; ++r) {
    const double t0 = now();
    ggml_graph_compute_with_ctx(ctx, graph, 2);
    const double s = (now() - t0) / copies;
    if (s < best) best = s;
  }
  printf("ggml       %-5s T=%-4d %8.3f ms/layer (%d copies, %.1f MB/layer)\n", names[ti], t, best * 1e3, copies,
         (double)layer / 1e6);
  return 0;
}

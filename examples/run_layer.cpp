// SPDX-License-Identifier: MIT
// One layer's FFN from a checkpoint (one .safetensors file, or the shards' index) and its
// config.json: the checkpoint checked against the config, the FFN loaded by the family's names and
// run on an .npy input, the output written whole or not at all.
//   run_layer config.json model.safetensors LAYER x.npy y.npy
#include <shapeproof/io/output_file.hpp>
#include <shapeproof/runtime/load.hpp>
#include <shapeproof/runtime/npy.hpp>

#include <cstdio>
#include <exception>

namespace sp = shapeproof;

int main(int argc, char** argv)
{
  if (argc != 6) {
    std::fputs("usage: run_layer config.json model.safetensors LAYER x.npy y.npy\n", stderr);
    return 2;
  }
  try {
    const auto config = sp::io::read_hf_config(argv[1]);
    const auto checkpoint = sp::io::checkpoint::open(argv[2]);
    const auto report = sp::io::check_model(config, checkpoint);
    for (const auto& problem : report.problems) std::fprintf(stderr, "run_layer: %s\n", problem.c_str());
    if (!report.problems.empty()) return 1;

    sp::io::output_file output(argv[5], argv[2], argv[4]);  // checked before the work
    const auto ffn = sp::runtime::load_model(checkpoint, sp::runtime::layer_ffn(config, argv[3], report.prefix));
    const auto y = ffn.forward(sp::runtime::load_npy_rows(argv[4], ffn.d()));
    output.write_npy_f32({y.shape()[0], y.shape()[1]}, y.data());
    std::printf("layer %s: [%zu, %zu] -> d_ff %zu -> [%zu, %zu]\n", argv[3], y.shape()[0], ffn.d(), ffn.dff(),
                y.shape()[0], ffn.d());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "run_layer: %s\n", e.what());
    return 2;
  }
}

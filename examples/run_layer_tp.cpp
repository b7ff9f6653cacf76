// SPDX-License-Identifier: MIT
// run_layer under MPI, tensor-parallel: each rank reads only its slice of d_ff from the checkpoint
// (gate's and up's rows, down's columns), computes partial sums, and one all-reduce adds them.
//   mpirun -n 2 run_layer_tp config.json model.safetensors LAYER x.npy y.npy
#include <shapeproof/io/output_file.hpp>
#include <shapeproof/parallel/forward.hpp>
#include <shapeproof/parallel/mpi.hpp>
#include <shapeproof/runtime/load.hpp>
#include <shapeproof/runtime/npy.hpp>

#include <cstdio>
#include <exception>
#include <optional>
#include <stdexcept>

namespace sp = shapeproof;

int main(int argc, char** argv)
{
  sp::parallel::mpi_communicator comm;
  if (argc != 6) {
    if (comm.rank() == 0) std::fputs("usage: run_layer_tp config.json model.safetensors LAYER x.npy y.npy\n", stderr);
    return 2;
  }
  bool agreed = false;  // past the steps every rank agrees on: a failure then must end every rank
  try {
    sp::runtime::dyn_model ffn;
    xt::xtensor<float, 2> x;
    std::optional<sp::io::output_file> output;
    const auto split = sp::parallel::split_of(comm, comm.size());  // tp = the ranks
    // Every rank loads its part; all go on only if all could (a rank alone would wait for ever)
    sp::parallel::collectively(comm, [&] {
      const auto config = sp::io::read_hf_config(argv[1]);
      const auto checkpoint = sp::io::checkpoint::open(argv[2]);
      const auto report = sp::io::check_model(config, checkpoint);
      if (!report.problems.empty()) throw std::runtime_error(argv[2] + (": " + report.problems.front()));
      ffn = sp::runtime::load_model(checkpoint, sp::runtime::layer_ffn(config, argv[3], report.prefix), split);
      x = sp::runtime::load_npy_rows(argv[4], ffn.d());
      if (comm.rank() == 0) output.emplace(argv[5], argv[2], argv[4]);
    });
    agreed = true;
    xt::xtensor<float, 2> y = xt::zeros<float>({x.shape()[0], ffn.d()});
    sp::runtime::workspace ws;
    sp::parallel::forward(ffn, split, comm, x.data(), x.shape()[0], y.data(), ws);
    if (output) output->write_npy_f32({y.shape()[0], y.shape()[1]}, y.data());
    if (output)
      std::printf("%d ranks, each d_ff %zu of %zu: wrote %s\n", comm.size(), ffn.experts[0].up.out, ffn.dff(), argv[5]);
  } catch (const sp::parallel::peer_failed&) {
    return 2;  // the failing rank says why
  } catch (const std::exception& e) {
    std::fprintf(stderr, "run_layer_tp: rank %d: %s\n", comm.rank(), e.what());
    if (agreed) comm.abort(2);
    return 2;
  }
}

// SPDX-License-Identifier: MIT
// The capstone's run_layer, run: `run_capstone WEIGHTS INPUT LAYER OUTPUT` writes what it computes;
// `run_capstone --compare A.npy B.npy` exits 0 when two outputs agree (to 1e-5 of the larger's
// scale). SHAPEPROOF_EXERCISE_FILE names the file whose run_layer runs: the solution for ctest, a
// learner's own for scripts/run_capstone.sh.
#ifndef SHAPEPROOF_EXERCISE_FILE
#error "SHAPEPROOF_EXERCISE_FILE must name the capstone's file"
#endif
#include SHAPEPROOF_EXERCISE_FILE

#include <shapeproof/io/npy.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <string>

namespace {

int compare(const std::string& a, const std::string& b)
{
  const auto x = shapeproof::io::read_npy_f32(a), y = shapeproof::io::read_npy_f32(b);
  if (x.shape != y.shape) {
    std::printf("%s and %s: the shapes differ\n", a.c_str(), b.c_str());
    return 1;
  }
  double scale = 1e-30, err = 0;
  for (std::size_t i = 0; i < x.values.size(); ++i) {
    scale = std::max(scale, static_cast<double>(std::fabs(y.values[i])));
    err = std::max(err, static_cast<double>(std::fabs(x.values[i] - y.values[i])));
  }
  std::printf("max difference %.3g of scale %.3g\n", err, scale);
  return err <= 1e-5 * scale ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv)
{
  try {
    if (argc == 4 && std::string(argv[1]) == "--compare") return compare(argv[2], argv[3]);
    if (argc != 5) {
      std::fputs("usage: run_capstone WEIGHTS INPUT LAYER OUTPUT | run_capstone --compare A.npy B.npy\n", stderr);
      return 2;
    }
    shapeproof::runtime::save_npy(argv[4], exercise::run_layer(argv[1], argv[2], std::stoi(argv[3])));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "run_capstone: %s\n", e.what());
    return 1;
  }
  return 0;
}

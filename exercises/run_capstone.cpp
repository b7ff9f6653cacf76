// SPDX-License-Identifier: MIT
// The capstone's solution run: `run_capstone WEIGHTS INPUT LAYER OUTPUT` writes what its run_layer
// computes, for exercises/run_capstone.cmake to compare with `shapeproof run`.
#include "solutions/16_capstone_from_config.cpp"

#include <cstdio>
#include <exception>
#include <string>

int main(int argc, char** argv)
{
  if (argc != 5) {
    std::fputs("usage: run_capstone WEIGHTS INPUT LAYER OUTPUT\n", stderr);
    return 2;
  }
  try {
    shapeproof::runtime::save_npy(argv[4], exercise::run_layer(argv[1], argv[2], std::stoi(argv[3])));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "run_capstone: %s\n", e.what());
    return 1;
  }
  return 0;
}

// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief The runtime layer: typed tensors over xtensor, weights, forward passes, file I/O; the
 * run-time-sized model, its loading by name and its synthetic weights. (The sharded forward is
 * `parallel/forward.hpp`; its MPI communicator `parallel/mpi.hpp`, target `shapeproof::mpi`.)
 */

#include <shapeproof/io/safetensors.hpp>
#include <shapeproof/runtime/activation.hpp>
#include <shapeproof/runtime/dyn_model.hpp>
#include <shapeproof/runtime/forward.hpp>
#include <shapeproof/runtime/load.hpp>
#include <shapeproof/runtime/npy.hpp>
#include <shapeproof/runtime/roofline.hpp>
#include <shapeproof/runtime/split.hpp>
#include <shapeproof/runtime/synthetic.hpp>
#include <shapeproof/runtime/tensor.hpp>
#include <shapeproof/runtime/weights.hpp>
#include <shapeproof/shapeproof.hpp>

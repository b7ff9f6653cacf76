// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief The runtime layer: typed tensors over xtensor, weights, forward passes, file I/O.
 */

#include <shapeproof/io/safetensors.hpp>
#include <shapeproof/runtime/activation.hpp>
#include <shapeproof/runtime/forward.hpp>
#include <shapeproof/runtime/npy.hpp>
#include <shapeproof/runtime/roofline.hpp>
#include <shapeproof/runtime/tensor.hpp>
#include <shapeproof/runtime/weights.hpp>
#include <shapeproof/shapeproof.hpp>

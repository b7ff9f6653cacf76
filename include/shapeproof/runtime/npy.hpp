// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief `.npy` files to and from typed tensors (xtensor's reader and writer), checked like any
 * other data.
 */

#include <shapeproof/runtime/tensor.hpp>

#include <xtensor/xnpy.hpp>

#include <stdexcept>
#include <string>

namespace shapeproof::runtime {

/// Reads a float32 `.npy` file as a tensor of shape `S` (its extents checked).
template<Shape S>
tensor<S> load_npy(const std::string& path)
{
  xt::xtensor<float, S::rank> data;
  try {
    data = xt::load_npy<float>(path);
  } catch (const std::exception& e) {
    throw std::runtime_error(path + ": not a float32 .npy file of rank " + std::to_string(S::rank) + ": " + e.what());
  }
  return tensor<S>::from_xtensor(path, std::move(data));
}

/// Writes a tensor as a float32 `.npy` file.
template<Shape S>
void save_npy(const std::string& path, const tensor<S>& t)
{
  xt::dump_npy(path, t.data());
}

}  // namespace shapeproof::runtime

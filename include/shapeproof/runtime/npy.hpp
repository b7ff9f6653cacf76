// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief `.npy` files to and from typed tensors: read by shapeproof's own checked reader (the
 * header believed only as far as the file bears it out), then checked against the tensor's shape
 * like any other data.
 */

#include <shapeproof/io/npy.hpp>
#include <shapeproof/runtime/tensor.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace shapeproof::runtime {

/// Reads a float32 `.npy` file as a tensor of shape `S` (its rank and extents checked); throws
/// `io::npy_error` for a file that is not a whole float32 `.npy` and `std::runtime_error` for a
/// shape that is not `S`.
template<Shape S>
tensor<S> load_npy(const std::string& path)
{
  const io::npy_array a = io::read_npy_f32(path);
  return tensor<S>::from_values(path, std::vector<std::int64_t>(a.shape.begin(), a.shape.end()), a.values);
}

/// Writes a tensor as a float32 `.npy` file; throws `io::npy_error` when it cannot be written whole.
template<Shape S>
void save_npy(const std::string& path, const tensor<S>& t)
{
  const auto& shape = t.data().shape();
  io::write_npy_f32(path, std::vector<std::uint64_t>(shape.begin(), shape.end()), t.data().data());
}

}  // namespace shapeproof::runtime

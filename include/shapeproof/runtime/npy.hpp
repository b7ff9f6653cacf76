// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief `.npy` files to and from typed tensors: read by shapeproof's own checked reader (the
 * header believed only as far as the file bears it out), then checked against the tensor's shape
 * like any other data.
 */

#include <shapeproof/core/dyn_shape.hpp>
#include <shapeproof/core/rules.hpp>
#include <shapeproof/io/npy.hpp>
#include <shapeproof/runtime/tensor.hpp>

#include <algorithm>
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

/// Reads a float32 `.npy` file of `[tokens, d_model]` rows for a model of width `d` (rule 4),
/// with at least one token: the input of a run-time-sized model. Throws `io::npy_error` for a file
/// that is not a whole float32 `.npy`, `shape_error` for another shape.
inline xt::xtensor<float, 2> load_npy_rows(const std::string& path, std::size_t d)
{
  const io::npy_array in = io::read_npy_f32(path);
  if (in.shape.size() != 2)
    throw shape_error(path + ": expected [tokens, d_model], got rank " + std::to_string(in.shape.size()) + " " +
                      io::npy_shape_text(in.shape));
  if (in.shape[1] != d)
    throw shape_error(path + ": " SHAPEPROOF_RULE_4_MESSAGE ": the input's last dimension is " +
                      std::to_string(in.shape[1]) + ", the weights' d_model (" + std::to_string(d) + ")");
  if (in.shape[0] == 0) throw shape_error(path + ": no tokens (shape " + io::npy_shape_text(in.shape) + ")");
  auto x = xt::xtensor<float, 2>::from_shape({static_cast<std::size_t>(in.shape[0]), d});
  std::copy(in.values.begin(), in.values.end(), x.begin());
  return x;
}

/// Writes `[rows, cols]` floats as a float32 `.npy` file.
inline void save_npy(const std::string& path, const xt::xtensor<float, 2>& t)
{
  io::write_npy_f32(path, {t.shape()[0], t.shape()[1]}, t.data());
}

}  // namespace shapeproof::runtime

// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief Tensors typed by their shape, over xtensor.
 *
 * `runtime::tensor<shape<tokens, d_model>>` holds an `xt::xtensor<float, 2>`. Every way from raw
 * data to a typed tensor checks the static dimensions against the data's extents; a mismatch
 * throws `tensor_shape_error` naming the tensor, the dimension, the expected and the actual
 * extent. Dynamic dimensions (the token axis) take any extent.
 */

#include <shapeproof/core/dim_name.hpp>
#include <shapeproof/core/dyn_shape.hpp>
#include <shapeproof/core/shape.hpp>

#include <xtensor/xadapt.hpp>
#include <xtensor/xtensor.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shapeproof::runtime {

/// Data whose extents do not fit a tensor's typed shape.
class tensor_shape_error : public shape_error {
public:
  using shape_error::shape_error;
};

/// Checks `actual` extents against the typed shape `S`; throws `tensor_shape_error`.
template<Shape S>
void check_extents(std::string_view tensor_name, const std::vector<std::size_t>& actual)
{
  const dyn_shape expected = to_dyn_shape<S>();
  if (actual.size() != expected.size()) {
    std::string got = "[";
    for (std::size_t i = 0; i < actual.size(); ++i) got += (i ? ", " : "") + std::to_string(actual[i]);
    throw tensor_shape_error("tensor '" + std::string(tensor_name) + "': expected rank " +
                             std::to_string(expected.size()) + " " + to_string(expected) + ", got rank " +
                             std::to_string(actual.size()) + " " + got + "]");
  }
  for (std::size_t i = 0; i < actual.size(); ++i) {
    const auto& d = expected[i];
    if (d.extent != dynamic && static_cast<std::size_t>(d.extent) != actual[i])
      throw tensor_shape_error("tensor '" + std::string(tensor_name) + "': dimension " + d.name + " (axis " +
                               std::to_string(i) + "): expected " + std::to_string(d.extent) + ", got " +
                               std::to_string(actual[i]));
  }
}

/**
 * @brief A tensor of f32 values whose shape is the type `S`.
 */
template<Shape S>
class tensor {
public:
  using shape_type = S;
  static constexpr std::size_t rank = S::rank;
  using container = xt::xtensor<float, rank>;
  using extents_type = std::array<std::size_t, rank>;

  /// Takes `data`, after checking its extents against `S`.
  static tensor from_xtensor(std::string_view name, container data)
  {
    check_extents<S>(name, std::vector<std::size_t>(data.shape().begin(), data.shape().end()));
    return tensor(std::string(name), std::move(data));
  }

  /// Copies `extents`' product of values from `values`, after checking `extents` against `S`.
  static tensor from_buffer(std::string_view name, const float* values, const extents_type& extents)
  {
    check_extents<S>(name, std::vector<std::size_t>(extents.begin(), extents.end()));
    std::size_t n = 1;
    for (const auto e : extents) n *= e;
    container data = xt::adapt(values, n, xt::no_ownership(), extents);
    return tensor(std::string(name), std::move(data));
  }

  /// Values of a shape known only at run time (from a file): checked rank and extents.
  static tensor from_values(std::string_view name, const std::vector<std::int64_t>& shape,
                            const std::vector<float>& values)
  {
    std::vector<std::size_t> extents(shape.begin(), shape.end());
    check_extents<S>(name, extents);
    extents_type e{};
    std::copy_n(extents.begin(), rank, e.begin());  // check_extents made sure there are rank of them
    return from_buffer(name, values.data(), e);
  }

  /// Zeros of the given extents (checked: the static ones must be `S`'s).
  static tensor zeros(std::string_view name, const extents_type& extents)
  {
    check_extents<S>(name, std::vector<std::size_t>(extents.begin(), extents.end()));
    container data = container::from_shape(extents);  // uninitialised: from_shape does not fill
    data.fill(0.0f);
    return tensor(std::string(name), std::move(data));
  }

  const container& data() const { return data_; }
  container& data() { return data_; }
  const std::string& name() const { return name_; }
  std::size_t extent(std::size_t axis) const { return data_.shape()[axis]; }
  std::size_t size() const { return data_.size(); }

private:
  tensor(std::string name, container data) : data_(std::move(data)), name_(std::move(name)) {}
  container data_;
  std::string name_;
};

}  // namespace shapeproof::runtime

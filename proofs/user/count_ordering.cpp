// SPDX-License-Identifier: MIT
// Counts of one kind order with <=>, work with std::max and sum in a fold over a pack.
#include <shapeproof/shapeproof.hpp>

#include <algorithm>
#include <compare>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
template<typename... F>
constexpr cost::params sum_params()
{
  return (F::params() + ...);
}
static_assert((swiglu<d_model, d_ff>::params() <=> relu_ffn<d_model, d_ff>::params()) > 0);
static_assert(std::max(swiglu<d_model, d_ff>::params(), relu_ffn<d_model, d_ff>::params()) == 135'266'304_params);
static_assert(sum_params<swiglu<d_model, d_ff>, relu_ffn<d_model, d_ff>>() == 225'443'840_params);
}  // namespace mine

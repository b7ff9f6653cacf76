// SPDX-License-Identifier: MIT
// ffn::params() / 8, where 8 divides the count exactly, is a cost::params.
#include <shapeproof/shapeproof.hpp>

#include <concepts>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
using ffn = swiglu<d_model, d_ff>;
constexpr cost::params per_rank = ffn::params() / 8;
static_assert(per_rank == 16'908'288_params);
static_assert(std::same_as<decltype(ffn::params() / 8), cost::params>);
}  // namespace mine

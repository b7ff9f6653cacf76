// SPDX-License-Identifier: MIT
// A count times an int literal (either side) stays a count of the same kind.
#include <shapeproof/shapeproof.hpp>

#include <concepts>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
using ffn = swiglu<d_model, d_ff>;
constexpr auto twice = ffn::params() * 2;
constexpr auto layers = 32 * ffn::params();
static_assert(std::same_as<std::remove_cvref_t<decltype(twice)>, cost::params>);
static_assert(std::same_as<std::remove_cvref_t<decltype(layers)>, cost::params>);
static_assert(twice == 270'532'608_params);
static_assert(layers == 4'328'521'728_params);
static_assert(ffn::matmul_flops_per_token() * 2 == 541'065'216_flops);
}  // namespace mine

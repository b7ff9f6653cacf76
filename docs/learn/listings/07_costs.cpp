// SPDX-License-Identifier: MIT
// Chapter 7: parameters, FLOPs and bytes are different quantities.
#include <shapeproof/shapeproof.hpp>

namespace learn_07 {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
// BEGIN DOC
using ffn = swiglu<d_model, d_ff>;
// Three quantities, three types: adding or comparing two of them does not compile.
static_assert(std::same_as<decltype(ffn::params()), cost::params>);
static_assert(std::same_as<decltype(ffn::matmul_flops_per_token()), cost::flops>);

// Parameters become bytes only through a dtype: bf16 is two bytes, int4 half of one.
static_assert(bytes_of<bf16>(ffn::params()) == 270'532'608_bytes);
static_assert(bytes_of<int4>(ffn::params()) == 67'633'152_bytes);
// Training with mixed-precision Adam: bf16 weights and gradients, f32 master weights and two
// f32 moments: 2 + 2 + 4 + 4 + 4 = 16 bytes per parameter.
static_assert(training_bytes(ffn::params()) == 16 * 135'266'304_bytes);
// The number itself, when you need it: .value().
static_assert(ffn::params().value() == 135'266'304);
// END DOC
}  // namespace learn_07

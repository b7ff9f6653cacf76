// SPDX-License-Identifier: MIT
// Proofs about the quantities: parameters, FLOPs and bytes are distinct dimensions, exact in
// constant expressions.
#include <shapeproof/cost/dtype.hpp>
#include <shapeproof/cost/memory.hpp>
#include <shapeproof/cost/quantity.hpp>

#include <cstdint>
#include <limits>
#include <type_traits>

namespace proofs_cost {
using namespace shapeproof;
using namespace shapeproof::literals;

static_assert((3_params + 4_params).value() == 7);
static_assert(2_flops * std::int64_t{3} == 6_flops);
static_assert(1_bytes < 2_bytes);
static_assert(cost::make_params(5) == 5_params);

// Parameters, FLOPs and bytes never mix: each operation keeps its quantity, and mixing two is a
// hard error stating rule 9 (proofs/fail/mix_*.cpp). That error is deliberately not
// SFINAE-friendly: a constraint failure would list Boost.Units' hundred candidate operators.
static_assert(std::is_same_v<decltype(1_params + 1_params), cost::params>);
static_assert(std::is_same_v<decltype(1_flops - 1_flops), cost::flops>);
static_assert(std::is_same_v<decltype(1_bytes * std::int64_t{2}), cost::bytes>);
static_assert(std::is_same_v<decltype(std::int64_t{2} * 1_params), cost::params>);
// Converting one count into another is declared, so that it can be refused with rule 9's words
// (proofs/fail/flops_from_params.cpp) rather than Boost.Units' conversion error.
// So is a count from a plain integer (proofs/fail/params_from_plain_integer.cpp); a count is never
// an integer without `.value()`:
static_assert(!std::is_convertible_v<cost::params, std::int64_t>);

// Checked arithmetic: exact up to the 64-bit limit
static_assert(cost::checked_product(3, 4096, 11008) == 135'266'304);
static_assert(cost::checked_mul(std::numeric_limits<std::int64_t>::max() / 2, 2) == std::numeric_limits<std::int64_t>::max() - 1);
static_assert(cost::checked_add(std::numeric_limits<std::int64_t>::max() - 1, 1) == std::numeric_limits<std::int64_t>::max());
}  // namespace proofs_cost

namespace proofs_cost_dtypes {
using namespace shapeproof;
using namespace shapeproof::literals;

// Storage sizes
static_assert(bytes_of<f32>(1_params) == 4_bytes && bytes_of<f16>(1_params) == 2_bytes &&
              bytes_of<bf16>(1_params) == 2_bytes && bytes_of<f8_e4m3>(1_params) == 1_bytes &&
              bytes_of<f8_e5m2>(1_params) == 1_bytes && bytes_of<int8>(1_params) == 1_bytes);
// int4 packs two per byte; an odd count rounds up to the byte its last value occupies
static_assert(bytes_of<int4>(2_params) == 1_bytes && bytes_of<int4>(3_params) == 2_bytes);
static_assert(bytes_of<bf16>(135'266'304_params) == 270'532'608_bytes);  // LLaMA-7B's FFN in bf16
static_assert(all_dtypes.size() == 29 && all_dtypes[2].name == "bf16" && all_dtypes[2].bytes_of(3_params) == 6_bytes);
// GGUF's block types: whole blocks of weights and scales, exact and not whole bits per weight
static_assert(bits_per_weight<q8_0> == 8.5 && bits_per_weight<q4_0> == 4.5 && bits_per_weight<q4_k> == 4.5 &&
              bits_per_weight<q6_k> == 6.5625 && bits_per_weight<mxfp4> == 4.25 && bits_per_weight<bf16> == 16);
static_assert(bytes_of<q8_0>(32_params) == 34_bytes && bytes_of<q8_0>(33_params) == 68_bytes);  // no partial block
static_assert(bytes_of<q4_k>(135'266'304_params) == 76'087'296_bytes);  // LLaMA-7B's FFN: 528,384 blocks of 144
static_assert(bytes_of<q6_k>(256_params) == 210_bytes && bytes_of<q6_k>(0_params) == 0_bytes);
static_assert(all_dtypes[13].name == "q4_k" && all_dtypes[13].bits_per_weight() == 4.5);

// Training memory with mixed-precision Adam: the usual 16 bytes per parameter, as a formula
static_assert(training_bytes(1_params) == 16_bytes);
static_assert(training_bytes(1_params) == bytes_of<bf16>(1_params) * 2 + bytes_of<f32>(1_params) * 3);
static_assert(training_bytes(6'738'415'616_params) == 107'814'649'856_bytes);  // LLaMA-7B: 108 GB before activations

// Checked arithmetic on quantities: exact to the last unit
static_assert(cost::make_params(std::numeric_limits<std::int64_t>::max() - 1) + 1_params ==
              cost::make_params(std::numeric_limits<std::int64_t>::max()));
}  // namespace proofs_cost_dtypes

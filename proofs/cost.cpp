// SPDX-License-Identifier: MIT
// Proofs about the quantities: parameters, FLOPs and bytes are distinct dimensions, exact in
// constant expressions.
#include <shapeproof/cost/quantity.hpp>

#include <cstdint>
#include <limits>

namespace proofs_cost {
using namespace shapeproof;
using namespace shapeproof::literals;

static_assert((3_params + 4_params).value() == 7);
static_assert(2_flops * std::int64_t{3} == 6_flops);
static_assert(1_bytes < 2_bytes);
static_assert(cost::make_params(5) == 5_params);

// Parameters, FLOPs and bytes never mix
template<typename A, typename B>
concept addable = requires(A a, B b) { a + b; };
template<typename A, typename B>
concept comparable = requires(A a, B b) { a == b; };
static_assert(addable<cost::params, cost::params> && addable<cost::flops, cost::flops>);
static_assert(!addable<cost::params, cost::flops> && !addable<cost::flops, cost::bytes> && !addable<cost::bytes, cost::params>);
static_assert(!comparable<cost::params, cost::flops> && !comparable<cost::params, std::int64_t>);

// Checked arithmetic: exact up to the 64-bit limit
static_assert(cost::checked_product(3, 4096, 11008) == 135'266'304);
static_assert(cost::checked_mul(std::numeric_limits<std::int64_t>::max() / 2, 2) == std::numeric_limits<std::int64_t>::max() - 1);
static_assert(cost::checked_add(std::numeric_limits<std::int64_t>::max() - 1, 1) == std::numeric_limits<std::int64_t>::max());
}  // namespace proofs_cost

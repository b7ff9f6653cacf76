// SPDX-License-Identifier: MIT
// An MoE of one expert routed top-1: total and active counts agree, and it splits over ep = 1.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<14336> {};
using expert = swiglu<d_model, d_ff>;
using one = moe_ffn<expert, 1, 1>;
static_assert(one::params() == one::active_params());
static_assert(one::params() == expert::params() + 4096_params);  // the router: D -> 1
static_assert(MoeFfn<one>);
using split = expert_parallel<one, 1>;
static_assert(split::experts_per_rank == 1);
static_assert(split::params_per_rank() == one::params());
}  // namespace mine

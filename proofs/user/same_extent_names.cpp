// SPDX-License-Identifier: MIT
// D and Dff of one extent (a toy config) under different names: a valid FFN, told apart by name.
#include <shapeproof/shapeproof.hpp>

#include <concepts>

namespace mine {
using namespace shapeproof;
struct tokens final : dim<dynamic> {};
struct d_model final : dim<64> {};
struct d_ff final : dim<64> {};
using ffn = swiglu<d_model, d_ff>;
using own = dense_ffn_of<act::gelu, linear<d_model, d_ff>, linear<d_ff, d_model>>;
static_assert(ffn::params() == 3 * 64 * 64_params);
static_assert(own::params() == 2 * 64 * 64_params);
static_assert(std::same_as<ffn_output_t<ffn, shape<tokens, d_model>>, shape<tokens, d_model>>);
static_assert(std::same_as<ffn::hidden_dim, d_ff>);
}  // namespace mine

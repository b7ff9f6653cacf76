// SPDX-License-Identifier: MIT
// CHEAT: the roles inherited, then hidden by a member role of none
#include <shapeproof/shapeproof.hpp>

#include <string_view>
#include <tuple>
#include <type_traits>

namespace exercise {
using namespace shapeproof;
// the library checks them as widths without roles (the known roles_dropped cheat, past the checker's is_base_of test)
struct d_model final : model_width<4096> { using role = shapeproof::role::none; };
struct d_ff final : hidden_width<11008> { using role = shapeproof::role::none; };
using ffn = swiglu<d_model, d_ff>;
static_assert(ffn::params() == 135'266'304_params);
}  // namespace exercise

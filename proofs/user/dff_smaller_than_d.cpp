// SPDX-License-Identifier: MIT
// A bottleneck FFN: Dff (1024) smaller than D (4096), with and without roles, dense and gated.
#include <shapeproof/shapeproof.hpp>

#include <concepts>

namespace mine {
using namespace shapeproof;
struct tokens final : dim<dynamic> {};
struct d_model final : dim<4096> {};
struct d_bottleneck final : dim<1024> {};
struct d_model_r final : model_width<4096> {};
struct d_bottleneck_r final : hidden_width<1024> {};

using adapter = relu_ffn<d_model, d_bottleneck>;
using gated = swiglu<d_model, d_bottleneck>;
using gated_r = swiglu<d_model_r, d_bottleneck_r>;
using own = gated_ffn_of<act::silu, linear<d_model, d_bottleneck>, linear<d_model, d_bottleneck>, linear<d_bottleneck, d_model>>;
static_assert(adapter::params() == 2 * 4096 * 1024_params);
static_assert(gated::params() == 3 * 4096 * 1024_params);
static_assert(gated_r::params() == own::params());
static_assert(std::same_as<ffn_output_t<gated, shape<tokens, d_model>>, shape<tokens, d_model>>);
static_assert(std::same_as<ffn_output_t<gated_r, shape<tokens, d_model_r>>, shape<tokens, d_model_r>>);
}  // namespace mine

// SPDX-License-Identifier: MIT
// Generic and template lambdas over several variants, called in constant expressions.
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace mine {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<11008> {};

constexpr auto params_of = [](auto tag) { return decltype(tag)::type::params(); };
constexpr auto split_params = []<typename F, extent_t TP>(std::type_identity<F>, std::integral_constant<extent_t, TP>) {
  return tensor_parallel<F, TP>::params_per_rank() * TP;
};
static_assert(params_of(std::type_identity<swiglu<d_model, d_ff>>{}) == 135'266'304_params);
static_assert(params_of(std::type_identity<gelu_ffn<d_model, d_ff>>{}) == 90'177'536_params);
static_assert(split_params(std::type_identity<geglu<d_model, d_ff>>{}, std::integral_constant<extent_t, 4>{}) ==
              135'266'304_params);
}  // namespace mine

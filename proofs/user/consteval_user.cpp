// SPDX-License-Identifier: MIT
// The library used from the user's consteval functions (plain and templated), results in constexpr variables.
#include <shapeproof/shapeproof.hpp>

namespace mine {
using namespace shapeproof;
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};

consteval cost::params llama_ffn_params() { return swiglu<d_model, d_ff>::params(); }

template<typename F>
consteval cost::bytes bf16_bytes()
{
  return bytes_of<bf16>(F::params());
}
consteval cost::params model_total() { return models::count(presets::llama_7b::config).total; }

constexpr cost::params p = llama_ffn_params();
static_assert(p == 135'266'304_params);
static_assert(bf16_bytes<swiglu<d_model, d_ff>>() == 270'532'608_bytes);
static_assert(model_total() == 6'738'415'616_params);
static_assert(models::checked<presets::llama_7b::config>::counts.total == model_total());
}  // namespace mine

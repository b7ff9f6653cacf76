// SPDX-License-Identifier: MIT
// Deeply nested user templates: a model template holding a block template holding an FFN template, split over ranks.
#include <shapeproof/shapeproof.hpp>

#include <concepts>

namespace mine {
using namespace shapeproof;
struct tokens final : dim<dynamic> {};
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<14336> {};

template<typename D, typename Dff>
struct mlp {
  template<bool Bias>
  struct with_bias {
    using spec = gated_ffn_of<act::silu, linear<D, Dff, Bias>, linear<D, Dff, Bias>, linear<Dff, D, Bias>>;
  };
};
template<typename Mlp, extent_t TP>
struct block {
  using ffn = typename Mlp::template with_bias<false>::spec;
  using sharded = tensor_parallel<ffn, TP>;
  template<typename X>
  using out = ffn_output_t<typename sharded::rank_spec, X>;
};
template<template<typename, extent_t> class Block, extent_t Layers, extent_t TP>
struct model {
  using layer = Block<mlp<d_model, d_ff>, TP>;
  static constexpr cost::params per_rank_ffn = layer::sharded::params_per_rank() * Layers;
};
using m = model<block, 32, 8>;
static_assert(m::per_rank_ffn * 8 == swiglu<d_model, d_ff>::params() * 32);
static_assert(std::same_as<m::layer::out<shape<tokens, d_model>>, shape<tokens, d_model>>);
}  // namespace mine

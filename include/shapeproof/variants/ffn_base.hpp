// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief What the dense and gated families share: their projections, and the counts that are
 * sums over them; and the down projection's two rules, which both families check.
 */

#include <shapeproof/core/dim.hpp>
#include <shapeproof/core/rules.hpp>
#include <shapeproof/cost/dtype.hpp>
#include <shapeproof/cost/quantity.hpp>

#include <boost/hana/tuple.hpp>
#include <boost/hana/type.hpp>

namespace shapeproof::detail {

/// Rule 2 for a down projection after `Up`: it reads what `Up` writes.
template<typename Up, typename Down>
using down_reads_hidden_rule =
    rules::down_must_map_dff_back_to_d<typename Up::out, Up::out::extent, typename Down::in, Down::in::extent>;

/// Rule 3 for a down projection after `Up`: it writes what `Up` reads.
template<typename Up, typename Down>
using down_returns_rule =
    rules::ffn_must_return_to_its_input_width<typename Up::in, Up::in::extent, typename Down::out, Down::out::extent>;

/// The members every FFN spec has, from its activation and its projections (`Up` and `Down`
/// among them); `Spec` (the family's class) gives its element-wise work and saved activations.
template<typename Spec, typename Act, typename Up, typename Down, typename... Projections>
struct ffn_base {
  using activation = Act;
  using up = Up;
  using down = Down;
  using model_dim = typename Up::in;
  using hidden_dim = typename Up::out;
  static constexpr bool has_bias = (Projections::has_bias || ...);
  /// The projections, as a Boost.Hana type list.
  static constexpr auto projections = boost::hana::tuple_t<Projections...>;

  /// The sum of the projections' parameters.
  static constexpr cost::params params() { return (Projections::params() + ...); }
  /// The sum of the projections' matmul FLOPs for one token.
  static constexpr cost::flops matmul_flops_per_token() { return (Projections::matmul_flops_per_token() + ...); }
  /// The bias additions for one token: one FLOP per output of each projection that has a bias.
  static constexpr cost::flops bias_flops_per_token()
  {
    return cost::make_flops(((Projections::has_bias ? Projections::out::extent : extent_t{0}) + ...));
  }
  /// All FLOPs for one token: matmuls and element-wise work.
  static constexpr cost::flops flops_per_token()
  {
    return matmul_flops_per_token() + Spec::elementwise_flops_per_token();
  }
  /// The values kept per token for the backward pass, in dtype `T`.
  template<Dtype T>
  static constexpr cost::bytes activation_bytes_per_token()
  {
    return bytes_of_elements<T>(Spec::saved_activations_per_token());
  }
};

}  // namespace shapeproof::detail

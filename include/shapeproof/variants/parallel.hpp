// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief Tensor and expert parallelism as types: an FFN split over `tp` ranks, an MoE's experts
 * over `ep` ranks, each rule a compile error, each per-rank cost a constant.
 *
 * Tensor parallelism (Megatron-LM's split of an MLP): gate and up are column-parallel, each rank
 * holding `[D -> Dff/tp]`; down is row-parallel, `[Dff/tp -> D]`, and the ranks' partial outputs
 * are summed by one all-reduce of `[T, D]`. The per-rank hidden width is a dimension of its own,
 * `tp_shard<Dff, tp>`, whose extent `Dff / tp` holds only when `tp` divides `Dff` (rule 11).
 *
 * @code
 * struct d_model final : model_width<4096> {};
 * struct d_ff final : hidden_width<14336> {};
 * using ffn = swiglu<d_model, d_ff>;                       // 4096 -> 14336
 * using sharded = tensor_parallel<ffn, 8>;
 * static_assert(sharded::shard_dim::extent == 1792);
 * static_assert(sharded::params_per_rank() == ffn::params() / 8);
 * using moe_sharded = expert_parallel<moe_ffn<ffn, 8, 2>, 4>;  // two experts per rank
 * @endcode
 *
 * A bias of down is added once, after the all-reduce: every rank holds it (it is counted in each
 * rank's parameters). Gate's and up's biases are split with their outputs.
 */

#include <shapeproof/core/dim.hpp>
#include <shapeproof/core/rules.hpp>
#include <shapeproof/cost/dtype.hpp>
#include <shapeproof/cost/quantity.hpp>
#include <shapeproof/detail/rejected.hpp>
#include <shapeproof/variants/dense.hpp>
#include <shapeproof/variants/gated.hpp>
#include <shapeproof/variants/moe.hpp>

#include <type_traits>

#define SHAPEPROOF_RULE_11_TP_POSITIVE_MESSAGE \
  "shapeproof rule 11: a tensor- or expert-parallel degree must be 1 or more"
#define SHAPEPROOF_RULE_11_DFF_MESSAGE \
  "shapeproof rule 11: tensor parallelism splits Dff over tp ranks, so tp must divide Dff"
#define SHAPEPROOF_RULE_11_EXPERTS_MESSAGE \
  "shapeproof rule 11: expert parallelism splits the experts over ep ranks, so ep must divide the experts"
#define SHAPEPROOF_RULE_11_STATIC_MESSAGE \
  "shapeproof rule 11: tensor parallelism splits a weight's static width, not the dynamic token axis"
#define SHAPEPROOF_RULE_11_NOT_AN_MOE_MESSAGE                                                                         \
  "shapeproof rule 11: expert_parallel splits an MoE's experts (moe_ffn<...>), and tensor_parallel a dense or gated " \
  "FFN"
#define SHAPEPROOF_RULE_11_NOT_AN_FFN_MESSAGE \
  "shapeproof rule 11: tensor_parallel splits a dense or gated FFN spec (expert_parallel splits an MoE)"

namespace shapeproof {

namespace spec {
/// The dimension `tp_shard<Dff, TP>` names once its rules hold (write `tp_shard<...>`, which
/// checks, not this class).
template<typename Dff, extent_t TP>
struct tp_shard final : dim<Dff::extent / TP, typename Dff::role> {
  using whole = Dff;
  static constexpr extent_t ranks = TP;
};
}  // namespace spec

namespace rules {

/// Rule 11: tensor parallelism splits a weight's width, which is static (not the token axis).
template<typename Dim, extent_t Extent>
struct tensor_parallelism_splits_a_static_width {
  static constexpr bool holds = Extent != dynamic;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(holds, SHAPEPROOF_RULE_11_STATIC_MESSAGE);
  };
};

/// Rule 11: `expert_parallel` splits an MoE's experts.
template<typename What, bool IsMoe>
struct expert_parallel_needs_an_moe {
  static constexpr bool holds = IsMoe;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(IsMoe, SHAPEPROOF_RULE_11_NOT_AN_MOE_MESSAGE);
  };
};

/// Rule 11: a degree of parallelism is positive.
template<extent_t Degree>
struct parallel_degree_must_be_positive {
  static constexpr bool holds = Degree >= 1;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(holds, SHAPEPROOF_RULE_11_TP_POSITIVE_MESSAGE);
  };
};

/// Rule 11: `TP` divides the hidden width `Dff` it splits.
template<typename Dff, extent_t DffExtent, extent_t TP>
struct tp_must_divide_dff {
  static constexpr bool holds = TP >= 1 && DffExtent % TP == 0;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(holds, SHAPEPROOF_RULE_11_DFF_MESSAGE);
  };
};

/// Rule 11: `EP` divides the number of routed experts.
template<extent_t Experts, extent_t EP>
struct ep_must_divide_the_experts {
  static constexpr bool holds = EP >= 1 && Experts % EP == 0;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(holds, SHAPEPROOF_RULE_11_EXPERTS_MESSAGE);
  };
};

template<bool Holds>
struct tensor_parallel_needs_a_dense_or_gated_ffn {
  static constexpr bool holds = Holds;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(Holds, SHAPEPROOF_RULE_11_NOT_AN_FFN_MESSAGE);
  };
};

}  // namespace rules

namespace detail {

// The per-rank FFN of `Spec` with `Shard` as its hidden width: the same variant, bias and activation.
template<typename Spec, typename Shard>
struct rank_ffn;
template<typename Act, typename D, typename Dff, bool UpBias, bool DownBias, typename Shard>
struct rank_ffn<spec::dense<Act, D, Dff, UpBias, DownBias>, Shard> {
  using type = spec::dense<Act, D, Shard, UpBias, DownBias>;
};
template<typename Act, typename D, typename Dff, bool GateBias, bool UpBias, bool DownBias, typename Shard>
struct rank_ffn<spec::gated<Act, D, Dff, GateBias, UpBias, DownBias>, Shard> {
  using type = spec::gated<Act, D, Shard, GateBias, UpBias, DownBias>;
};

template<typename T>
inline constexpr bool is_dense_or_gated = false;
template<typename Act, typename D, typename Dff, bool UpBias, bool DownBias>
inline constexpr bool is_dense_or_gated<spec::dense<Act, D, Dff, UpBias, DownBias>> = true;
template<typename Act, typename D, typename Dff, bool GateBias, bool UpBias, bool DownBias>
inline constexpr bool is_dense_or_gated<spec::gated<Act, D, Dff, GateBias, UpBias, DownBias>> = true;

}  // namespace detail

namespace spec {

/// A checked FFN `Spec` split over `TP` tensor-parallel ranks (see `shapeproof::tensor_parallel`).
template<typename Spec, extent_t TP>
struct tensor_parallel {
  using whole = Spec;
  static constexpr extent_t ranks = TP;
  using model_dim = typename Spec::model_dim;
  using hidden_dim = typename Spec::hidden_dim;
  /// The hidden width each rank holds, `Dff / TP`.
  using shard_dim = spec::tp_shard<hidden_dim, TP>;
  /// What one rank runs: gate and up `[D -> Dff/TP]`, down `[Dff/TP -> D]`, then the all-reduce.
  using rank_spec = typename detail::rank_ffn<Spec, shard_dim>::type;

  /// One rank's weights and biases (down's bias, added after the all-reduce, on every rank).
  static constexpr cost::params params_per_rank() { return rank_spec::params(); }
  /// One rank's FFN FLOPs per token (matmuls and element-wise work on its slice).
  static constexpr cost::flops flops_per_token_per_rank() { return rank_spec::flops_per_token(); }
  /// One rank's weight memory in `Dtype`.
  template<typename Dtype = f32>
  static constexpr cost::bytes weight_bytes_per_rank()
  {
    return bytes_of<Dtype>(params_per_rank());
  }
  /// The all-reduce's payload per token: one `[1, D]` row of partial sums, in `Dtype`. (A ring
  /// all-reduce sends and receives 2·(TP − 1)/TP of it on every rank.)
  template<typename Dtype = f32>
  static constexpr cost::bytes allreduce_bytes_per_token()
  {
    return TP == 1 ? cost::bytes{} : bytes_of<Dtype>(cost::make_params(model_dim::extent));
  }
};

/// A checked MoE `Moe` whose routed experts are split over `EP` ranks (see
/// `shapeproof::expert_parallel`).
template<typename Moe, extent_t EP>
struct expert_parallel {
  using whole = Moe;
  static constexpr extent_t ranks = EP;
  using model_dim = typename Moe::model_dim;
  using expert = typename Moe::expert;
  /// The routed experts each rank holds.
  static constexpr extent_t experts_per_rank = Moe::experts / EP;

  /// One rank's weights: the router and the shared experts (on every rank), its routed experts.
  static constexpr cost::params params_per_rank()
  {
    return Moe::router::params() + expert::params() * experts_per_rank +
           Moe::shared_expert::params() * Moe::shared_experts;
  }
  template<typename Dtype = f32>
  static constexpr cost::bytes weight_bytes_per_rank()
  {
    return bytes_of<Dtype>(params_per_rank());
  }
  /// The tokens exchanged per token, both ways: each token goes to its `top_k` experts' ranks as
  /// a `[1, D]` row and comes back as one (in `Dtype`; rows for a token's own rank included: on
  /// average (EP − 1)/EP of it leaves the rank).
  template<typename Dtype = f32>
  static constexpr cost::bytes alltoall_bytes_per_token()
  {
    return EP == 1 ? cost::bytes{} : bytes_of<Dtype>(cost::make_params(2 * Moe::top_k * model_dim::extent));
  }
};

}  // namespace spec

namespace detail {

template<typename Spec, extent_t TP, bool IsFfn = is_dense_or_gated<Spec> || std::is_same_v<Spec, rejected>>
struct make_tensor_parallel {
  using rule = first_failing_t<rules::tensor_parallel_needs_a_dense_or_gated_ffn<IsFfn>>;
  using type = rejected;
  // Named, not instantiated: the alias that names `verdict::type` asserts the rule, so the
  // diagnostic's context is the rule and the user's line, not this class spelled out.
  using verdict = shapeproof::detail::verdict<rule, type>;
};
template<typename Spec, extent_t TP>
struct make_tensor_parallel<Spec, TP, true> {
  using rule = first_failing_t<
      rules::parallel_degree_must_be_positive<TP>,
      rules::tp_must_divide_dff<typename Spec::hidden_dim, Spec::hidden_dim::extent, (TP >= 1 ? TP : 1)>>;
  using type = std::conditional_t<rule::holds, spec::tensor_parallel<Spec, TP>, rejected>;
  // Named, not instantiated: the alias that names `verdict::type` asserts the rule, so the
  // diagnostic's context is the rule and the user's line, not this class spelled out.
  using verdict = shapeproof::detail::verdict<rule, type>;
};
// A refused FFN (its error has been given) splits into a refused one, without a check.
template<extent_t TP>
struct make_tensor_parallel<rejected, TP, true> {
  using type = rejected;
  using verdict = shapeproof::detail::verdict<rules::passed, rejected>;
};

template<typename Moe, extent_t EP, bool IsMoe = MoeFfn<Moe> && !std::is_same_v<Moe, rejected>>
struct make_expert_parallel {
  using rule = first_failing_t<rules::expert_parallel_needs_an_moe<Moe, std::is_same_v<Moe, rejected>>>;
  using type = rejected;
  // Named, not instantiated: the alias that names `verdict::type` asserts the rule, so the
  // diagnostic's context is the rule and the user's line, not this class spelled out.
  using verdict = shapeproof::detail::verdict<rule, type>;
};
template<typename Moe, extent_t EP>
struct make_expert_parallel<Moe, EP, true> {
  using rule =
      first_failing_t<rules::parallel_degree_must_be_positive<EP>, rules::ep_must_divide_the_experts<Moe::experts, EP>>;
  using type = std::conditional_t<rule::holds, spec::expert_parallel<Moe, EP>, rejected>;
  // Named, not instantiated: the alias that names `verdict::type` asserts the rule, so the
  // diagnostic's context is the rule and the user's line, not this class spelled out.
  using verdict = shapeproof::detail::verdict<rule, type>;
};

template<typename Dff, extent_t TP, bool IsDim = Dim<Dff>>
struct make_tp_shard {
  using rule = first_failing_t<rules::dimension_needs_a_name<Dff>, rules::must_be_a_dimension<Dff>>;
  using type = rejected_dim;
  // Named, not instantiated: the alias that names `verdict::type` asserts the rule, so the
  // diagnostic's context is the rule and the user's line, not this class spelled out.
  using verdict = shapeproof::detail::verdict<rule, type>;
};
template<typename Dff, extent_t TP>
struct make_tp_shard<Dff, TP, true> {
  using rule = first_failing_t<rules::parallel_degree_must_be_positive<TP>,
                               rules::tensor_parallelism_splits_a_static_width<Dff, Dff::extent>,
                               rules::tp_must_divide_dff<Dff, Dff::extent, (TP >= 1 ? TP : 1)>>;
  using type = std::conditional_t<rule::holds, spec::tp_shard<Dff, TP>, rejected_dim>;
  // Named, not instantiated: the alias that names `verdict::type` asserts the rule, so the
  // diagnostic's context is the rule and the user's line, not this class spelled out.
  using verdict = shapeproof::detail::verdict<rule, type>;
};

}  // namespace detail

/**
 * @brief The slice of the hidden width `Dff` each of `TP` tensor-parallel ranks holds: `Dff / TP`,
 * with `Dff`'s role; checked where it is written (rule 11: `TP` is positive and divides the
 * static width `Dff`). Named for what it is: `spec::tp_shard<d_ff, 8>` in every diagnostic.
 */
template<typename Dff, extent_t TP>
using tp_shard = typename detail::make_tp_shard<Dff, TP>::verdict::type;

/**
 * @brief `Spec` (a dense or gated FFN) split over `TP` tensor-parallel ranks; rule 11 checks
 * that `TP` divides its hidden width where this alias is written.
 */
template<typename Spec, extent_t TP>
using tensor_parallel = typename detail::make_tensor_parallel<Spec, TP>::verdict::type;

/**
 * @brief The MoE `Moe`'s routed experts split over `EP` ranks; rule 11 checks that `EP` divides
 * them where this alias is written.
 */
template<typename Moe, extent_t EP>
using expert_parallel = typename detail::make_expert_parallel<Moe, EP>::verdict::type;

}  // namespace shapeproof

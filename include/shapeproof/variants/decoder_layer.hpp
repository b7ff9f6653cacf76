// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief A decoder layer, typed: norm → attention → residual add → norm → FFN or MoE → residual
 * add, with the residual stream's width proved the same across it (rule 12).
 *
 * @code
 * struct d_model final : model_width<4096> {};
 * struct d_ff final : hidden_width<14336> {};
 * struct head_dim final : dim<128> {};
 * using layer = decoder_layer<gqa_attention<d_model, 32, 8, head_dim, rotary<128>>, swiglu<d_model, d_ff>,
 *                             rms_norm<d_model>>;  // Llama-3-8B's
 * static_assert(layer::params() == 218'112'000_params);
 * @endcode
 * See proofs/attention.cpp.
 */

#include <shapeproof/core/rules.hpp>
#include <shapeproof/core/shape.hpp>
#include <shapeproof/cost/dtype.hpp>
#include <shapeproof/cost/quantity.hpp>
#include <shapeproof/detail/rejected.hpp>
#include <shapeproof/variants/attention.hpp>
#include <shapeproof/variants/ffn_concepts.hpp>

#include <algorithm>
#include <tuple>
#include <type_traits>

#define SHAPEPROOF_RULE_12_RESIDUAL_MESSAGE                                                                       \
  "shapeproof rule 12: a decoder layer's residual stream keeps its width: its norms, attention and FFN must all " \
  "read and return the same D"
#define SHAPEPROOF_LAYER_FFN_MESSAGE                                                                                 \
  "shapeproof rule 12: a decoder layer's FFN must be an FFN spec (swiglu<D, Dff>, moe_ffn<...>), not a linear or a " \
  "shape"
#define SHAPEPROOF_NOT_A_NORM_MESSAGE "shapeproof rule 12: a decoder layer's norm must be rms_norm<D> or layer_norm<D>"
#define SHAPEPROOF_STACK_MESSAGE                                                                                    \
  "shapeproof rule 12: a layer stack repeats decoder_layer<...>s over at least as many layers as its pattern has: " \
  "layer_stack<layers, L0, L1, ...>"

namespace shapeproof {

/// RMSNorm over `D`: a weight of `D`.
template<typename D>
struct rms_norm {
  using dim = D;
  static constexpr cost::params params() { return cost::make_params(D::extent); }
};

/// LayerNorm over `D`: a weight and a bias of `D`.
template<typename D>
struct layer_norm {
  using dim = D;
  static constexpr cost::params params() { return cost::make_params(2 * D::extent); }
};

namespace detail {
template<typename T>
struct is_norm : std::false_type {
};
template<typename D>
struct is_norm<rms_norm<D>> : std::true_type {
};
template<typename D>
struct is_norm<layer_norm<D>> : std::true_type {
};
}  // namespace detail

namespace rules {

/// Rule 12: the residual stream keeps its width across a decoder layer.
template<typename D, extent_t DExtent, typename Other, extent_t OtherExtent>
struct residual_stream_must_keep_its_width {
  static constexpr bool holds = std::is_same_v<D, Other>;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    using cmp = dim_comparison<holds, DExtent, OtherExtent>;
    static_assert(cmp::not_other_extents, SHAPEPROOF_RULE_12_RESIDUAL_MESSAGE);
    static_assert(cmp::not_same_extent_other_names, SHAPEPROOF_RULE_12_RESIDUAL_MESSAGE SHAPEPROOF_BY_NAME);
  };
};

/// A decoder layer's attention is an attention spec.
template<typename What, bool IsAttention>
struct layer_attention_must_be_an_attention {
  static constexpr bool holds = IsAttention;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(IsAttention, SHAPEPROOF_NOT_AN_ATTENTION_MESSAGE);
  };
};

/// A decoder layer's FFN is an FFN spec.
template<typename What, bool IsFfn>
struct layer_ffn_must_be_an_ffn {
  static constexpr bool holds = IsFfn;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(IsFfn, SHAPEPROOF_LAYER_FFN_MESSAGE);
  };
};

/// A decoder layer's norm is `rms_norm<D>` or `layer_norm<D>`.
template<typename What, bool IsNorm>
struct layer_norm_must_be_a_norm {
  static constexpr bool holds = IsNorm;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(IsNorm, SHAPEPROOF_NOT_A_NORM_MESSAGE);
  };
};

/// A layer stack repeats decoder layers, over at least one whole pattern.
template<extent_t Layers, extent_t Period, bool AllLayers>
struct layer_stack_must_repeat_decoder_layers {
  static constexpr bool holds = AllLayers && Period > 0 && Layers >= Period;
  template<typename Checked = void>
  struct check {
    using type = Checked;  // what the checked declaration names
    static_assert(holds, SHAPEPROOF_STACK_MESSAGE);
  };
};

}  // namespace rules

namespace spec {

/// The decoder layer `decoder_layer<...>` names once its rules hold.
template<typename Attn, typename Ffn, typename Norm, extent_t NormsPerLayer>
struct decoder_layer {
  using model_dim = typename Attn::model_dim;
  using attention = Attn;
  using ffn = Ffn;
  using norm = Norm;
  static constexpr extent_t norms = NormsPerLayer;

  /// The attention's, the FFN's (every expert of an MoE) and the norms'.
  static constexpr cost::params params() { return Attn::params() + Ffn::params() + Norm::params() * NormsPerLayer; }
  /// What one token uses: an MoE's `top_k` experts only.
  static constexpr cost::params active_params()
  {
    if constexpr (requires { Ffn::active_params(); })
      return Attn::params() + Ffn::active_params() + Norm::params() * NormsPerLayer;
    else
      return params();
  }
  /// The KV cache's bytes per token in `T`, and for one sequence of `context` tokens.
  template<Dtype T>
  static constexpr cost::bytes kv_cache_bytes_per_token()
  {
    return Attn::template kv_cache_bytes_per_token<T>();
  }
  template<Dtype T>
  static constexpr cost::bytes kv_cache_bytes(extent_t context)
  {
    return Attn::template kv_cache_bytes<T>(context);
  }
  /// `[..., D] -> [..., D]`: each residual add is checked (an element-wise sum of one shape).
  template<Shape X>
  using output_chain_t =
      elementwise_t<X,
                    typename Ffn::template output_chain_t<elementwise_t<X, typename Attn::template output_chain_t<X>>>>;
};

/// The stack `layer_stack<...>` names once its rules hold.
template<extent_t Layers, typename... Pattern>
struct layer_stack {
  using model_dim = typename std::tuple_element_t<0, std::tuple<Pattern...>>::model_dim;
  static constexpr extent_t num_layers = Layers;
  static constexpr extent_t period = static_cast<extent_t>(sizeof...(Pattern));
  /// How many layers are the pattern's `k`-th: layer i is the (i mod period)-th.
  static constexpr extent_t count_of(extent_t k) { return Layers / period + (k < Layers % period ? 1 : 0); }
  /// How many layers attend through a sliding window.
  static constexpr extent_t windowed_layers()
  {
    extent_t k = 0, n = 0;
    ((n += Pattern::attention::window > 0 ? count_of(k) : 0, ++k), ...);
    return n;
  }
  /// The window of its sliding layers (0: none); every sliding layer of a stack has one window.
  static constexpr extent_t window = std::max({extent_t{0}, Pattern::attention::window...});
  /// Whether its sliding layers share one window (a config states one).
  static constexpr bool one_window = ((Pattern::attention::window == 0 || Pattern::attention::window == window) && ...);
  using pattern = std::tuple<Pattern...>;
  /// Every layer's parameters (an MoE's every expert).
  static constexpr cost::params params()
  {
    auto n = cost::make_params(0);
    extent_t k = 0;
    ((n = n + Pattern::params() * count_of(k++)), ...);
    return n;
  }
  /// What one token uses.
  static constexpr cost::params active_params()
  {
    auto n = cost::make_params(0);
    extent_t k = 0;
    ((n = n + Pattern::active_params() * count_of(k++)), ...);
    return n;
  }
  /// The KV cache's bytes per token in `T`, over every layer (a context no longer than any window).
  template<Dtype T>
  static constexpr cost::bytes kv_cache_bytes_per_token()
  {
    auto n = cost::make_bytes(0);
    extent_t k = 0;
    ((n = n + Pattern::template kv_cache_bytes_per_token<T>() * count_of(k++)), ...);
    return n;
  }
  /// The KV cache of one sequence of `context` tokens: a sliding layer holds its window's at most.
  template<Dtype T>
  static constexpr cost::bytes kv_cache_bytes(extent_t context)
  {
    auto n = cost::make_bytes(0);
    extent_t k = 0;
    ((n = n + Pattern::template kv_cache_bytes<T>(context) * count_of(k++)), ...);
    return n;
  }
  /// `[..., D] -> [..., D]`: the pattern's layers each keep it.
  template<Shape X>
  using output_chain_t = typename std::tuple_element_t<0, std::tuple<Pattern...>>::template output_chain_t<X>;
};

}  // namespace spec

namespace detail {

template<typename T>
struct is_decoder_layer : std::false_type {
};
template<typename A, typename F, typename N, extent_t K>
struct is_decoder_layer<spec::decoder_layer<A, F, N, K>> : std::true_type {
};

template<typename Attn, typename Ffn, typename Norm, extent_t NormsPerLayer>
struct make_decoder_layer {
  using kinds = first_failing_t<rules::layer_attention_must_be_an_attention<Attn, Attention<Attn>>,
                                rules::layer_ffn_must_be_an_ffn<Ffn, FfnSpec<Ffn> || std::is_same_v<Ffn, rejected>>,
                                rules::layer_norm_must_be_a_norm<Norm, is_norm<Norm>::value>>;
  static constexpr bool ready = kinds::holds && !any_rejected<Attn, Ffn>;
  template<bool Ready, typename = void>
  struct widths {
    using rule = kinds;
  };
  template<typename Void>
  struct widths<true, Void> {
    using d = typename Attn::model_dim;
    using rule = first_failing_t<
        rules::residual_stream_must_keep_its_width<d, d::extent, typename Ffn::model_dim, Ffn::model_dim::extent>,
        rules::residual_stream_must_keep_its_width<d, d::extent, typename Norm::dim, Norm::dim::extent>>;
  };
  using rule = typename widths<ready>::rule;
  using type = std::conditional_t<ready && rule::holds, spec::decoder_layer<Attn, Ffn, Norm, NormsPerLayer>, rejected>;
  using verdict = shapeproof::detail::verdict<rule, type>;
};

template<extent_t Layers, typename... Pattern>
struct make_layer_stack {
  static constexpr bool layers_ok = (is_decoder_layer<Pattern>::value && ...);
  using kind =
      rules::layer_stack_must_repeat_decoder_layers<Layers, static_cast<extent_t>(sizeof...(Pattern)), layers_ok>;
  static constexpr bool ready = kind::holds && !any_rejected<Pattern...>;
  template<bool Ready, typename = void>
  struct widths {
    using rule = kind;
  };
  template<typename Void>
  struct widths<true, Void> {
    using d = typename std::tuple_element_t<0, std::tuple<Pattern...>>::model_dim;
    using rule = first_failing_t<rules::residual_stream_must_keep_its_width<d, d::extent, typename Pattern::model_dim,
                                                                            Pattern::model_dim::extent>...>;
  };
  using rule = typename widths<ready>::rule;
  using type = std::conditional_t<ready && rule::holds, spec::layer_stack<Layers, Pattern...>, rejected>;
  using verdict = shapeproof::detail::verdict<rule, type>;
};

}  // namespace detail

/// `DecoderLayer<T>`: T is a decoder layer spec.
template<typename T>
concept DecoderLayer = detail::is_decoder_layer<T>::value || std::is_same_v<T, detail::rejected>;

/**
 * @brief A pre-norm decoder layer, checked where it is written (rule 12): `Attn` (an attention
 * spec), `Ffn` (a dense, gated or MoE FFN) and `NormsPerLayer` norms `Norm` (two: before attention
 * and before the FFN; four in Gemma 2 and 3, after each too) all on the residual stream's width D.
 */
template<typename Attn, typename Ffn, typename Norm, extent_t NormsPerLayer = 2>
using decoder_layer = typename detail::make_decoder_layer<Attn, Ffn, Norm, NormsPerLayer>::verdict::type;

/**
 * @brief `Layers` decoder layers repeating a pattern, checked where it is written (rule 12): layer
 * i is the (i mod n)-th of `Pattern`'s n, all on one D. Local and global layers are one type:
 * Gemma 3's `layer_stack<26, local, local, local, local, local, global>`, Gemma 2's
 * `layer_stack<42, local, global>`, a model of one kind `layer_stack<32, layer>`.
 */
template<extent_t Layers, typename... Pattern>
using layer_stack = typename detail::make_layer_stack<Layers, Pattern...>::verdict::type;

}  // namespace shapeproof

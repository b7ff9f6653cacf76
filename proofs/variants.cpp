// SPDX-License-Identifier: MIT
// Proofs about the FFN families: the facts of the usual FFN/SwiGLU teaching material, for every variant.
#include <shapeproof/shapeproof.hpp>

#include <boost/hana/all_of.hpp>
#include <boost/hana/for_each.hpp>
#include <boost/hana/transform.hpp>
#include <boost/hana/tuple.hpp>
#include <boost/hana/type.hpp>

#include <cstdint>
#include <tuple>
#include <type_traits>

namespace proofs_variants {
using namespace shapeproof;
using namespace shapeproof::literals;
namespace hana = boost::hana;

struct tokens final : dim<dynamic> {};
struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};

// --- LLaMA-7B's FFN: 3 · 4096 · 11008 = 135,266,304 parameters (InfraLens lab 06, "FFN / SwiGLU Parameter Count": up + gate + down) ---
using llama_ffn = swiglu<d_model, d_ff>;
static_assert(llama_ffn::params() == 135'266'304_params);
static_assert(llama_ffn::gate::params() == llama_ffn::up::params() &&
              llama_ffn::down::params() == llama_ffn::up::params());  // three equal matrices
static_assert(std::is_same_v<ffn_output_t<llama_ffn, shape<tokens, d_model>>, shape<tokens, d_model>>);
static_assert(llama_ffn::matmul_flops_per_token().value() == 2 * 135'266'304);

// --- Rules 1-3 hold by construction for every variant ---------------------------------------
template<typename F>
constexpr bool well_formed()
{
  using D = typename F::model_dim;
  using Dff = typename F::hidden_dim;
  bool ok = std::is_same_v<typename F::up::math_shape, shape<D, Dff>> &&   // up: [D -> Dff]
            std::is_same_v<typename F::down::math_shape, shape<Dff, D>> &&  // down: [Dff -> D] (rules 2, 3)
            std::is_same_v<ffn_output_t<F, shape<tokens, D>>, shape<tokens, D>>;
  if constexpr (F::is_gated) ok = ok && std::is_same_v<typename F::gate::math_shape, typename F::up::math_shape>;  // rule 1
  return ok;
}

template<typename D, typename Dff, bool Bias>
constexpr auto dense_variants = hana::tuple_t<relu_ffn<D, Dff, Bias>, gelu_ffn<D, Dff, Bias>, gelu_tanh_ffn<D, Dff, Bias>,
                                              silu_ffn<D, Dff, Bias>>;
template<typename D, typename Dff, bool Bias>
constexpr auto gated_variants = hana::tuple_t<glu<D, Dff, Bias>, reglu<D, Dff, Bias>, geglu<D, Dff, Bias>,
                                              geglu_tanh<D, Dff, Bias>, swiglu<D, Dff, Bias>, bilinear<D, Dff, Bias>>;

constexpr auto every_variant = [](auto predicate) {
  return hana::all_of(dense_variants<d_model, d_ff, false>, predicate) &&
         hana::all_of(dense_variants<d_model, d_ff, true>, predicate) &&
         hana::all_of(gated_variants<d_model, d_ff, false>, predicate) &&
         hana::all_of(gated_variants<d_model, d_ff, true>, predicate);
};
static_assert(every_variant([](auto t) { return well_formed<typename decltype(t)::type>(); }));
static_assert(every_variant([](auto t) { return FfnSpec<typename decltype(t)::type>; }));
static_assert(hana::all_of(gated_variants<d_model, d_ff, false>, [](auto t) { return GatedFfn<typename decltype(t)::type>; }));
static_assert(hana::all_of(dense_variants<d_model, d_ff, false>, [](auto t) { return DenseFfn<typename decltype(t)::type>; }));

// Names, in the command line's vocabulary
static_assert(relu_ffn<d_model, d_ff>::name == "relu" && gelu_ffn<d_model, d_ff>::name == "gelu" &&
              gelu_tanh_ffn<d_model, d_ff>::name == "gelu_tanh" && silu_ffn<d_model, d_ff>::name == "silu");
static_assert(glu<d_model, d_ff>::name == "glu" && reglu<d_model, d_ff>::name == "reglu" &&
              geglu<d_model, d_ff>::name == "geglu" && geglu_tanh<d_model, d_ff>::name == "geglu_tanh" &&
              swiglu<d_model, d_ff>::name == "swiglu" && bilinear<d_model, d_ff>::name == "bilinear");

// --- Counts: the activation never changes them; the gate adds a third matrix ------------------
constexpr std::int64_t D = 4096, Dff = 11008;
static_assert(hana::all_of(dense_variants<d_model, d_ff, false>, [](auto t) {
  return decltype(t)::type::params().value() == 2 * D * Dff;
}));
static_assert(hana::all_of(gated_variants<d_model, d_ff, false>, [](auto t) {
  return decltype(t)::type::params().value() == 3 * D * Dff;
}));
// With biases ("A Deep Dive into Activation Functions and Gated Architectures for NLP Interviews": expected_params = (d·dff + dff) + (dff·d + d))
static_assert(hana::all_of(dense_variants<d_model, d_ff, true>, [](auto t) {
  return decltype(t)::type::params().value() == (D * Dff + Dff) + (Dff * D + D);
}));
static_assert(hana::all_of(gated_variants<d_model, d_ff, true>, [](auto t) {
  return decltype(t)::type::params().value() == 2 * (D * Dff + Dff) + (Dff * D + D);
}));
// "SwiGLU: 3·D·d_ff — 1.5x a classic FFN at the same d_ff" (the "SwiGLU Feed-Forward Network" exercise), and FLOPs in proportion
static_assert(2 * swiglu<d_model, d_ff>::params().value() == 3 * relu_ffn<d_model, d_ff>::params().value());
static_assert(2 * swiglu<d_model, d_ff>::matmul_flops_per_token().value() ==
              3 * relu_ffn<d_model, d_ff>::matmul_flops_per_token().value());
// FLOPs: two per weight per token, for every bias-free variant
static_assert(every_variant([](auto t) {
  using F = typename decltype(t)::type;
  return F::has_bias || F::matmul_flops_per_token().value() == 2 * F::params().value();
}));

// --- A dense FFN at 4·d: 8·d² parameters and 16·d² FLOPs per token (the "Feed-Forward Networks" chapter, §5.1 and §6.2) ----
template<extent_t N>
struct width final : dim<N> {};
template<extent_t N>
constexpr bool dense_4d_is_8d2_and_16d2()
{
  using d = width<N>;
  using f = relu_ffn<d, scaled<d, 4>>;
  return f::params().value() == 8 * N * N && f::matmul_flops_per_token().value() == 16 * N * N;
}
static_assert(dense_4d_is_8d2_and_16d2<512>() && dense_4d_is_8d2_and_16d2<768>() && dense_4d_is_8d2_and_16d2<4096>() &&
              dense_4d_is_8d2_and_16d2<8192>() && dense_4d_is_8d2_and_16d2<12288>());
// The "Feed-Forward Networks" chapter's table: ReLU and GELU at 4·d both 8·d²
static_assert(gelu_ffn<d_model, scaled<d_model, 4>>::params() == relu_ffn<d_model, scaled<d_model, 4>>::params());

// --- SwiGLU at 8/3·d matches the dense FFN at 4·d in parameters and FLOPs (the "Feed-Forward Networks" chapter, §5.2) ------
// Exactly where 8/3·d is an integer (3 | d); every gated variant alike.
template<extent_t N>
constexpr bool gated_8_3_matches_dense_4d()
{
  using d = width<N>;
  using dense = relu_ffn<d, scaled<d, 4>>;
  return hana::all_of(gated_variants<d, scaled<d, 8, 3>, false>, [](auto t) {
    using g = typename decltype(t)::type;
    return g::params() == dense::params() && g::matmul_flops_per_token() == dense::matmul_flops_per_token();
  });
}
static_assert(gated_8_3_matches_dense_4d<768>() && gated_8_3_matches_dense_4d<3072>() &&
              gated_8_3_matches_dense_4d<6144>() && gated_8_3_matches_dense_4d<12288>());
// For LLaMA-7B (d = 4096, not a multiple of 3) the match is only approximate: rounded down then
// up to a multiple of 256, 11008 gives 3·4096·11008 = 135,266,304 against 8·4096² = 134,217,728.
using llama_dense = relu_ffn<d_model, scaled<d_model, 4>>;
static_assert(llama_dense::params() == 134'217'728_params);
static_assert(llama_ffn::params() - llama_dense::params() == 1'048'576_params);  // 3·4096·(11008 - 10922.67)
static_assert(swiglu<d_model, scaled<d_model, 8, 3, rounding::down>>::params() == 134'209'536_params);  // 10922: 8192 fewer

// MiniMind (MiniMind's "FeedForward Teaching Notes"): 512 -> 2048 dense is 2·512·2048 = 2,097,152 ("2M"); SwiGLU at 1408 is close
struct mm_model final : dim<512> {};
using mm_hidden = round_up_to_multiple<scaled<mm_model, 8, 3, rounding::down>, 64>;
static_assert(mm_hidden::extent == 1408);
static_assert(relu_ffn<mm_model, scaled<mm_model, 4>>::params() == 2'097'152_params);
static_assert(swiglu<mm_model, mm_hidden>::params() == 2'162'688_params);  // 3 · 512 · 1408

// --- Fused gate|up equals separate gate and up, in shape and count (rule 5) ------------------
template<typename F>
constexpr bool fused_equals_separate()
{
  using fused = typename F::fused_gate_up;
  using halves = split_t<1, typename fused::math_shape, typename F::hidden_dim, typename F::hidden_dim>;
  return std::is_same_v<std::tuple_element_t<0, halves>, typename F::gate::math_shape> &&
         std::is_same_v<std::tuple_element_t<1, halves>, typename F::up::math_shape> &&
         fused::params() == F::gate::params() + F::up::params() &&
         fused::matmul_flops_per_token() == F::gate::matmul_flops_per_token() + F::up::matmul_flops_per_token() &&
         std::is_same_v<concat_t<1, typename F::gate::math_shape, typename F::up::math_shape>, typename fused::math_shape>;
}
static_assert(hana::all_of(gated_variants<d_model, d_ff, false>, [](auto t) { return fused_equals_separate<typename decltype(t)::type>(); }));
static_assert(hana::all_of(gated_variants<d_model, d_ff, true>, [](auto t) { return fused_equals_separate<typename decltype(t)::type>(); }));

// --- The worked example (the "SwiGLU Feed-Forward Network" exercise): D = 4, d_ff = 8, x = [1, 0, 0, 1] -----------------------
struct d4 final : dim<4> {};
struct d8 final : dim<8> {};
struct one_token final : dim<1> {};
using tiny = swiglu<d4, d8>;
using x = shape<one_token, d4>;
static_assert(std::is_same_v<matmul_t<x, tiny::gate::math_shape>, shape<one_token, d8>>);  // gate -> (8,)
static_assert(std::is_same_v<matmul_t<x, tiny::up::math_shape>, shape<one_token, d8>>);    // up -> (8,)
static_assert(std::is_same_v<ffn_output_t<tiny, x>, x>);                                   // out -> (4,)
static_assert(tiny::params() == 96_params);                                                // 3 · 4 · 8

// --- The activation applies to the gate, never to up ----------------------------------------
// `hidden(g, u)` is act(g) · u. A ZigLlama excerpt quoted in FFN teaching material computes g · act(u) instead;
// the two are different functions, so a swapped implementation is caught:
constexpr double ziglama_hidden(double g, double u) { return g * act::silu::apply(u); }
static_assert(swiglu<d4, d8>::hidden(2.0, -1.0) == act::silu::apply(2.0) * -1.0);
static_assert(swiglu<d4, d8>::hidden(2.0, -1.0) != ziglama_hidden(2.0, -1.0));  // -1.76 vs -0.54
static_assert(reglu<d4, d8>::hidden(-1.0, 2.0) == 0.0);  // the gate closes: relu(-1) = 0 ...
static_assert(-1.0 * act::relu::apply(2.0) == -2.0);     // ... where relu on up would let -2 through
static_assert(bilinear<d4, d8>::hidden(3.0, 2.0) == 6.0 && glu<d4, d8>::hidden(0.0, 2.0) == 1.0);
static_assert(relu_ffn<d4, d8>::hidden(-1.0) == 0.0 && silu_ffn<d4, d8>::hidden(0.0) == 0.0);

// --- Element-wise work and activation memory per token ---------------------------------------
// SwiGLU: silu (5 FLOPs, act::silu) and the gate product (1) on each of Dff values
static_assert(llama_ffn::elementwise_flops_per_token().value() == 11008 * (5 + 1));
static_assert(llama_ffn::flops_per_token() == llama_ffn::matmul_flops_per_token() + 66'048_flops);
// GPT-2's FFN: tanh GELU (9) on 3072 values, and the two biases (3072 + 768 additions)
struct gpt2_d final : dim<768> {};
struct gpt2_ff final : dim<3072> {};
static_assert(gelu_tanh_ffn<gpt2_d, gpt2_ff, true>::elementwise_flops_per_token().value() == 3072 * 9 + 3072 + 768);
// BERT's FFN: exact GELU, x/√2, erf, +1, ·0.5, ·x (5), on 3072 values, and the same biases
static_assert(gelu_ffn<gpt2_d, gpt2_ff, true>::elementwise_flops_per_token().value() == 3072 * 5 + 3072 + 768);
// Each activation's formula as written: max(0, x) (1); -x, exp, +1, 1/· (4); sigmoid and ·x (5); nothing (0)
static_assert(act::relu::flops_per_element == 1 && act::sigmoid::flops_per_element == 4 &&
              act::silu::flops_per_element == 5 && act::identity::flops_per_element == 0);
// Every bias-free variant: Dff times (the activation's FLOPs, plus one for a gate product)
static_assert(every_variant([](auto t) {
  using F = typename decltype(t)::type;
  return F::has_bias || F::elementwise_flops_per_token().value() ==
                            Dff * (F::activation::flops_per_element + (F::is_gated ? 1 : 0));
}));
// Saved for the backward pass: x, then 2·Dff (dense) or 3·Dff (gated) values
static_assert(llama_ffn::saved_activations_per_token() == 4096 + 3 * 11008);
static_assert(relu_ffn<d_model, d_ff>::saved_activations_per_token() == 4096 + 2 * 11008);
static_assert(llama_ffn::activation_bytes_per_token<bf16>() == 74'240_bytes);  // 2 · 37120
static_assert(llama_ffn::activation_bytes_per_token<f32>() == 2 * llama_ffn::activation_bytes_per_token<bf16>());

// --- An FFN assembled from three arbitrary linears is checked by the same rules ---------------
using mine = gated_ffn_of<act::silu, linear<d_model, d_ff>, linear<d_model, d_ff>, linear<d_ff, d_model>>;
static_assert(std::is_same_v<mine, swiglu<d_model, d_ff>>);
// Mixed biases: only up carries one
using mixed = gated_ffn_of<act::gelu, linear<d_model, d_ff>, linear<d_model, d_ff, true>, linear<d_ff, d_model>>;
static_assert(mixed::params().value() == 3 * D * Dff + Dff && mixed::has_bias);
}  // namespace proofs_variants

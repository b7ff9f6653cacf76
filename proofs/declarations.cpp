// SPDX-License-Identifier: MIT
// Proofs about declarations: every alias is checked where it is written, a dimension is a name,
// roles say what a width is, and programs that are unusual but right still compile.
#include <shapeproof/shapeproof.hpp>

#include <concepts>
#include <type_traits>

namespace proofs_declarations {
using namespace shapeproof;

struct d_model final : dim<4096> {};
struct d_ff final : dim<11008> {};
struct tokens final : dim<dynamic> {};
struct batch final : dim<dynamic> {};

// --- Names: a dimension is a name, and dim<N> itself is none -----------------------------------
static_assert(Dim<d_model> && !Dim<dim<4096>> && UnnamedDim<dim<4096>> && !UnnamedDim<d_model>);
static_assert(!Dim<model_width<4096>> && !Dim<hidden_width<11008>>);
// Equal extents, different names: two dimensions, and an FFN on them is right.
struct d_small final : dim<64> {};
struct d_small_ff final : dim<64> {};
static_assert(!std::same_as<d_small, d_small_ff>);
using square = swiglu<d_small, d_small_ff>;
static_assert(square::params() == 3 * 64 * 64_params);
static_assert(std::same_as<square::hidden_dim, d_small_ff>);

// --- Named derived widths: the name is the identity, the extent the sizing rule's ---------------
struct d_ff_dense final : scaled<d_model, 4> {};
struct d_ff_llama final : round_up_to_multiple<scaled<d_model, 8, 3, rounding::down>, 256> {};
static_assert(Dim<d_ff_dense> && d_ff_dense::extent == 16384 && !std::same_as<d_ff_dense, scaled<d_model, 4>>);
static_assert(d_ff_llama::extent == d_ff::extent && !std::same_as<d_ff_llama, d_ff>);
static_assert(swiglu<d_model, d_ff_llama>::params() == swiglu<d_model, d_ff>::params());
static_assert(relu_ffn<d_model, d_ff_dense>::params().value() == 8 * 4096 * 4096);

// --- Roles: a model width and a hidden width say what they are ---------------------------------
struct r_model final : model_width<4096> {};
struct r_ff final : hidden_width<11008> {};
static_assert(ModelWidth<r_model> && HiddenWidth<r_ff> && !HiddenWidth<r_model> && !ModelWidth<d_model>);
static_assert(swiglu<r_model, r_ff>::params() == 135'266'304_params);
// A role does not change the count or the rules of roleless dimensions used beside it.
static_assert(swiglu<r_model, d_ff>::params() == swiglu<d_model, d_ff>::params());
static_assert(std::same_as<gated_ffn_of<act::silu, linear<r_model, r_ff>, linear<r_model, r_ff>, linear<r_ff, r_model>>,
                           swiglu<r_model, r_ff>>);

// --- Unusual but right ---------------------------------------------------------------------------
// Biases on some projections only (GPT-J style: on up, not on down).
using some_biases = dense_ffn_of<act::gelu, linear<d_model, d_ff, true>, linear<d_ff, d_model>>;
static_assert(some_biases::params() == 2 * 4096 * 11008_params + 11008_params && some_biases::has_bias);
using gated_some_biases =
    gated_ffn_of<act::silu, linear<d_model, d_ff>, linear<d_model, d_ff, true>, linear<d_ff, d_model>>;
static_assert(gated_some_biases::params() == 135'266'304_params + 11008_params);
// 3-D inputs: [batch, tokens, D] -> [batch, tokens, D].
static_assert(std::same_as<ffn_output_t<swiglu<d_model, d_ff>, shape<batch, tokens, d_model>>,
                           shape<batch, tokens, d_model>>);
// top_k == experts: every expert active.
using all_active = moe_ffn<swiglu<d_model, d_ff>, 4, 4>;
static_assert(all_active::active_params() == all_active::params());
// The hidden width may be narrower than D.
struct d_narrow final : dim<1024> {};
static_assert(relu_ffn<d_model, d_narrow>::params() == 2 * 4096 * 1024_params);
// A square FFN, D -> D, on plain dimensions.
static_assert(relu_ffn<d_model, d_model>::params() == 2 * 4096 * 4096_params);

// --- Each alias names the checked spec type ------------------------------------------------------
static_assert(std::same_as<linear<d_model, d_ff>, spec::linear<d_model, d_ff, false>>);
static_assert(std::same_as<swiglu<d_model, d_ff>, gated_ffn_of<act::silu, linear<d_model, d_ff>, linear<d_model, d_ff>,
                                                               linear<d_ff, d_model>>>);
static_assert(std::same_as<relu_ffn<d_model, d_ff>, dense_ffn_of<act::relu, linear<d_model, d_ff>, linear<d_ff, d_model>>>);
static_assert(GatedFfn<swiglu<d_model, d_ff>> && !DenseFfn<swiglu<d_model, d_ff>> && !MoeFfn<swiglu<d_model, d_ff>>);
static_assert(!FfnSpec<linear<d_model, d_ff>> && !FfnSpec<int> && !Linear<swiglu<d_model, d_ff>>);

// --- Counts and plain integers: .value() is the number --------------------------------------------
static_assert(swiglu<d_model, d_ff>::params().value() == 135'266'304);
static_assert(3 * swiglu<d_model, d_ff>::params() == 405'798'912_params);

// --- A whole model checked as a template argument (rule 10) --------------------------------------
static constexpr models::model_config mistral_7b = presets::mistral_7b::config;
static_assert(models::checked<mistral_7b>::valid);
static_assert(models::checked<mistral_7b>::counts.total == 7'241'732'096_params);
}  // namespace proofs_declarations

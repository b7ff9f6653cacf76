// SPDX-License-Identifier: MIT
// Parameter and FLOP counts: the spec types, the closed-form formulas and counting weight
// elements one by one agree, over generated sizes.
#include "count_weights.hpp"
#include "random_widths.hpp"

#include <shapeproof/models/explain.hpp>
#include <shapeproof/shapeproof.hpp>

#include <boost/hana/for_each.hpp>
#include <boost/hana/tuple.hpp>
#include <catch2/catch.hpp>

#include <cstdint>

using namespace shapeproof;
namespace hana = boost::hana;
__extension__ using wide = __int128;  // a GNU extension of both compilers

TEST_CASE("the formulas are exact for any widths up to 64 bits", "[property][params]")
{
  const auto d = GENERATE(take(20, random(extent_t{1}, extent_t{1} << 20)));
  const auto dff = GENERATE(take(5, random(extent_t{1}, extent_t{1} << 22)));
  const bool bias = GENERATE(false, true);
  // The reference in 128-bit arithmetic, so that it cannot overflow where the formula would.
  const wide D = d, F = dff, b = bias ? 1 : 0;

  CHECK(static_cast<wide>(formula::dense_params(d, dff, bias).value()) == 2 * D * F + b * (F + D));
  CHECK(static_cast<wide>(formula::gated_params(d, dff, bias).value()) == 3 * D * F + b * (2 * F + D));
  CHECK(static_cast<wide>(formula::ffn_matmul_flops(d, dff, false).value()) == 4 * D * F);
  CHECK(static_cast<wide>(formula::ffn_matmul_flops(d, dff, true).value()) == 6 * D * F);
}

TEST_CASE("the formulas equal counting weight elements one by one", "[property][params]")
{
  const auto d = GENERATE(take(6, random(1, 300)));
  const auto dff = GENERATE(take(6, random(1, 900)));
  const bool bias = GENERATE(false, true);
  const dyn_shape up{{"d_ff", dff}, {"d_model", d}};  // stored [out, in]
  const dyn_shape down{{"d_model", d}, {"d_ff", dff}};
  const std::int64_t up_bias = bias ? test::count_elements({{"d_ff", dff}}) : 0;
  const std::int64_t down_bias = bias ? test::count_elements({{"d_model", d}}) : 0;
  const std::int64_t counted_up = test::count_elements(up) + up_bias;
  const std::int64_t counted_down = test::count_elements(down) + down_bias;

  CHECK(formula::dense_params(d, dff, bias).value() == counted_up + counted_down);
  CHECK(formula::gated_params(d, dff, bias).value() == 2 * counted_up + counted_down);
}

namespace {
template<typename D, typename Dff, bool Bias>
constexpr auto all_variants =
    hana::tuple_t<relu_ffn<D, Dff, Bias>, gelu_ffn<D, Dff, Bias>, gelu_tanh_ffn<D, Dff, Bias>, silu_ffn<D, Dff, Bias>,
                  glu<D, Dff, Bias>, reglu<D, Dff, Bias>, geglu<D, Dff, Bias>, geglu_tanh<D, Dff, Bias>,
                  swiglu<D, Dff, Bias>, bilinear<D, Dff, Bias>>;

template<typename D, typename Dff, bool Bias>
void check_every_variant()
{
  hana::for_each(all_variants<D, Dff, Bias>, [](auto t) {
    using F = typename decltype(t)::type;
    std::int64_t counted = 0;
    hana::for_each(F::projections, [&](auto p) { counted += test::count_linear<typename decltype(p)::type>(); });
    CAPTURE(F::name, Bias, D::extent, Dff::extent);
    CHECK(F::params().value() == counted);
    const auto formula_params = F::is_gated ? formula::gated_params(D::extent, Dff::extent, Bias)
                                            : formula::dense_params(D::extent, Dff::extent, Bias);
    CHECK(F::params() == formula_params);
    CHECK(F::matmul_flops_per_token() == formula::ffn_matmul_flops(D::extent, Dff::extent, F::is_gated));
    if constexpr (!Bias) CHECK(F::matmul_flops_per_token().value() == 2 * counted);
  });
}
}  // namespace

TEMPLATE_LIST_TEST_CASE("every variant's params() equals its weights counted one by one, on generated widths",
                        "[property][params]", test::random_configs)
{
  check_every_variant<typename TestType::d, typename TestType::dff, false>();
  check_every_variant<typename TestType::d, typename TestType::dff, true>();
}

TEMPLATE_LIST_TEST_CASE("a fused gate|up projection holds exactly the gate's and up's weights", "[property][params]",
                        test::random_configs)
{
  using F = swiglu<typename TestType::d, typename TestType::dff, true>;
  CHECK(test::count_linear<typename F::fused_gate_up>() ==
        test::count_linear<typename F::gate>() + test::count_linear<typename F::up>());
  CHECK(F::fused_gate_up::params() == F::gate::params() + F::up::params());
}

namespace {
template<typename D, typename Dff, bool Bias>
void check_explain_matches_the_specs()
{
  hana::for_each(all_variants<D, Dff, Bias>, [](auto t) {
    using F = typename decltype(t)::type;
    const auto v = *find_variant(F::name);
    CAPTURE(F::name, Bias, D::extent, Dff::extent);
    const auto e = explain::explain_ffn(v, D::extent, Dff::extent, Bias);
    CHECK(e.total_params == F::params());
    CHECK(e.active_params == F::params());
    CHECK(e.matmul_flops_per_token == F::matmul_flops_per_token());
    CHECK(e.elementwise_flops_per_token == F::elementwise_flops_per_token());
    // each projection's term is that projection's count, and the shape chain ends where it began
    CHECK(e.params.back().value == F::params().value());
    std::int64_t projections = 0;
    hana::for_each(F::projections, [&](auto p) { projections += decltype(p)::type::params().value(); });
    std::int64_t terms = 0;
    for (std::size_t i = 0; i + 1 < e.params.size(); ++i) terms += e.params[i].value;
    CHECK(terms == projections);
    CHECK(e.steps.back().shapes == "[T, D]");
  });
  using layer = moe_ffn<swiglu<D, Dff, Bias>, 4, 2>;
  const auto e = explain::explain_ffn(*find_variant("swiglu"), D::extent, Dff::extent, Bias, 4, 2);
  CHECK(e.total_params == layer::params());
  CHECK(e.active_params == layer::active_params());
  CHECK(e.matmul_flops_per_token == layer::matmul_flops_per_token());
  CHECK(e.elementwise_flops_per_token == layer::elementwise_flops_per_token());
}
}  // namespace

TEMPLATE_LIST_TEST_CASE("shapeproof explain's terms are the typed specs' counts, on generated widths",
                        "[property][explain]", test::random_configs)
{
  check_explain_matches_the_specs<typename TestType::d, typename TestType::dff, false>();
  check_explain_matches_the_specs<typename TestType::d, typename TestType::dff, true>();
}

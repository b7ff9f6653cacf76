// SPDX-License-Identifier: MIT
// The forward pass of every variant against the float64 reference, on generated shapes; the laws
// of gated FFNs and MoE; known values from FFN teaching material.
#include "../random_widths.hpp"
#include "reference.hpp"

#include <shapeproof/runtime/runtime.hpp>

#include <boost/hana/for_each.hpp>
#include <boost/hana/tuple.hpp>
#include <boost/hana/type.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

using namespace shapeproof;
using runtime::tensor;
using runtime::weights;

namespace {

struct tokens final : dim<dynamic> {};

// The 16-bit patterns of a small integer k, written from the formats' definitions: bf16 is an
// f32's upper half (sign, 8 exponent bits biased by 127, 7 mantissa bits), f16 has 5 exponent
// bits biased by 15 and 10 mantissa bits. |k| = 2^e · (1 + m / 2^bits).
std::uint16_t small_integer_bits(int k, bool bf16)
{
  if (k == 0) return 0;
  const unsigned a = static_cast<unsigned>(k < 0 ? -k : k);
  const unsigned e = static_cast<unsigned>(std::bit_width(a)) - 1;
  const unsigned bits = bf16 ? 7 : 10, bias = bf16 ? 127 : 15;
  const unsigned mantissa = ((a << bits) >> e) & ((1u << bits) - 1);
  return static_cast<std::uint16_t>((k < 0 ? 0x8000u : 0u) | ((e + bias) << bits) | mantissa);
}

template<typename L, typename T>
std::vector<float> values(const runtime::linear_weights<L, T>& w)
{
  if constexpr (std::is_same_v<T, f32>) {
    return {w.weight.data().begin(), w.weight.data().end()};
  } else if constexpr (runtime::BlockWeightDtype<T>) {
    return w.weight.values();  // the blocks dequantized as ggml dequantizes them
  } else {
    std::vector<float> v(w.weight.size());
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = w.weight.value(i);  // the stored values, exactly
    return v;
  }
}
template<typename L, typename T>
std::vector<float> bias_values(const runtime::linear_weights<L, T>& w)
{
  if constexpr (L::has_bias)
    return {w.bias.data().begin(), w.bias.data().end()};
  else
    return {};
}

template<typename Spec, typename T>
reference::ffn to_reference(const weights<Spec, T>& w)
{
  reference::ffn r;
  r.activation = Spec::activation::name;
  r.gated = Spec::is_gated;
  r.d = static_cast<std::size_t>(Spec::model_dim::extent);
  r.dff = static_cast<std::size_t>(Spec::hidden_dim::extent);
  if constexpr (GatedFfn<Spec>) {
    r.gate_w = values(w.gate);
    r.gate_b = bias_values(w.gate);
  }
  r.up_w = values(w.up);
  r.up_b = bias_values(w.up);
  r.down_w = values(w.down);
  r.down_b = bias_values(w.down);
  return r;
}

template<typename Spec, typename T>
reference::moe to_reference_moe(const weights<Spec, T>& w)
{
  reference::moe r;
  for (const auto& e : w.experts) r.experts.push_back(to_reference(e));
  for (const auto& e : w.shared) r.shared.push_back(to_reference(e));
  r.router_w = values(w.router);
  r.router_b = bias_values(w.router);
  r.top_k = static_cast<std::size_t>(Spec::top_k);
  return r;
}

template<typename D>
tensor<shape<tokens, D>> random_input(std::size_t t, std::uint64_t seed)
{
  auto x = tensor<shape<tokens, D>>::zeros("x", {t, static_cast<std::size_t>(D::extent)});
  std::uint64_t i = 0;
  for (auto& v : x.data()) v = runtime::detail::uniform(seed, 7, i++, 2.0f);
  return x;
}

// max |y - ref| / max(max |ref|, tiny): the error relative to the output's scale
template<typename T>
double relative_error(const T& y, const reference::matrix& ref)
{
  double scale = 1e-30, err = 0;
  for (const double v : ref) scale = std::max(scale, std::abs(v));
  std::size_t i = 0;
  for (const float v : y.data()) err = std::max(err, std::abs(static_cast<double>(v) - ref[i++]));
  return err / scale;
}

template<typename D, typename Dff, bool Bias>
constexpr auto variants =
    boost::hana::tuple_t<relu_ffn<D, Dff, Bias>, gelu_ffn<D, Dff, Bias>, gelu_tanh_ffn<D, Dff, Bias>,
                         silu_ffn<D, Dff, Bias>, glu<D, Dff, Bias>, reglu<D, Dff, Bias>, geglu<D, Dff, Bias>,
                         geglu_tanh<D, Dff, Bias>, swiglu<D, Dff, Bias>, bilinear<D, Dff, Bias>>;

}  // namespace

TEMPLATE_LIST_TEST_CASE("every variant matches the float64 reference to 1e-5 of the output's scale",
                        "[property][forward]", test::random_configs_small)
{
  using D = typename TestType::d;
  using Dff = typename TestType::dff;
  const auto t = static_cast<std::size_t>(GENERATE(take(2, random(1, 40))));
  const auto seed = GENERATE(take(2, random(std::uint64_t{1}, std::uint64_t{1} << 62)));
  const auto x = random_input<D>(t, seed);
  const reference::matrix xd(x.data().begin(), x.data().end());

  auto check = [&](auto variant) {
    using Spec = typename decltype(variant)::type;
    auto w = weights<Spec>::init(seed);
    CAPTURE(Spec::name, Spec::has_bias, t, D::extent, Dff::extent, seed);
    CHECK(w.element_count() == Spec::params().value());
    const auto y = runtime::forward(w, x);
    CHECK(relative_error(y, to_reference(w)(xd, t)) <= 1e-5);
    if constexpr (GatedFfn<Spec>) {
      w.fuse();
      CHECK(relative_error(runtime::forward(w, x), to_reference(w)(xd, t)) <= 1e-5);
    }
    // Weights kept [in, out] too: many rows run sgemm over them, a few still stream [out, in]
    w.store_in_out();
    REQUIRE(w.up.weight_in_out.has_value());
    const auto last_in = static_cast<std::size_t>(D::extent) - 1;
    const float transposed = (*w.up.weight_in_out)(last_in, 0), stored = w.up.weight.data()(0, last_in);
    CHECK(transposed == stored);
    CHECK(relative_error(runtime::forward(w, x), to_reference(w)(xd, t)) <= 1e-5);
    // ... and in panels for the project's own GEMM, which every number of rows then runs over:
    // weight (o, i) at panel o / NR, input i, place o % NR
    w.pack_panels();
    constexpr std::size_t NR = runtime::detail::panel_width;
    const auto o = static_cast<std::size_t>(Dff::extent) - 1, in = static_cast<std::size_t>(D::extent);
    REQUIRE(w.up.panels.size() == (o / NR + 1) * NR * in);
    CHECK(w.up.panels[(o / NR) * in * NR + last_in * NR + o % NR] == w.up.weight.data()(o, last_in));
    CHECK(runtime::detail::view_of(w.up).panels == w.up.panels.data());
    CHECK(relative_error(runtime::forward(w, x), to_reference(w)(xd, t)) <= 1e-5);
  };
  boost::hana::for_each(variants<D, Dff, false>, check);
  boost::hana::for_each(variants<D, Dff, true>, check);
}

TEST_CASE("a few rows (the streaming kernel, split over two threads) match the reference", "[forward][few_rows]")
{
  // Widths that are not multiples of the vector width or of the four-row tiles, large enough to
  // be split between the caller and the helper thread
  struct d_odd final : dim<37> {};
  struct dff_odd final : dim<2053> {};
  const auto t = static_cast<std::size_t>(GENERATE(range(1, 18)));
  const auto x = random_input<d_odd>(t, 7);
  const reference::matrix xd(x.data().begin(), x.data().end());
  auto w = weights<swiglu<d_odd, dff_odd, true>>::init(3);
  CAPTURE(t);
  CHECK(relative_error(runtime::forward(w, x), to_reference(w)(xd, t)) <= 1e-5);
  w.fuse();
  CHECK(relative_error(runtime::forward(w, x), to_reference(w)(xd, t)) <= 1e-5);
  w.store_in_out();
  CHECK(relative_error(runtime::forward(w, x), to_reference(w)(xd, t)) <= 1e-5);
  // and the kernel alone, against sgemm, at a width where 9 to 16 rows stream too
  const std::size_t in = 3000, out = 2900;
  std::vector<float> wm(in * out), xm(t * in), a(t * out), b(t * out);
  for (std::size_t i = 0; i < wm.size(); ++i) wm[i] = runtime::detail::uniform(1, 1, i, 1.0f);
  for (std::size_t i = 0; i < xm.size(); ++i) xm[i] = runtime::detail::uniform(1, 2, i, 1.0f);
  runtime::workspace ws;
  runtime::detail::gemm_few_rows(xm.data(), t, in, wm.data(), out, a.data(), ws.helper());
  runtime::detail::sgemm_xwt(xm.data(), t, in, wm.data(), out, b.data());
  double err = 0, scale = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    err = std::max(err, static_cast<double>(std::abs(a[i] - b[i])));
    scale = std::max(scale, static_cast<double>(std::abs(b[i])));
  }
  CHECK(err <= 1e-5 * scale);
}

TEST_CASE("the helper thread runs each task once, beside the caller, whether the other side polls or sleeps",
          "[forward][helper]")
{
  // Every 10th call one side is slow: the helper's task (the caller waits past poll_for and
  // sleeps), the caller's own (the helper, done first, sleeps before the next task), or the caller
  // pauses before posting (the helper sleeps and must be woken). The others follow at once, while
  // the other side still polls.
  using runtime::detail::helper_thread;
  const auto slow = 3 * helper_thread::poll_for;
  struct job {
    std::vector<int>* done;
    int value;
    std::chrono::microseconds pause;
    std::thread::id* on;
  };
  const auto run = [](void* p) {
    const auto* j = static_cast<const job*>(p);
    if (j->pause.count() > 0) std::this_thread::sleep_for(j->pause);
    j->done->push_back(j->value);
    *j->on = std::this_thread::get_id();
  };
  std::vector<int> theirs, mine;
  std::thread::id their_thread, my_thread;
  const auto zero = std::chrono::microseconds{0};
  std::size_t late = 0, beside = 0;
  {
    helper_thread helper;
    for (int i = 0; i < 600; ++i) {
      CAPTURE(i);
      const int kind = i % 10;
      if (kind == 3) std::this_thread::sleep_for(slow);
      job t{&theirs, i, kind == 1 ? slow : zero, &their_thread}, o{&mine, -i, kind == 2 ? slow : zero, &my_thread};
      helper.run_beside(+run, &t, +run, &o);
      // Both done before it returns, each once
      late += theirs.size() != static_cast<std::size_t>(i) + 1 || theirs.back() != i;
      REQUIRE(mine.size() == static_cast<std::size_t>(i) + 1);
      beside += their_thread != std::this_thread::get_id() && my_thread == std::this_thread::get_id();
    }
  }
  CHECK(late == 0);
  CHECK(beside == 600);
}

TEST_CASE("bf16 and f16 conversions round to nearest and round-trip every value exactly", "[forward][dtype]")
{
  for (std::uint32_t h = 0; h < 0x10000u; ++h) {
    const auto v = static_cast<std::uint16_t>(h);
    const float b = std::bit_cast<float>(static_cast<std::uint32_t>(v) << 16);
    if (!std::isnan(b)) REQUIRE(io::float_to_bf16(b) == v);
    const float f = io::safetensors_file::half_to_float(v);
    if (!std::isnan(f)) REQUIRE(io::float_to_f16(f) == v);
  }
  // Ties to even, overflow to infinity, NaN kept
  CHECK(io::float_to_bf16(std::bit_cast<float>(0x3F808000u)) == 0x3F80);  // a tie, down to even
  CHECK(io::float_to_bf16(std::bit_cast<float>(0x3F818000u)) == 0x3F82);  // a tie, up to even
  CHECK(io::float_to_f16(65520.0f) == 0x7C00);
  CHECK(io::float_to_f16(65504.0f) == 0x7BFF);
  CHECK(io::float_to_f16(1.0f + 0x1.0p-11f) == 0x3C00);  // a tie, to even
  CHECK(io::float_to_f16(1.0f + 0x1.8p-10f) == 0x3C02);  // 1 + 1.5 ulp: a tie, up to even
  // A NaN whose payload is all below the kept bits stays a NaN, not an infinity
  CHECK(io::float_to_bf16(std::bit_cast<float>(0x7F800001u)) == 0x7FC0);
  CHECK(io::float_to_bf16(std::bit_cast<float>(0xFF800001u)) == 0xFFC0);
  CHECK(io::float_to_f16(std::bit_cast<float>(0x7F800001u)) == 0x7E00);
  CHECK(std::isnan(io::safetensors_file::half_to_float(io::float_to_f16(std::nanf("")))));
  CHECK(io::float_to_f16(0x1.0p-25f) == 0x0000);  // half the smallest subnormal: a tie, to even (zero)
  CHECK(io::float_to_f16(0x1.8p-24f) == 0x0002);  // 1.5 of the smallest subnormal: to even (2)
}

TEST_CASE("bf16 and f16 weights kept as stored match the float64 reference on the same weights", "[forward][dtype]")
{
  // Widths off the vector width and the tiles; rows through the streaming kernel (1 to 16, then
  // 16 at a time up to 64) and through the converted blocks with sgemm (65 and more)
  const std::size_t d = 37, dff = 2053;
  const auto t = static_cast<std::size_t>(GENERATE(1, 2, 3, 5, 8, 13, 16, 17, 40, 64, 65, 90));
  const auto dtype = GENERATE(runtime::detail::weight_dtype::bf16, runtime::detail::weight_dtype::f16);
  CAPTURE(t, dtype == runtime::detail::weight_dtype::bf16 ? "bf16" : "f16");
  auto round = [&](std::size_t n, std::uint64_t stream, std::vector<std::uint16_t>& bits, std::vector<float>& exact) {
    bits.resize(n);
    exact.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const float v = runtime::detail::uniform(5, stream, i, 0.2f);
      if (dtype == runtime::detail::weight_dtype::bf16) {
        bits[i] = io::float_to_bf16(v);
        exact[i] = std::bit_cast<float>(static_cast<std::uint32_t>(bits[i]) << 16);
      } else {
        bits[i] = io::float_to_f16(v);
        exact[i] = io::safetensors_file::half_to_float(bits[i]);
      }
    }
  };
  std::vector<std::uint16_t> gate16, up16, down16;
  reference::ffn ref;
  ref.activation = "silu";
  ref.gated = true;
  ref.d = d;
  ref.dff = dff;
  round(d * dff, 1, gate16, ref.gate_w);
  round(d * dff, 2, up16, ref.up_w);
  round(dff * d, 3, down16, ref.down_w);
  ref.up_b.assign(dff, 0.01f);
  ref.gate_b.assign(dff, -0.02f);
  ref.down_b.assign(d, 0.03f);
  runtime::detail::ffn_view v;
  v.activation = runtime::detail::activation_kind::silu;
  v.gated = true;
  v.gate = {nullptr, ref.gate_b.data(), d, dff, gate16.data(), dtype};
  v.up = {nullptr, ref.up_b.data(), d, dff, up16.data(), dtype};
  v.down = {nullptr, ref.down_b.data(), dff, d, down16.data(), dtype};
  std::vector<float> x(t * d), y(t * d);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = runtime::detail::uniform(9, 4, i, 1.0f);
  runtime::workspace ws;
  const reference::matrix expected = ref(reference::matrix(x.begin(), x.end()), t);
  auto error = [&] {
    runtime::detail::ffn_rows(v, x.data(), t, y.data(), ws);
    double scale = 1e-30, err = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
      scale = std::max(scale, std::abs(expected[i]));
      err = std::max(err, std::abs(static_cast<double>(y[i]) - expected[i]));
    }
    return err / scale;
  };
  CHECK(error() <= 1e-5);
  // The same weights in panels, still 16-bit, for every number of rows
  const auto gate_p = runtime::detail::pack_panels(gate16.data(), d, dff);
  const auto up_p = runtime::detail::pack_panels(up16.data(), d, dff);
  const auto down_p = runtime::detail::pack_panels(down16.data(), dff, d);
  v.gate.panels = gate_p.data();
  v.up.panels = up_p.data();
  v.down.panels = down_p.data();
  CHECK(error() <= 1e-5);
}

TEST_CASE("the panel GEMM sums every row, input and output exactly, in f32, bf16 and f16", "[forward][panels]")
{
  // Shapes around the kernel's blocks: a tile of 8 rows (6 on AVX2), 256 rows, 256 inputs, panels of
  // panel_width outputs (the last one partial). Weight (o, i) is an integer from -5 to 5, exact in
  // every dtype, x is in quarters: every sum is exact in f32, whatever its order.
  using runtime::detail::weight_dtype;
  const auto dtype = GENERATE(weight_dtype::f32, weight_dtype::bf16, weight_dtype::f16);
  // bf16 weights also on the bf16 dot path: x's quarters are exact in bf16 too
  const bool bf16_dot = dtype == weight_dtype::bf16 && GENERATE(false, true);
  // (700 · 101 and 700 · 64 weights are split over the caller and the helper thread; 301 inputs
  // end on half a pair, after a whole slice of 256)
  const auto in = static_cast<std::size_t>(GENERATE(1, 7, 300, 301, 700));
  const auto out = static_cast<std::size_t>(GENERATE(1, 33, 64, 101));
  const auto rows = static_cast<std::size_t>(GENERATE(1, 4, 6, 7, 8, 9, 12, 17, 263));
  CAPTURE(static_cast<int>(dtype), bf16_dot, in, out, rows);
  auto q = [](std::size_t o, std::size_t i) { return static_cast<int>((7 * o + 3 * i) % 11) - 5; };
  auto quarters = [](std::size_t r, std::size_t i) { return static_cast<int>((r + 3 * i) % 5) - 2; };
  // y has two guard rows past the last, which nothing may write
  std::vector<float> w32(out * in), x(rows * in), y((rows + 2) * out, 1e30f);
  std::vector<std::uint16_t> w16(out * in);
  for (std::size_t o = 0; o < out; ++o)
    for (std::size_t i = 0; i < in; ++i) {
      w32[o * in + i] = static_cast<float>(q(o, i));
      w16[o * in + i] = small_integer_bits(q(o, i), dtype == weight_dtype::bf16);
    }
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t i = 0; i < in; ++i) x[r * in + i] = 0.25f * static_cast<float>(quarters(r, i));
  const auto p32 = runtime::detail::pack_panels(w32.data(), in, out);
  const auto p16 = runtime::detail::pack_panels(w16.data(), in, out);
  runtime::detail::linear_view v;
  v.in = in;
  v.out = out;
  v.dtype = dtype;
  v.panels = dtype == weight_dtype::f32 ? static_cast<const void*>(p32.data()) : p16.data();
  std::vector<float> bias(out);
  for (std::size_t o = 0; o < out; ++o) bias[o] = static_cast<float>(o);
  v.bias = bias.data();
  runtime::workspace ws;
  ws.set_bf16_dot(bf16_dot);
  runtime::detail::linear_rows(v, x.data(), rows, y.data(), ws);
  std::size_t wrong = 0;
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t o = 0; o < out; ++o) {
      long long dot = 0;
      for (std::size_t i = 0; i < in; ++i) dot += quarters(r, i) * q(o, i);
      if (y[r * out + o] != 0.25f * static_cast<float>(dot) + static_cast<float>(o)) ++wrong;
    }
  CHECK(wrong == 0);
  CHECK(std::all_of(y.begin() + static_cast<std::ptrdiff_t>(rows * out), y.end(),
                    [](float guard) { return guard == 1e30f; }));
}

TEST_CASE("the bf16 dot path multiplies x rounded to bf16, within 2^-8 of the sum of |x·w|",
          "[forward][panels][bf16_dot]")
{
  // x with every bit of f32's significand: the path must round it, to nearest, ties to even
  const auto in = static_cast<std::size_t>(GENERATE(5, 256, 777, 4096));
  const auto rows = static_cast<std::size_t>(GENERATE(1, 2, 3, 8, 16, 64));
  const std::size_t out = 70;
  CAPTURE(in, rows);
  std::mt19937 rng(static_cast<std::uint32_t>(in * 131 + rows));
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::vector<std::uint16_t> w16(out * in);
  std::vector<float> x(rows * in), y(rows * out), y_f32(rows * out);
  for (auto& w : w16) w = runtime::detail::round_to_bf16(uniform(rng));
  for (auto& v : x) v = uniform(rng) * 3.0f;
  const auto panels = runtime::detail::pack_panels(w16.data(), in, out);
  runtime::detail::linear_view v;
  v.in = in;
  v.out = out;
  v.dtype = runtime::detail::weight_dtype::bf16;
  v.panels = panels.data();
  runtime::workspace ws;
  runtime::detail::linear_rows(v, x.data(), rows, y_f32.data(), ws);
  ws.set_bf16_dot(true);
  runtime::detail::linear_rows(v, x.data(), rows, y.data(), ws);
  auto bf16 = [](std::uint16_t b) { return static_cast<double>(io::safetensors_file::bf16_to_float(b)); };
  double worst_rounded = 0, worst_bound = 0, moved = 0;
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t o = 0; o < out; ++o) {
      double exact = 0, rounded = 0, magnitude = 0;
      for (std::size_t i = 0; i < in; ++i) {
        const double w = bf16(w16[o * in + i]), xi = x[r * in + i];
        exact += xi * w;
        rounded += bf16(runtime::detail::round_to_bf16(x[r * in + i])) * w;
        magnitude += std::abs(xi * w);
      }
      const double yo = y[r * out + o];
      // Against the sum over x rounded: f32's rounding of the running sum alone
      worst_rounded = std::max(worst_rounded, std::abs(yo - rounded) / (magnitude * static_cast<double>(in) * 0x1p-24));
      // Against the exact sum: the stated bound, 2^-8 (half of bf16's unit in the last place at 1) of the sum of |x·w|
      // plus f32's rounding
      worst_bound =
          std::max(worst_bound, std::abs(yo - exact) / (magnitude * (0x1p-8 + static_cast<double>(in) * 0x1p-24)));
      moved = std::max(moved, std::abs(yo - static_cast<double>(y_f32[r * out + o])));
    }
  CHECK(worst_bound <= 1.0);
  // ... and it did round, from bf16_dot_rows_min rows: the f32 path's outputs differ from it.
  // Fewer rows stay on the panel GEMM with x in f32: the same outputs exactly.
  if (rows >= runtime::detail::bf16_dot_rows_min) {
    CHECK(worst_rounded <= 1.0);
    CHECK(moved > 0);
  } else {
    CHECK(moved == 0);
  }
}

TEST_CASE("round_to_bf16 rounds to nearest, ties to even, and keeps infinities and NaNs", "[forward][bf16_dot]")
{
  using runtime::detail::round_to_bf16;
  CHECK(round_to_bf16(1.0f) == 0x3f80);
  CHECK(round_to_bf16(std::bit_cast<float>(0x3f808000u)) == 0x3f80);  // a tie, to the even below
  CHECK(round_to_bf16(std::bit_cast<float>(0x3f818000u)) == 0x3f82);  // a tie, to the even above
  CHECK(round_to_bf16(std::bit_cast<float>(0x3f808001u)) == 0x3f81);  // past the tie
  CHECK(round_to_bf16(std::bit_cast<float>(0xbf807fffu)) == 0xbf80);  // below it, negative
  CHECK(round_to_bf16(std::bit_cast<float>(0x7f7fffffu)) == 0x7f80);  // the largest float: to infinity
  CHECK(round_to_bf16(std::numeric_limits<float>::infinity()) == 0x7f80);
  CHECK(round_to_bf16(-std::numeric_limits<float>::infinity()) == 0xff80);
  const std::uint16_t nan = round_to_bf16(std::bit_cast<float>(0x7f800001u));  // a NaN whose payload is all low bits
  CHECK((nan & 0x7f80) == 0x7f80);
  CHECK((nan & 0x007f) != 0);
}

TEMPLATE_LIST_TEST_CASE("typed weights kept in bf16 and f16 match the reference on the values they hold",
                        "[property][forward][dtype]", test::random_configs_small)
{
  using D = typename TestType::d;
  using Dff = typename TestType::dff;
  const auto t = static_cast<std::size_t>(GENERATE(1, 3, 16, 21));
  const auto x = random_input<D>(t, 11);
  const reference::matrix xd(x.data().begin(), x.data().end());
  auto check = [&](auto tag) {
    using T = typename decltype(tag)::type;
    const auto w = weights<swiglu<D, Dff, true>, T>::init(4);
    const auto w32 = weights<swiglu<D, Dff, true>>::init(4);
    CAPTURE(T::name, t, D::extent, Dff::extent);
    CHECK(w.element_count() == swiglu<D, Dff, true>::params().value());
    CHECK(relative_error(runtime::forward(w, x), to_reference(w)(xd, t)) <= 1e-5);
    auto packed = w;
    packed.pack_panels();
    REQUIRE_FALSE(packed.down.panels.empty());
    CHECK(relative_error(runtime::forward(packed, x), to_reference(w)(xd, t)) <= 1e-5);
    // ... and the values held are f32's rounded to the nearest
    CHECK(w.up.weight.bits[0] ==
          runtime::weights16<typename swiglu<D, Dff, true>::up::storage_shape, T>::round(w32.up.weight.data()(0, 0)));
    using moe = moe_ffn<swiglu<D, Dff>, 3, 2, 1>;
    const auto m = weights<moe, T>::init(5);
    const auto r = to_reference_moe(m);
    CHECK(relative_error(runtime::forward(m, x), r(xd, t, static_cast<std::size_t>(D::extent))) <= 1e-5);
    auto m_packed = m;
    m_packed.pack_panels();
    REQUIRE_FALSE(m_packed.shared.front().gate.panels.empty());
    CHECK(relative_error(runtime::forward(m_packed, x), r(xd, t, static_cast<std::size_t>(D::extent))) <= 1e-5);
  };
  check(boost::hana::type_c<bf16>);
  check(boost::hana::type_c<f16>);
}

namespace {
struct d_256 final : dim<256> {};
struct dff_512 final : dim<512> {};
}  // namespace

TEST_CASE("routing ties go to the lower-numbered expert, as a stable sort of the scores would", "[forward][moe]")
{
  using moe = moe_ffn<swiglu<d_256, dff_512>, 4, 1>;
  auto w = weights<moe>::init(11);
  w.router.weight.data().fill(0.0f);  // every logit 0: four experts tied
  const auto x = random_input<d_256>(5, 12);
  const auto y = runtime::forward(w, x);
  // top 1 of four equal scores: expert 0, its weight 1/4 renormalised over the one chosen, 1
  auto distance = [&](const auto& other) {
    return double{xt::amax(xt::abs(y.data() - other.data()))()} / double{xt::amax(xt::abs(other.data()))()};
  };
  CHECK(distance(runtime::forward(w.experts[0], x)) <= 1e-6);
  CHECK(distance(runtime::forward(w.experts[3], x)) > 1e-2);
}

TEMPLATE_TEST_CASE("typed weights kept in GGUF blocks match the reference on their dequantized values",
                   "[forward][dtype][quant]", q8_0, q4_0, q4_k, q6_k)
{
  using T = TestType;
  using spec = swiglu<d_256, dff_512, true>;
  const auto w = weights<spec, T>::init(4);
  const auto w32 = weights<spec>::init(4);
  CHECK(w.element_count() == spec::params().value());
  // The blocks are f32's weights quantized, and the bytes are the type's: whole blocks of each row
  CHECK(w.up.weight.blocks == io::quantize(runtime::block_format<T>(),
                                           std::span<const float>(w32.up.weight.data().data(), w32.up.weight.size())));
  CHECK(static_cast<std::int64_t>(w.down.weight.blocks.size()) == bytes_of<T>(256 * 512_params).value());
  // The run-time model made from the same seed holds the same blocks
  const auto m = runtime::make_model({*find_variant("swiglu"), {"d_model", 256}, {"d_ff", 512}}, 4,
                                     runtime::detail::block_dtype<T>);
  CHECK(m.experts.front().gate.weight_q == w.gate.weight.blocks);
  // 1 to 21 rows streamed, 70 in the panel GEMM's tiles over dequantized slices; 33 and 48 between
  // `quant_panel_rows_min`'s 32 and 64: in panels with AVX-512, streamed without it
  for (const std::size_t t : {1u, 2u, 3u, 16u, 21u, 33u, 48u, 70u}) {
    CAPTURE(T::name, t);
    const auto x = random_input<d_256>(t, 11);
    const reference::matrix xd(x.data().begin(), x.data().end());
    CHECK(relative_error(runtime::forward(w, x), to_reference(w)(xd, t)) <= 1e-5);
  }
  using moe = moe_ffn<swiglu<d_256, dff_512>, 3, 2, 1>;
  const auto mw = weights<moe, T>::init(5);
  const auto x = random_input<d_256>(5, 3);
  const reference::matrix xd(x.data().begin(), x.data().end());
  CHECK(relative_error(runtime::forward(mw, x), to_reference_moe(mw)(xd, 5, 256)) <= 1e-5);
}

TEMPLATE_LIST_TEST_CASE("MoE with Mixtral's routing matches the reference", "[property][forward][moe]",
                        test::random_configs_small)
{
  using D = typename TestType::d;
  using Dff = typename TestType::dff;
  const auto t = static_cast<std::size_t>(GENERATE(take(2, random(1, 30))));
  const auto seed = GENERATE(take(2, random(std::uint64_t{1}, std::uint64_t{1} << 62)));
  const auto x = random_input<D>(t, seed);
  const reference::matrix xd(x.data().begin(), x.data().end());

  using layer = moe_ffn<swiglu<D, Dff>, 4, 2, 1, true, gelu_ffn<D, Dff>>;
  auto w = weights<layer>::init(seed);
  CAPTURE(t, D::extent, Dff::extent, seed);
  CHECK(w.element_count() == layer::params().value());
  const auto ref = to_reference_moe(w)(xd, t, static_cast<std::size_t>(D::extent));
  CHECK(relative_error(runtime::forward(w, x), ref) <= 1e-5);
  w.store_in_out();
  CHECK(relative_error(runtime::forward(w, x), ref) <= 1e-5);
}

namespace {
struct d4 final : dim<4> {};
struct d8 final : dim<8> {};
struct d_model final : dim<64> {};
struct d_ff final : dim<176> {};
}  // namespace

TEST_CASE("known values from FFN teaching material of silu", "[forward][seed]")
{
  xt::xtensor<float, 1> v{0.0f, -3.0f, 3.0f, -1.278f};
  const xt::xtensor<float, 1> s = runtime::activation_expression<act::silu>(v);
  CHECK(s(0) == 0.0f);
  CHECK(s(1) == Approx(-0.142).margin(1e-3));
  CHECK(s(2) == Approx(2.857).margin(1e-3));
  CHECK(s(3) == Approx(-0.2785).margin(1e-4));  // its minimum, near x = -1.278
}

TEST_CASE("the SwiGLU exercise's worked example: D = 4, d_ff = 8, x = [1, 0, 0, 1] keeps shape (T, D)",
          "[forward][seed]")
{
  const std::array<float, 4> x_values{1, 0, 0, 1};
  const auto x = tensor<shape<tokens, d4>>::from_buffer("x", x_values.data(), {1, 4});
  const auto w = weights<swiglu<d4, d8>>::init(42);
  const auto y = runtime::forward(w, x);
  STATIC_REQUIRE(std::is_same_v<decltype(y), const tensor<shape<tokens, d4>>>);
  CHECK(y.extent(0) == 1);
  CHECK(y.extent(1) == 4);
  CHECK(relative_error(y, to_reference(w)({1, 0, 0, 1}, 1)) <= 1e-6);
}

TEST_CASE("laws of the gated family and of MoE", "[forward][law]")
{
  const auto seed = GENERATE(take(3, random(std::uint64_t{1}, std::uint64_t{1} << 62)));
  const auto x = random_input<d_model>(9, seed);

  SECTION("swapping gate and up changes a SwiGLU's output (the activation belongs to the gate)")
  {
    auto w = weights<swiglu<d_model, d_ff>>::init(seed);
    const auto y = runtime::forward(w, x);
    std::swap(w.gate, w.up);
    const auto swapped = runtime::forward(w, x);
    CHECK((xt::amax(xt::abs(y.data() - swapped.data()))() > 1e-3f));
  }
  SECTION("fused gate|up equals separate gate and up")
  {
    auto w = weights<swiglu<d_model, d_ff, true>>::init(seed);
    const auto separate = runtime::forward(w, x);
    w.fuse();
    REQUIRE(w.fused_gate_up->shape()[0] == 2 * 176);
    CHECK(xt::allclose(runtime::forward(w, x).data(), separate.data(), 1e-5, 1e-6));
  }
  SECTION("an MoE of one expert is that expert")
  {
    const auto w = weights<moe_ffn<swiglu<d_model, d_ff>, 1, 1>>::init(seed);
    CHECK(xt::allclose(runtime::forward(w, x).data(), runtime::forward(w.experts[0], x).data(), 1e-5, 1e-6));
  }
  SECTION("an MoE with top_k = experts is the probability-weighted sum of all experts")
  {
    using layer = moe_ffn<geglu<d_model, d_ff>, 3, 3>;
    const auto w = weights<layer>::init(seed);
    const auto y = runtime::forward(w, x);
    const auto& r = w.router.weight.data();  // [3, D]
    xt::xtensor<float, 2> expected = xt::zeros<float>({std::size_t{9}, std::size_t{64}});
    for (std::size_t t = 0; t < 9; ++t) {
      std::array<double, 3> p{};
      double sum = 0;
      for (std::size_t e = 0; e < 3; ++e) {
        double l = 0;
        for (std::size_t j = 0; j < 64; ++j) l += double(r(e, j)) * double(x.data()(t, j));
        sum += (p[e] = std::exp(l));
      }
      for (std::size_t e = 0; e < 3; ++e) {
        const auto out = runtime::forward(w.experts[e], x);
        for (std::size_t j = 0; j < 64; ++j) expected(t, j) += static_cast<float>(p[e] / sum) * out.data()(t, j);
      }
    }
    CHECK(xt::allclose(y.data(), expected, 1e-4, 1e-5));
  }
  SECTION("zero input gives zero output for every bias-free variant")
  {
    const auto zero = tensor<shape<tokens, d_model>>::zeros("zero", {5, 64});
    boost::hana::for_each(variants<d_model, d_ff, false>, [&](auto variant) {
      using Spec = typename decltype(variant)::type;
      CAPTURE(Spec::name);
      CHECK((xt::amax(xt::abs(runtime::forward(weights<Spec>::init(seed), zero).data()))() == 0.0f));
    });
  }
}

TEST_CASE("initialisation is deterministic: the same seed, the same bits", "[forward][init]")
{
  const auto a = weights<swiglu<d_model, d_ff, true>>::init(123);
  const auto b = weights<swiglu<d_model, d_ff, true>>::init(123);
  const auto c = weights<swiglu<d_model, d_ff, true>>::init(124);
  CHECK((a.gate.weight.data() == b.gate.weight.data()));
  CHECK((a.down.bias.data() == b.down.bias.data()));
  CHECK((a.gate.weight.data() != c.gate.weight.data()));
  CHECK((a.gate.weight.data() != a.up.weight.data()));  // each tensor its own stream
  // PyTorch's nn.Linear default bound: 1/sqrt(in)
  CHECK((xt::amax(xt::abs(a.up.weight.data()))() <= 1.0f / 8.0f));
  CHECK((xt::amax(xt::abs(a.down.weight.data()))() <= 1.0f / std::sqrt(176.0f)));
  CHECK((xt::amax(xt::abs(a.up.weight.data()))() > 0.9f / 8.0f));
}

TEST_CASE("typed f16 weights hold each f32 weight to within half an f16 step, bf16 weights half a bf16 step",
          "[forward][dtype]")
{
  // The same seed draws the same f32 weights, which each dtype then rounds to nearest: f16 keeps
  // 11 significant bits (relative error at most 2^-11; below 2^-14 its subnormals are 2^-24
  // apart), bf16 keeps 8 (at most 2^-8). A value rounded to the other format's bits and read
  // back as this one's is nowhere near.
  const auto w32 = weights<swiglu<d_model, d_ff>>::init(6);
  const auto w_f16 = weights<swiglu<d_model, d_ff>, f16>::init(6);
  const auto w_bf16 = weights<swiglu<d_model, d_ff>, bf16>::init(6);
  const auto& exact = w32.up.weight.data();
  REQUIRE(w_f16.up.weight.size() == exact.size());
  std::size_t f16_off = 0, bf16_off = 0;
  for (std::size_t i = 0; i < exact.size(); ++i) {
    const double v = exact.data()[i];
    const double f16_bound = std::max(std::abs(v) * std::ldexp(1.0, -11), std::ldexp(1.0, -25));
    if (std::abs(w_f16.up.weight.value(i) - v) > f16_bound) ++f16_off;
    if (std::abs(w_bf16.up.weight.value(i) - v) > std::abs(v) * std::ldexp(1.0, -8)) ++bf16_off;
  }
  CHECK(f16_off == 0);
  CHECK(bf16_off == 0);
}

TEST_CASE("stored weights over more than 64 rows, converted a block of outputs at a time, read each block's rows",
          "[forward][dtype][quant]")
{
  // 65 rows of x take the converted path (64 and fewer stream W); with 2048 inputs a block is
  // 4096 rows of W (8 Mi floats of buffer), so 4104 outputs make two blocks, the second of 8.
  using runtime::detail::weight_dtype;
  const auto dtype = GENERATE(weight_dtype::q8_0, weight_dtype::bf16, weight_dtype::f16);
  CAPTURE(static_cast<int>(dtype));
  const std::size_t in = 2048, out = 4104, rows = 65;
  REQUIRE(runtime::detail::conversion_block_rows(in) < out);
  // The patterns themselves, against values read from the formats' tables
  REQUIRE(small_integer_bits(1, false) == 0x3C00);
  REQUIRE(small_integer_bits(5, false) == 0x4500);
  REQUIRE(small_integer_bits(-3, true) == 0xC040);
  // Weight (o, i) is the integer q(o, i), from -5 to 5, exact in every dtype here.
  auto q = [](std::size_t o, std::size_t i) { return static_cast<int>((7 * o + 3 * i) % 11) - 5; };
  runtime::detail::linear_view v;
  v.in = in;
  v.out = out;
  v.dtype = dtype;
  std::vector<unsigned char> w_q;
  std::vector<std::uint16_t> w16;
  if (dtype == weight_dtype::q8_0) {
    // Q8_0 blocks written by hand in ggml's layout, 34 bytes: an f16 scale of 1.0 (0x3C00,
    // little-endian), then 32 int8.
    const std::size_t block_bytes = 34, row_bytes = in / 32 * block_bytes;
    w_q.resize(out * row_bytes);
    for (std::size_t o = 0; o < out; ++o)
      for (std::size_t b = 0; b < in / 32; ++b) {
        unsigned char* block = w_q.data() + o * row_bytes + b * block_bytes;
        block[0] = 0x00;
        block[1] = 0x3C;
        for (std::size_t j = 0; j < 32; ++j) block[2 + j] = static_cast<unsigned char>(q(o, 32 * b + j));
      }
    v.weight_q = w_q.data();
  } else {
    w16.resize(out * in);
    for (std::size_t o = 0; o < out; ++o)
      for (std::size_t i = 0; i < in; ++i) w16[o * in + i] = small_integer_bits(q(o, i), dtype == weight_dtype::bf16);
    v.weight16 = w16.data();
  }
  // x in quarters from -0.5 to 0.5: every product and partial sum is a multiple of 1/4 below
  // 2^22, so f32 sums it exactly, in any order, and each output is the integer dot product / 4
  auto quarters = [](std::size_t r, std::size_t i) { return static_cast<int>((r + 3 * i) % 5) - 2; };
  std::vector<float> x(rows * in), y(rows * out);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t i = 0; i < in; ++i) x[r * in + i] = 0.25f * static_cast<float>(quarters(r, i));
  runtime::workspace ws;
  runtime::detail::linear_rows(v, x.data(), rows, y.data(), ws);
  // Outputs across the first block, and every output around the boundary and in the second block
  std::size_t wrong = 0, checked = 0;
  for (std::size_t o = 0; o < out; o += (o + 61 < 4088 ? 61 : 1))
    for (std::size_t r = 0; r < rows; ++r) {
      long long dot = 0;
      for (std::size_t i = 0; i < in; ++i) dot += quarters(r, i) * q(o, i);
      ++checked;
      if (y[r * out + o] != 0.25f * static_cast<float>(dot)) ++wrong;
    }
  CHECK(checked > rows * 16);
  CHECK(wrong == 0);
}

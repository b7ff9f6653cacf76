// SPDX-License-Identifier: MIT
// Count arithmetic as users write it, against plain integer arithmetic on generated values: exact
// division or a refusal, products with integers, ratios, and the counts of refused declarations.
#include <shapeproof/shapeproof.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <stdexcept>

using namespace shapeproof;

TEST_CASE("a count divided by an integer is exact, or refused, never rounded", "[property][cost]")
{
  const auto n = GENERATE(take(200, random(std::int64_t{0}, std::int64_t{1} << 40)));
  const auto k = GENERATE(1, 2, 3, 7, 8, 64);
  const auto p = cost::make_params(n);
  if (n % k == 0) {
    CHECK((p / k).value() == n / k);
    CHECK((p / k) * k == p);
  } else {
    CHECK_THROWS_AS(p / k, std::domain_error);
  }
  CHECK_THROWS_WITH(p / 0, Catch::Contains("must divide exactly"));
}

TEST_CASE("a count times an integer is a count of the same kind, overflow-checked", "[property][cost]")
{
  const auto n = GENERATE(take(100, random(std::int64_t{0}, std::int64_t{1} << 30)));
  const auto f = cost::make_flops(n);
  CHECK((f * 3).value() == n * 3);
  CHECK((3u * f).value() == n * 3);
  CHECK((f * std::int64_t{5}) == cost::make_flops(n * 5));
  CHECK_THROWS_AS(cost::make_bytes(std::numeric_limits<std::int64_t>::max()) * 2, std::overflow_error);
  // ... and so are sums and differences
  const auto most = cost::make_params(std::numeric_limits<std::int64_t>::max());
  const auto least = cost::make_params(std::numeric_limits<std::int64_t>::min());
  CHECK_THROWS_AS(most + cost::make_params(1), std::overflow_error);
  CHECK_THROWS_AS(least - cost::make_params(1), std::overflow_error);
  CHECK_THROWS_AS(cost::checked_sub(std::numeric_limits<std::int64_t>::min(), 1), std::overflow_error);
  CHECK((most - cost::make_params(1)).value() == std::numeric_limits<std::int64_t>::max() - 1);
}

TEST_CASE("a ratio of two counts is a plain number", "[property][cost]")
{
  const auto a = GENERATE(take(50, random(std::int64_t{1}, std::int64_t{1} << 40)));
  const auto b = GENERATE(take(5, random(std::int64_t{1}, std::int64_t{1} << 40)));
  const double ratio = cost::make_params(a) / cost::make_params(b);
  CHECK(ratio == Approx(static_cast<double>(a) / static_cast<double>(b)));
  // FLOPs per byte, an arithmetic intensity
  CHECK(cost::make_flops(a) / cost::make_bytes(b) == Approx(static_cast<double>(a) / static_cast<double>(b)));
}

TEST_CASE("counts order as their values do", "[property][cost]")
{
  const auto a = GENERATE(take(50, random(std::int64_t{-1000}, std::int64_t{1000})));
  const auto b = GENERATE(take(5, random(std::int64_t{-1000}, std::int64_t{1000})));
  const auto pa = cost::make_params(a);
  const auto pb = cost::make_params(b);
  CHECK((pa < pb) == (a < b));
  CHECK((pa <= pb) == (a <= b));
  CHECK((pa > pb) == (a > b));
  CHECK((pa >= pb) == (a >= b));
  CHECK((pa == pb) == (a == b));
  CHECK((pa != pb) == (a != b));
  CHECK(((pa <=> pb) < 0) == (a < b));
}

TEST_CASE("the count of a refused declaration compares as anything and stays refused", "[cost]")
{
  const auto r = cost::params::of_a_refused_declaration();
  CHECK(r.refused());
  CHECK_FALSE(cost::make_params(5).refused());
  const bool all_hold = r == 5_params && r != 5_params && r < 5_params && r > 5_params;
  CHECK(all_hold);
  CHECK((r + 5_params).refused());
  CHECK((5_params - r).refused());
  CHECK((r * 3).refused());
  CHECK((r / 7).refused());  // no refusal of its own: its error was given
  CHECK(bytes_of<bf16>(r).refused());
  STATIC_REQUIRE(cost::params::of_a_refused_declaration() == 1_params);
}

TEST_CASE("refused declarations stand in for what the user's code expects", "[cost]")
{
  // Compiles without a second error: a function declared to return cost::params, a follow-up
  // comparison and a shard's extent (the refusals themselves are negative proofs, proofs/fail/).
  constexpr detail::rejected_count c{};
  constexpr cost::params p = c;
  STATIC_REQUIRE(p.refused());
  STATIC_REQUIRE(p == 123_params);
  constexpr extent_t e = detail::rejected_dim::extent;
  STATIC_REQUIRE(e == 1);
  STATIC_REQUIRE(detail::rejected_dim::extent == 1792);
}

// SPDX-License-Identifier: MIT
// Sizing arithmetic against brute force, over generated widths.
#include "random_widths.hpp"

#include <shapeproof/shapeproof.hpp>

#include <catch2/catch.hpp>

using namespace shapeproof;

TEST_CASE("scaling by 8/3 rounds as it says, and is exact exactly when 3 divides d", "[property][sizing]")
{
  const auto d = GENERATE(take(200, random(1, 20000)));
  // Brute force: the largest h with 3·h <= 8·d, found by counting.
  extent_t floor_h = 0;
  while (3 * (floor_h + 1) <= 8 * d) ++floor_h;
  const bool exact = 3 * floor_h == 8 * d;

  CHECK(detail::scale_extent<rounding::down>(d, 8, 3) == floor_h);
  CHECK(detail::scale_extent<rounding::up>(d, 8, 3) == floor_h + (exact ? 0 : 1));
  CHECK(exact == (d % 3 == 0));
}

TEST_CASE("rounding up to a multiple gives the smallest multiple not below", "[property][sizing]")
{
  const auto e = GENERATE(take(100, random(1, 100000)));
  const auto m = GENERATE(1, 8, 64, 256, 1024, 4096);
  extent_t r = 0;
  while (r < e) r += m;
  CHECK(detail::round_up_extent(e, m) == r);
}

TEMPLATE_LIST_TEST_CASE("the dimension types carry the extents the arithmetic gives", "[property][sizing]",
                        test::random_configs)
{
  using D = typename TestType::d;
  CHECK(scaled<D, 4>::extent == 4 * D::extent);
  CHECK(scaled<D, 8, 3, rounding::down>::extent == 8 * D::extent / 3);
  CHECK(round_up_to_multiple<scaled<D, 8, 3, rounding::down>, 64>::extent ==
        detail::round_up_extent(8 * D::extent / 3, 64));
  CHECK(ScalesExactly<D, 8, 3> == (D::extent % 3 == 0));
  CHECK(cat<D, typename TestType::dff>::extent == D::extent + TestType::dff::extent);
}

TEST_CASE("LLaMA's sizing refuses a width, multiple or ratio that is not positive", "[sizing]")
{
  CHECK(sizing::llama_hidden(4096, 256) == 11008);
  CHECK_THROWS_WITH(sizing::llama_hidden(4096, 0), Catch::Contains("shapeproof rule 8"));
  CHECK_THROWS_AS(sizing::llama_hidden(0, 256), std::invalid_argument);
  CHECK_THROWS_AS(sizing::llama_hidden(4096, 256, {13, 0}), std::invalid_argument);
  CHECK_THROWS_AS(sizing::llama_hidden(4096, 256, {-13, 10}), std::invalid_argument);
}

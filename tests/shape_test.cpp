// SPDX-License-Identifier: MIT
// Shape inference: the run-time rules over generated extents, and the compile-time rules over
// generated widths, agree with each other and name what they refuse.
#include "random_widths.hpp"

#include <shapeproof/shapeproof.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <tuple>

using namespace shapeproof;
using Catch::Matchers::Contains;

namespace {
struct tokens final : dim<dynamic> {};
struct d_model final : dim<4096> {};
}  // namespace

TEST_CASE("dim_name spells a dimension as the user declared it", "[shape][name]")
{
  CHECK(dim_name<d_model>() == "d_model");
  CHECK(dim_name<tokens>() == "tokens");
  CHECK(std::string(dim_name<cat<d_model, d_model>>()).find("cat<") != std::string::npos);
  CHECK(to_string(to_dyn_shape<shape<tokens, d_model>>()) == "[tokens (dynamic), d_model (4096)]");
}

TEST_CASE("matmul infers [T, D] x [D, Dff] -> [T, Dff] for any extents", "[property][shape]")
{
  const auto t = GENERATE(take(4, random(1, 4096)));
  const auto d = GENERATE(take(4, random(1, 16384)));
  const auto dff = GENERATE(take(4, random(1, 65536)));
  const dyn_shape x{{"tokens", t}, {"d_model", d}};
  const dyn_shape w{{"d_model", d}, {"d_ff", dff}};

  SECTION("the result keeps the leading axes and takes the weight's output")
  {
    CHECK(matmul(x, w) == dyn_shape{{"tokens", t}, {"d_ff", dff}});
    CHECK(matmul(dyn_shape{{"batch", 3}, {"tokens", t}, {"d_model", d}}, w) ==
          dyn_shape{{"batch", 3}, {"tokens", t}, {"d_ff", dff}});
  }
  SECTION("down after up returns to the input shape")
  {
    CHECK(matmul(matmul(x, w), dyn_shape{{"d_ff", dff}, {"d_model", d}}) == x);
  }
  SECTION("an inner dimension of another name is refused even with the same extent, naming both")
  {
    const dyn_shape other{{"d_attn", d}, {"d_ff", dff}};
    CHECK_THROWS_AS(matmul(x, other), shape_error);
    CHECK_THROWS_WITH(matmul(x, other), Contains("a matmul's inner dimensions must agree by name and extent") &&
                                            Contains("d_model (" + std::to_string(d) + ")") &&
                                            Contains("d_attn (" + std::to_string(d) + ")"));
  }
  SECTION("a stored [out, in] weight is refused where [in, out] is meant")
  {
    if (d != dff) CHECK_THROWS_WITH(matmul(x, dyn_shape{{"d_ff", dff}, {"d_model", d}}), Contains("rule 4"));
  }
}

TEST_CASE("a fused gate|up weight splits into the two halves it was made of", "[property][shape]")
{
  const auto d = GENERATE(take(5, random(1, 8192)));
  const auto dff = GENERATE(take(5, random(1, 32768)));
  const dyn_shape gate{{"d_model", d}, {"d_ff", dff}};
  const dyn_shape fused = concat(1, gate, gate);

  CHECK(fused[1].extent == 2 * dff);
  CHECK(fused[1].name == "cat<d_ff, d_ff>");
  const auto halves = split(1, fused, {{"d_ff", dff}, {"d_ff", dff}});
  REQUIRE(halves.size() == 2);
  CHECK(halves[0] == gate);
  CHECK(halves[1] == gate);

  SECTION("parts that do not add up are refused, with the extents")
  {
    CHECK_THROWS_WITH(split(1, fused, {{"d_ff", dff}, {"d_ff", dff + 1}}),
                      Contains("the parts of a split must add up to the fused dimension") &&
                          Contains(std::to_string(2 * dff)) && Contains(std::to_string(2 * dff + 1)));
  }
  SECTION("concatenation needs the other axes to agree")
  {
    CHECK_THROWS_WITH(concat(1, gate, dyn_shape{{"d_other", d + 1}, {"d_ff", dff}}),
                      Contains("concatenated shapes must have the same rank and agree on every other axis"));
    CHECK_THROWS_AS(concat(2, gate, gate), shape_error);
  }
  SECTION("element-wise operands must have the same shape")
  {
    CHECK(elementwise(gate, gate) == gate);
    CHECK_THROWS_WITH(elementwise(gate, fused), Contains("element-wise operands must have the same shape"));
  }
}

TEMPLATE_LIST_TEST_CASE("compile-time and run-time shape rules agree on generated widths", "[property][shape]",
                        test::random_configs)
{
  using D = typename TestType::d;
  using Dff = typename TestType::dff;
  using x = shape<tokens, D>;
  using up = shape<D, Dff>;

  CAPTURE(TestType::index, D::extent, Dff::extent);
  CHECK(to_dyn_shape<matmul_t<x, up>>() == matmul(to_dyn_shape<x>(), to_dyn_shape<up>()));
  CHECK(to_dyn_shape<concat_t<1, up, up>>() == concat(1, to_dyn_shape<up>(), to_dyn_shape<up>()));
  using halves = split_t<1, concat_t<1, up, up>, Dff, Dff>;
  CHECK(to_dyn_shape<std::tuple_element_t<0, halves>>() == to_dyn_shape<up>());
  CHECK(to_dyn_shape<ffn_output_t<swiglu<D, Dff>, x>>() == to_dyn_shape<x>());
  STATIC_REQUIRE(MatmulCompatible<x, up>);
  // D and Dff are different dims even where the generator gave them one extent
  STATIC_REQUIRE(!MatmulCompatible<x, typename linear<D, Dff>::storage_shape>);
}

namespace named {
struct d_ff final : dim<11008> {};
}  // namespace named

TEST_CASE("dim_name drops namespaces, anonymous ones included, alike on both compilers", "[shape][name]")
{
  CHECK(dim_name<named::d_ff>() == "d_ff");
  CHECK(dim_name<cat<named::d_ff, d_model>>() == "cat<d_ff, d_model>");
  CHECK(dim_name<cat<test::model_width<3>, named::d_ff>>() == "cat<model_width<3>, d_ff>");
}

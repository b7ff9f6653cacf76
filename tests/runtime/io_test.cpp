// SPDX-License-Identifier: MIT
// Files: safetensors headers validated, tensors read and converted, weights loaded by name with
// every shape checked, .npy round trips; every runtime shape error path and its message.
#include <fcntl.h>
#include <sys/stat.h>

#include <shapeproof/runtime/runtime.hpp>

#include <catch2/catch.hpp>

#include <bit>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace shapeproof;
using Catch::Matchers::Contains;
using runtime::tensor;
using runtime::weights;

namespace {

struct tokens final : dim<dynamic> {};
struct d_model final : dim<16> {};
struct d_ff final : dim<40> {};

std::string temp_path(const std::string& name)
{
  return (std::filesystem::temp_directory_path() / ("shapeproof_test_" + name)).string();
}

// A raw file: 8-byte length, the header text, then `data_bytes` zero bytes.
std::string raw_file(const std::string& name, const std::string& header, std::size_t data_bytes,
                     std::uint64_t claimed_length = UINT64_MAX)
{
  const std::string path = temp_path(name);
  std::ofstream out(path, std::ios::binary);
  const std::uint64_t n = claimed_length == UINT64_MAX ? header.size() : claimed_length;
  for (int i = 0; i < 8; ++i) out.put(static_cast<char>((n >> (8 * i)) & 0xFF));
  out << header;
  out << std::string(data_bytes, '\0');
  return path;
}

}  // namespace

TEST_CASE("typed tensors check static dimensions against the data, naming all", "[runtime][errors]")
{
  const std::vector<float> v(3 * 17);
  CHECK_THROWS_AS((tensor<shape<tokens, d_model>>::from_buffer("x", v.data(), {3, 17})), runtime::tensor_shape_error);
  CHECK_THROWS_WITH(
      (tensor<shape<tokens, d_model>>::from_buffer("x", v.data(), {3, 17})),
      Contains("tensor 'x'") && Contains("dimension d_model") && Contains("expected 16") && Contains("got 17"));
  CHECK_THROWS_WITH((tensor<shape<tokens, d_model>>::from_values("x", {3, 16, 1}, std::vector<float>(48))),
                    Contains("expected rank 2") && Contains("got rank 3"));
  CHECK_THROWS_WITH((tensor<shape<d_ff, d_model>>::from_xtensor("up_proj.weight", xt::zeros<float>({16, 40}))),
                    Contains("'up_proj.weight'") && Contains("d_ff (axis 0): expected 40, got 16"));
  // The token axis takes any extent
  CHECK(tensor<shape<tokens, d_model>>::from_buffer("x", v.data(), {2, 16}).extent(0) == 2);
}

TEST_CASE("weights load by name from safetensors, every tensor checked", "[runtime][io]")
{
  using spec = swiglu<d_model, d_ff>;
  const auto made = weights<spec>::init(9);
  auto tensor_of = [](const std::string& name, const auto& t) {
    return io::f32_tensor{
        name,
        {static_cast<std::int64_t>(t.data().shape()[0]), static_cast<std::int64_t>(t.data().shape()[1])},
        {t.data().begin(), t.data().end()}};
  };
  const std::string good = temp_path("good.safetensors");
  io::save_safetensors(
      good, {tensor_of("mlp.gate_proj.weight", made.gate.weight), tensor_of("mlp.up_proj.weight", made.up.weight),
             tensor_of("mlp.down_proj.weight", made.down.weight)});
  const auto file = io::safetensors_file::open(good);
  const auto loaded = weights<spec>::load(file, "mlp.");
  CHECK((loaded.gate.weight.data() == made.gate.weight.data()));
  CHECK((loaded.down.weight.data() == made.down.weight.data()));

  SECTION("a missing tensor is named, with the shape it should have")
  {
    CHECK_THROWS_WITH(weights<spec>::load(file, "model."),
                      Contains("no tensor 'model.gate_proj.weight'") && Contains("d_ff (40)"));
  }
  SECTION("a misshapen tensor is named, with the dimension")
  {
    const std::string bad = temp_path("transposed.safetensors");
    io::save_safetensors(bad, {tensor_of("gate_proj.weight", made.gate.weight),
                               {"up_proj.weight", {16, 40}, std::vector<float>(640)},  // [in, out]: not transposed
                               tensor_of("down_proj.weight", made.down.weight)});
    CHECK_THROWS_WITH(weights<spec>::load(io::safetensors_file::open(bad)),
                      Contains("'up_proj.weight'") && Contains("d_ff (axis 0): expected 40, got 16"));
  }
  SECTION("a bias the spec expects must be there")
  {
    CHECK_THROWS_WITH((weights<swiglu<d_model, d_ff, true>>::load(file, "mlp.")), Contains("mlp.gate_proj.bias"));
  }
  SECTION("weights kept in bf16: a BF16 file's bits as stored, an F32 file's values rounded, shapes checked")
  {
    const std::string half = temp_path("bf16.safetensors");
    io::save_safetensors(
        half,
        {tensor_of("mlp.gate_proj.weight", made.gate.weight), tensor_of("mlp.up_proj.weight", made.up.weight),
         tensor_of("mlp.down_proj.weight", made.down.weight)},
        "BF16");
    const auto from_bf16 = weights<spec, bf16>::load(io::safetensors_file::open(half), "mlp.");
    const auto from_f32 = weights<spec, bf16>::load(file, "mlp.");
    CHECK(from_bf16.down.weight.bits == from_f32.down.weight.bits);
    CHECK(from_bf16.gate.weight.bits.size() == 640);
    CHECK(from_bf16.up.weight.value(7) ==
          std::bit_cast<float>(static_cast<std::uint32_t>(io::float_to_bf16(made.up.weight.data().data()[7])) << 16));
    // Kept in f16, a BF16 file's values are converted, not its bits reinterpreted
    const auto f16_from_bf16 = weights<spec, f16>::load(io::safetensors_file::open(half), "mlp.");
    for (const std::size_t i : {std::size_t{0}, std::size_t{7}, std::size_t{639}}) {
      const float stored = from_bf16.up.weight.value(i);
      CHECK(f16_from_bf16.up.weight.value(i) == io::safetensors_file::half_to_float(io::float_to_f16(stored)));
    }
    const std::string wrong = temp_path("bf16-transposed.safetensors");
    io::save_safetensors(wrong,
                         {tensor_of("gate_proj.weight", made.gate.weight),
                          {"up_proj.weight", {16, 40}, std::vector<float>(640)},
                          tensor_of("down_proj.weight", made.down.weight)},
                         "BF16");
    CHECK_THROWS_WITH((weights<spec, bf16>::load(io::safetensors_file::open(wrong))),
                      Contains("'up_proj.weight'") && Contains("d_ff (axis 0): expected 40, got 16"));
  }
}

TEST_CASE("a block of a tensor reads those values and no others, in every dtype", "[runtime][io]")
{
  // A [5, 7] weight in F32 and in BF16, and a [7] bias: each block equals the same block of the
  // whole; a block outside the tensor is an error
  std::vector<float> values(35);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i) * 0.5f - 3.0f;  // exact in bf16
  const std::string path = temp_path("blocks.safetensors");
  io::save_safetensors(path, {io::f32_tensor{"w", {5, 7}, values},
                              io::f32_tensor{"b", {7}, std::vector<float>(values.begin(), values.begin() + 7)}});
  const std::string path16 = temp_path("blocks16.safetensors");
  io::save_safetensors(path16, {io::f32_tensor{"w", {5, 7}, values}}, "BF16");
  const auto f = io::safetensors_file::open(path), f16 = io::safetensors_file::open(path16);
  const auto r0 = GENERATE(0, 1, 4), r1 = GENERATE(5), c0 = GENERATE(0, 2, 6), c1 = GENERATE(7, 6);
  if (c1 < c0) return;
  std::vector<float> expected;
  for (int r = r0; r < r1; ++r)
    for (int c = c0; c < c1; ++c) expected.push_back(values[static_cast<std::size_t>(r * 7 + c)]);
  CAPTURE(r0, r1, c0, c1);
  CHECK(f.read_f32_block(*f.find("w"), r0, r1, c0, c1) == expected);
  CHECK(f16.read_f32_block(*f16.find("w"), r0, r1, c0, c1) == expected);
  const auto bits = f16.read_u16_block(*f16.find("w"), r0, r1, c0, c1);
  REQUIRE(bits.size() == expected.size());
  for (std::size_t i = 0; i < bits.size(); ++i) CHECK(io::safetensors_file::bf16_to_float(bits[i]) == expected[i]);
  CHECK(f.read_f32_block(*f.find("b"), 0, 1, c0, c1) == std::vector<float>(values.begin() + c0, values.begin() + c1));
  CHECK_THROWS_WITH(f.read_f32_block(*f.find("w"), 0, 6, 0, 7), Catch::Contains("no block [0:6, 0:7]"));
  CHECK_THROWS_WITH(f.read_f32_block(*f.find("w"), 0, 5, 3, 8), Catch::Contains("in a tensor of shape [5, 7]"));
  CHECK_THROWS_WITH(f.read_f32_block(*f.find("b"), 0, 2, 0, 7), Catch::Contains("no block"));
}

TEST_CASE("F16 and BF16 tensors convert to f32 exactly", "[runtime][io]")
{
  // 1.0, -2.5, 65504 (f16 max), 2^-24 (smallest subnormal); bf16 1.0, -0.5
  const std::string header =
      R"({"h":{"dtype":"F16","shape":[4],"data_offsets":[0,8]},"b":{"dtype":"BF16","shape":[2],"data_offsets":[8,12]}})";
  const std::string path = temp_path("halves.safetensors");
  {
    std::ofstream out(path, std::ios::binary);
    const std::uint64_t n = header.size();
    for (int i = 0; i < 8; ++i) out.put(static_cast<char>((n >> (8 * i)) & 0xFF));
    out << header;
    for (const unsigned h : {0x3C00u, 0xC100u, 0x7BFFu, 0x0001u, 0x3F80u, 0xBF00u}) {
      out.put(static_cast<char>(h & 0xFFu));
      out.put(static_cast<char>(h >> 8));
    }
  }
  const auto f = io::safetensors_file::open(path);
  CHECK(f.read_f32(*f.find("h")) == std::vector<float>{1.0f, -2.5f, 65504.0f, 0x1.0p-24f});
  CHECK(f.read_f32(*f.find("b")) == std::vector<float>{1.0f, -0.5f});
}

TEST_CASE("malformed safetensors files are clear errors, never crashes", "[runtime][io][errors]")
{
  const std::string entry = R"({"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}})";
  CHECK_NOTHROW(io::safetensors_file::open(raw_file("ok.safetensors", entry, 24)));

  CHECK_THROWS_WITH(io::safetensors_file::open(temp_path("does-not-exist")), Contains("does-not-exist: no such file"));
  {
    const std::string path = temp_path("short.safetensors");
    std::ofstream(path, std::ios::binary) << "abc";
    CHECK_THROWS_WITH(io::safetensors_file::open(path), Contains("shorter than the 8-byte header length"));
  }
  CHECK_THROWS_WITH(io::safetensors_file::open(raw_file("huge.safetensors", entry, 24, 10'000'000'000ull)),
                    Contains("claims 10000000000 bytes"));
  CHECK_THROWS_WITH(io::safetensors_file::open(raw_file("trunc.safetensors", entry, 0, entry.size() + 100)),
                    Contains("truncated"));
  CHECK_THROWS_WITH(io::safetensors_file::open(raw_file("json.safetensors", "{\"w\": {\"dtype\": \"F3", 0)),
                    Contains("not valid JSON"));
  CHECK_THROWS_WITH(io::safetensors_file::open(raw_file("array.safetensors", "[1,2]", 0)),
                    Contains("the header must be a JSON object"));
  CHECK_THROWS_WITH(io::safetensors_file::open(raw_file("past.safetensors", entry, 20)),
                    Contains("tensor 'w'") && Contains("past the 20 bytes"));
  CHECK_THROWS_WITH(io::safetensors_file::open(raw_file(
                        "lie.safetensors", R"({"w":{"dtype":"F32","shape":[2,4],"data_offsets":[0,24]}})", 24)),
                    Contains("8 elements of 4 bytes, but data_offsets hold 24 bytes"));
  CHECK_THROWS_WITH(
      io::safetensors_file::open(raw_file(
          "overlap.safetensors",
          R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}})",
          24)),
      Contains("overlap"));
  CHECK_THROWS_WITH(io::safetensors_file::open(
                        raw_file("dtype.safetensors", R"({"w":{"dtype":"F31","shape":[1],"data_offsets":[0,4]}})", 4)),
                    Contains("unknown dtype 'F31'"));
  CHECK_THROWS_WITH(io::safetensors_file::open(
                        raw_file("neg.safetensors", R"({"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", 4)),
                    Contains("non-negative"));
  CHECK_THROWS_WITH(
      io::safetensors_file::open(raw_file(
          "big.safetensors", R"({"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}})", 4)),
      Contains("overflows 64 bits"));
  CHECK_THROWS_WITH(io::safetensors_file::open(
                        raw_file("order.safetensors", R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}})", 4)),
                    Contains("begin after they end"));
  CHECK_THROWS_WITH(io::safetensors_file::open(raw_file("meta.safetensors", R"({"__metadata__":{"a":1}})", 0)),
                    Contains("a number where __metadata__'s value for 'a' (a string) belongs"));
  const auto f = io::safetensors_file::open(
      raw_file("int.safetensors", R"({"i":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}})", 4));
  CHECK_THROWS_WITH(f.read_f32(*f.find("i")), Contains("only F32, F16 and BF16"));
}

TEST_CASE(".npy files round-trip, their extents checked", "[runtime][io]")
{
  const std::string path = temp_path("x.npy");
  auto x = tensor<shape<tokens, d_model>>::zeros("x", {3, 16});
  x.data() = xt::reshape_view(xt::arange<float>(48.0f), {3, 16});
  runtime::save_npy(path, x);
  CHECK((runtime::load_npy<shape<tokens, d_model>>(path).data() == x.data()));
  CHECK_THROWS_WITH((runtime::load_npy<shape<tokens, d_ff>>(path)), Contains("d_ff (axis 1): expected 40, got 16"));
  CHECK_THROWS_AS((runtime::load_npy<shape<tokens, d_model>>(temp_path("missing.npy"))), std::runtime_error);
}

TEST_CASE("forward refuses an output tensor of another size", "[runtime][errors]")
{
  const auto w = weights<relu_ffn<d_model, d_ff>>::init(1);
  const auto x = tensor<shape<tokens, d_model>>::zeros("x", {4, 16});
  auto y = tensor<shape<tokens, d_model>>::zeros("y", {3, 16});
  runtime::workspace ws;
  CHECK_THROWS_WITH(runtime::forward(w, x, y, ws),
                    Contains("output tensor 'y'") && Contains("48 values for an input of 64"));
}

TEST_CASE("a file rewritten within the same second is seen to have changed since its header was read", "[runtime][io]")
{
  // Two writes in one second differ only in the nanoseconds of their modification times
  const std::string path = temp_path("touched.safetensors");
  io::save_safetensors(path, {io::f32_tensor{"w", {2}, {1.0f, 2.0f}}});
  auto set_modified = [&](long ns) {
    const timespec t[2] = {{1'700'000'000, ns}, {1'700'000'000, ns}};
    struct stat st {};
    return ::utimensat(AT_FDCWD, path.c_str(), t, 0) == 0 && ::stat(path.c_str(), &st) == 0 && st.st_mtim.tv_nsec == ns;
  };
  set_modified(100);
  const auto f = io::safetensors_file::open(path);
  CHECK(f.read_f32(*f.find("w")) == std::vector<float>{1.0f, 2.0f});
  if (set_modified(200))  // (a file system that keeps whole seconds has nothing to compare)
    CHECK_THROWS_WITH(f.read_f32(*f.find("w")), Contains("changed since its header was read"));
  std::remove(path.c_str());
}

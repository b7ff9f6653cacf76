// SPDX-License-Identifier: MIT
// Files shapeproof did not write: .npy inputs, JSON (configs, safetensors headers, indexes) and
// GGUF metadata, each malformed in the ways a file can be; every one refused with an error that
// names the file and the problem, before anything the file claims is allocated.
#include "gguf_writer.hpp"
#include "npy_writer.hpp"

#include <shapeproof/io/checkpoint.hpp>
#include <shapeproof/io/hf_config.hpp>
#include <shapeproof/io/npy.hpp>
#include <shapeproof/io/safetensors.hpp>

#include <catch2/catch.hpp>

#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace shapeproof;
using Catch::Matchers::Contains;
using test::f32_bytes;

namespace {

std::string temp_path(const std::string& name)
{
  return std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/shapeproof-untrusted-" + name;
}

void write_file(const std::string& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

std::string header_of(const std::string& shape, const std::string& descr = "'<f4'", const std::string& order = "False")
{
  return "{'descr': " + descr + ", 'fortran_order': " + order + ", 'shape': " + shape + ", }";
}

}  // namespace

TEST_CASE("an .npy file is read as its header says, in either order and byte order", "[npy]")
{
  const std::vector<float> v{1, 2, 3, 4, 5, 6};
  const auto a = io::parse_npy_f32("x.npy", test::npy_file_bytes(header_of("(2, 3)"), f32_bytes(v)));
  CHECK(a.shape == std::vector<std::uint64_t>{2, 3});
  CHECK(a.values == v);
  // Fortran order: column by column in the file, row-major once read
  const auto f = io::parse_npy_f32(
      "x.npy", test::npy_file_bytes(header_of("(2, 3)", "'<f4'", "True"), f32_bytes({1, 4, 2, 5, 3, 6})));
  CHECK(f.values == v);
  const auto f3 = io::parse_npy_f32(
      "x.npy", test::npy_file_bytes(header_of("(2, 2, 2)", "'<f4'", "True"), f32_bytes({0, 4, 2, 6, 1, 5, 3, 7})));
  CHECK(f3.values == std::vector<float>{0, 1, 2, 3, 4, 5, 6, 7});
  CHECK(io::parse_npy_f32("x.npy", test::npy_file_bytes(header_of("(2, 3)", "'>f4'"), f32_bytes(v, true))).values == v);
  // Python 2's long integers, versions 2 and 3, double quotes, no trailing comma
  CHECK(io::parse_npy_f32("x.npy", test::npy_file_bytes(header_of("(2L, 3L)"), f32_bytes(v))).shape[0] == 2);
  CHECK(io::parse_npy_f32("x.npy", test::npy_file_bytes(header_of("(6,)"), f32_bytes(v), 2)).values == v);
  CHECK(io::parse_npy_f32("x.npy", test::npy_file_bytes(header_of("(6,)"), f32_bytes(v), 3)).values == v);
  CHECK(io::parse_npy_f32(
            "x.npy", test::npy_file_bytes(R"({"descr": "<f4", "fortran_order": False, "shape": (6,)})", f32_bytes(v)))
            .values == v);
  // The writer's files read back, their data aligned to 64 bytes
  const auto path = temp_path("roundtrip.npy");
  io::write_npy_f32(path, {2, 3}, v.data());
  const auto back = io::read_npy_f32(path);
  CHECK(back.shape == std::vector<std::uint64_t>{2, 3});
  CHECK(back.values == v);
  CHECK(std::filesystem::file_size(path) == 128 + 24);
  std::remove(path.c_str());
}

TEST_CASE("a malformed .npy file is an npy_error naming the file and the problem", "[npy]")
{
  const std::vector<float> v{1, 2, 3, 4, 5, 6};
  const std::string good = test::npy_file_bytes(header_of("(2, 3)"), f32_bytes(v));
  auto fails_with = [](const std::string& bytes, const std::string& what) {
    CAPTURE(what);
    CHECK_THROWS_WITH(io::parse_npy_f32("bad.npy", bytes), Contains("bad.npy: ") && Contains(what));
  };
  // Every truncation of a good file, and one byte too many
  for (std::size_t n = 0; n < good.size(); ++n) {
    CAPTURE(n);
    CHECK_THROWS_AS(io::parse_npy_f32("bad.npy", good.substr(0, n)), io::npy_error);
  }
  fails_with(good.substr(0, good.size() - 1),
             "truncated: the shape (2, 3) of float32 needs 24 bytes of data, the file has 23");
  fails_with(good + "x", "1 bytes after the data of its shape (2, 3)");
  // Headers that lie about the shape: refused from the file's size, before any allocation
  fails_with(test::npy_file_bytes(header_of("(30000000, 16)"), std::string(100, '\0')),
             "needs 1920000000 bytes of data, the file has 100");
  fails_with(test::npy_file_bytes(header_of("(1152921504606846976, 16)"), ""), "holds more than 2^61 values");
  fails_with(test::npy_file_bytes(header_of("(4611686018427387904, 4611686018427387904)"), ""),
             "holds more than 2^61 values");
  fails_with(test::npy_file_bytes(header_of("(4611686018427387904,)"), ""), "holds more than 2^61 values");  // 2^62
  fails_with(test::npy_file_bytes(header_of("(99999999999999999999, 1)"), ""), "beyond 2^62");
  fails_with(test::npy_file_bytes(header_of("(-5, 16)"), ""), "a negative extent");
  fails_with(test::npy_file_bytes(header_of("(2.5, 3)"), ""), "tuple of non-negative integers");
  fails_with(test::npy_file_bytes(header_of("[2, 3]"), f32_bytes(v)), "expected '('");
  // The header's length: beyond the bound, beyond the file
  fails_with(std::string("\x93NUMPY\x02\x00\x00\x2F\x68\x59{}", 14),
             "a header of 1500000000 bytes, more than the 65536");
  std::string beyond = good;
  beyond[8] = '\xFF';
  beyond[9] = '\x7F';
  fails_with(beyond, "truncated: a header of 32767 bytes");
  // Magic, version, dtype, keys
  fails_with("GGUF\x03\0\0\0\0\0\0\0", "not an .npy file");
  std::string minor = good;
  minor[7] = 1;
  fails_with(minor, "version 1.1");
  std::string nul = good;
  nul[12] = '\0';
  fails_with(nul, "a NUL byte in the header, at byte 12");
  fails_with(test::npy_file_bytes("{'descr': '<f4, 'fortran_order': False, 'shape': (6,)}", f32_bytes(v)),
             "descr '<f4, ' is not a dtype");
  fails_with(std::string("\x93NUMPY\x04\0", 8) + good.substr(8), "version 4");
  fails_with(test::npy_file_bytes(header_of("(2, 3)", "'<f8'"), f32_bytes(v)), "dtype '<f8' (float64)");
  fails_with(test::npy_file_bytes(header_of("(2, 3)", "'<i4'"), f32_bytes(v)), "dtype '<i4' (integers)");
  fails_with(test::npy_file_bytes(header_of("(2, 3)", "[('a', '<f4')]"), f32_bytes(v)), "a structured dtype");
  fails_with(test::npy_file_bytes(header_of("(2, 3)", "'<f4'", "Maybe"), f32_bytes(v)),
             "fortran_order must be True or False");
  fails_with(test::npy_file_bytes("{'descr': '<f4', 'fortran_order': False}", ""), "lacks shape");
  fails_with(
      test::npy_file_bytes("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (6,)}", f32_bytes(v)),
      "gives 'descr' twice");
  fails_with(test::npy_file_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), 'extra': 1}", f32_bytes(v)),
             "a key 'extra'");
  fails_with(test::npy_file_bytes(header_of("(6,)") + " junk", f32_bytes(v)), "text after the header's dict");
  std::string many = "(";
  for (int i = 0; i < 33; ++i) many += "1, ";
  fails_with(test::npy_file_bytes(header_of(many + ")"), f32_bytes({1})), "more than 32 dimensions");
}

TEST_CASE("a reader opens regular files only", "[npy][json]")
{
  const auto dir = temp_path("a-directory");
  std::filesystem::create_directories(dir);
  CHECK_THROWS_WITH(io::read_npy_f32(dir), Contains("a-directory: a directory, not an .npy file"));
  CHECK_THROWS_WITH(io::read_hf_config(dir), Contains("a-directory: a directory, not a config.json"));
  CHECK_THROWS_WITH(io::safetensors_file::open(dir), Contains("a-directory: a directory, not a .safetensors file"));
  CHECK_THROWS_WITH(io::read_npy_f32(temp_path("nothing-here.npy")), Contains("nothing-here.npy: no such file"));
  CHECK_THROWS_WITH(io::read_npy_f32("/dev/null"), Contains("/dev/null: a character device, not an .npy file"));
  std::filesystem::remove(dir);
}

TEST_CASE("JSON is parsed within a depth and without a key twice", "[json]")
{
  const std::string base = R"({"model_type": "llama", "hidden_size": 16, "intermediate_size": 40,
      "num_hidden_layers": 2, "num_attention_heads": 4, "vocab_size": 50)";
  CHECK(io::parse_hf_config(base + "}", "c.json").config.d_model == 16);
  // Nested deeper than the bound: refused by a scan, naming the depth and where
  const std::string deep = base + R"(, "x": )" + std::string(100, '[') + std::string(100, ']') + "}";
  CHECK_THROWS_WITH(io::parse_hf_config(deep, "c.json"), Contains("c.json: JSON nested more than 32 levels deep"));
  // Brackets inside strings are text, not nesting
  std::size_t at = 0;
  CHECK(io::json_depth(R"({"a": "[[[[\"{{", "b": [{}]})", 3, at) == 3);  // the brackets in strings not counted
  CHECK(io::json_depth("[[[", 2, at) == 3);
  CHECK(at == 2);
  // A key twice, at the top or deeper
  CHECK_THROWS_WITH(io::parse_hf_config(base + R"(, "hidden_size": 32})", "c.json"),
                    Contains("c.json: the key \"hidden_size\" appears twice"));
  CHECK_THROWS_WITH(io::parse_hf_config(base + R"(, "rope_scaling": {"type": "a", "type": "b"}})", "c.json"),
                    Contains("the key \"type\" appears twice"));
  // A file larger than any config is refused before it is read
  const auto big = temp_path("big-config.json");
  write_file(big, base + ", \"pad\": \"" + std::string(9u << 20, 'x') + "\"}");
  CHECK_THROWS_WITH(io::read_hf_config(big), Contains("big-config.json: 9437") && Contains("more than the 8388608"));
  std::remove(big.c_str());
}

TEST_CASE("a safetensors header is read against its schema", "[json][safetensors]")
{
  auto header = [](const std::string& json, std::uint64_t data = 16) {
    return io::safetensors_file::parse("h.safetensors", json, data);
  };
  const std::string entry = R"({"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]})";
  CHECK(header(R"({"a": )" + entry + "}").tensors().size() == 1);
  auto fails_with = [&](const std::string& json, const std::string& what) {
    const std::string start = json.substr(0, 200);
    CAPTURE(start);
    CHECK_THROWS_WITH(header(json), Contains("h.safetensors: ") && Contains(what));
  };
  fails_with(R"({"a": )" + entry + R"(, "a": )" + entry + "}", "the name 'a' appears twice");
  fails_with(R"({"a": {"dtype": "F32", "dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}})",
             "the field 'dtype' appears twice");
  fails_with(R"({"a": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16], "extra": 1}})",
             "unknown field 'extra'");
  fails_with(R"([1, 2])", "the header must be a JSON object");
  fails_with(R"({"a": [1]})", "an array where the entry of 'a' (an object) belongs");
  fails_with(R"({"a": {"dtype": 4, "shape": [2, 2], "data_offsets": [0, 16]}})", "a number where tensor 'a''s dtype");
  fails_with(R"({"a": {"dtype": "F32", "shape": [2, -2], "data_offsets": [0, 16]}})", "non-negative integers");
  fails_with(R"({"a": {"dtype": "F32", "data_offsets": [0, 16]}})", "tensor 'a': no shape array");
  fails_with(R"({"a": {"shape": [2, 2], "data_offsets": [0, 16]}})", "tensor 'a': no dtype string");
  fails_with(R"({"a": {"dtype": "F32", "shape": [2, 2]}})", "tensor 'a': data_offsets must be [begin, end]");
  fails_with(R"({"a": {"dtype": "F32", "shape": [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1], "data_offsets": [0, 4]}})",
             "more than 16 dimensions");
  fails_with(R"({"a": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 8, 16]}})",
             "data_offsets must be [begin, end]");
  fails_with(R"({"__metadata__": {"k": 1}})", "a number where __metadata__'s value for 'k' (a string) belongs");
  fails_with(R"({"__metadata__": {"k": "a", "k": "b"}})", "__metadata__: the key 'k' appears twice");
  fails_with(R"({"a": {"dtype": "F32", "shape": [[2], 2], "data_offsets": [0, 16]}})", "more than 3 levels deep");
  // 40 MB of brackets: refused by the scan at the fourth, without building anything
  fails_with("{\"a\": " + std::string(40u << 20, '['), "more than 3 levels deep (at byte 8)");
  fails_with(std::string(40u << 20, '['), "the header must be a JSON object");
  fails_with(R"({"a": )" + entry, "not valid JSON: parse error");  // without the parser's own code
  fails_with(R"({"a": )" + entry + "}" + std::string(4, '\0'), "a NUL byte in the header at byte");
  fails_with("\xEF\xBB\xBF{\"a\": " + entry + "}", "must be a JSON object, beginning with '{'");
  CHECK(header(R"({"a": )" + entry + "}    ").tensors().size() == 1);  // padded with spaces, as the format allows
}

TEST_CASE("an index's weight map: a name once, files as strings, nothing deep", "[json][safetensors]")
{
  CHECK(io::read_weight_map("i.json", R"({"metadata": {"total_size": 16}, "weight_map": {"a": "x.safetensors"}})")
            .size() == 1);
  CHECK_THROWS_WITH(io::read_weight_map("i.json", R"({"weight_map": {"a": "x", "a": "y"}})"),
                    Contains("i.json: weight_map names 'a' twice"));
  CHECK_THROWS_WITH(io::read_weight_map("i.json", R"({"weight_map": {"a": 1}})"),
                    Contains("i.json") && Contains("weight_map"));
  CHECK_THROWS_WITH(io::read_weight_map("i.json", R"({"weight_map": ["a"]})"),
                    Contains("\"weight_map\" must be an object"));
  CHECK_THROWS_WITH(io::read_weight_map("i.json", R"({"metadata": {}})"), Contains("needs a \"weight_map\" object"));
  CHECK_THROWS_WITH(io::read_weight_map("i.json", "{\"metadata\": " + std::string(4u << 20, '[')),
                    Contains("i.json: JSON nested more than 8 levels deep"));
}

TEST_CASE("GGUF metadata of the wrong type is a problem, never skipped", "[gguf]")
{
  const auto r = io::parse_hf_config(R"({"model_type": "llama", "hidden_size": 16, "intermediate_size": 40,
      "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "vocab_size": 50})",
                                     "tiny.json");
  const std::vector<test::gguf_tensor> tensors = test::gguf_tensors_of(r);
  const auto path = temp_path("metadata.gguf");
  auto problems = [&](const std::vector<test::gguf_kv>& kvs) {
    write_file(path, test::gguf_file_bytes(kvs, tensors));
    return io::check_model(r, io::checkpoint::open(path)).problems;
  };
  const test::gguf_kv arch{"general.architecture", std::string("llama")};
  CHECK(problems({arch, {"llama.block_count", std::uint32_t{2}}}).empty());
  auto p = problems({arch, {"llama.block_count", std::string("2")}});
  REQUIRE(p.size() == 1);
  CHECK_THAT(p[0], Contains("llama.block_count: a string, not an integer (the config says 2)"));
  p = problems({arch, {"llama.block_count", ~std::uint64_t{0}}});
  REQUIRE(p.size() == 1);
  CHECK_THAT(p[0], Contains("llama.block_count: larger than 2^63 - 1"));
  p = problems({{"general.architecture", std::uint32_t{1}}});
  REQUIRE(p.size() == 1);
  CHECK_THAT(p[0], Contains("general.architecture: an unsigned integer, not a string (expected \"llama\")"));
  // A tensor count beyond the infos the file holds: the empty name after the last is named
  std::string bytes = test::gguf_file_bytes({arch}, tensors);
  bytes[8] = static_cast<char>(tensors.size() + 1);
  write_file(path, bytes);
  CHECK_THROWS_WITH(io::checkpoint::open(path),
                    Contains("tensor info " + std::to_string(tensors.size() + 1) + " of the " +
                             std::to_string(tensors.size() + 1) + " the header claims") &&
                        Contains("has an empty name"));
  // A .gguf file too short for its magic is refused as GGUF
  write_file(path, "GGU");
  CHECK_THROWS_WITH(io::checkpoint::open(path), Contains("metadata.gguf: truncated: the magic"));
  std::remove(path.c_str());
}

TEST_CASE("an .npy of dtype '=f4' is in the byte order of the machine reading it", "[npy]")
{
  // NumPy's '=' is native byte order: the file holds the floats as this machine stores them
  const std::vector<float> v{1, 2, 3};
  const bool big = std::endian::native == std::endian::big;
  CHECK(io::parse_npy_f32("x.npy", test::npy_file_bytes(header_of("(3,)", "'=f4'"), f32_bytes(v, big))).values == v);
}

TEST_CASE("an .npy shape is written as a Python tuple: one extent takes a trailing comma", "[npy]")
{
  // To Python, (3) is the integer 3 and (3,) the tuple; NumPy's header needs a tuple, () for a scalar
  CHECK(io::npy_shape_text({3}) == "(3,)");
  CHECK(io::npy_shape_text({}) == "()");
  CHECK(io::npy_shape_text({2, 3}) == "(2, 3)");
  const auto path = temp_path("vector.npy");
  const std::vector<float> v{1, 2, 3};
  io::write_npy_f32(path, {3}, v.data());
  std::ifstream in(path, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  CHECK_THAT(bytes, Contains("'shape': (3,), }"));
  std::remove(path.c_str());
}

TEST_CASE("a safetensors F8_E4M3 or F8_E5M2 element is one byte", "[safetensors]")
{
  // The safetensors format's 8-bit floats (FP8 checkpoints' weights): four of them fill four bytes
  for (const char* dtype : {"F8_E4M3", "F8_E5M2"}) {
    CAPTURE(dtype);
    const auto f = io::safetensors_file::parse(
        "h.safetensors", std::string(R"({"w": {"dtype": ")") + dtype + R"(", "shape": [4], "data_offsets": [0, 4]}})",
        4);
    CHECK(f.find("w")->end - f.find("w")->begin == 4);
  }
}

TEST_CASE("a safetensors extent beyond 2^63 - 1 is refused, whatever the other extents", "[safetensors]")
{
  // 2^64 - 1 twice: 2^128 elements, which no 4 bytes hold (read as signed 64-bit integers, each
  // would be -1, and their product 1)
  const std::string json = R"({"w": {"dtype": "F32", "shape": [18446744073709551615, 18446744073709551615],
                                     "data_offsets": [0, 4]}})";
  CHECK_THROWS_WITH(io::safetensors_file::parse("h.safetensors", json, 4), Contains("overflows 64 bits"));
}

TEST_CASE("an index may not name a shard by a path, even an absolute one in its own folder", "[safetensors]")
{
  const auto shard = std::filesystem::absolute(temp_path("abs-shard.safetensors")).string();
  io::save_safetensors(shard, {io::f32_tensor{"w", {2}, {1.0f, 2.0f}}});
  const auto index = temp_path("abs.safetensors.index.json");
  write_file(index, R"({"weight_map": {"w": ")" + shard + R"("}})");
  CHECK_THROWS_WITH(io::checkpoint::open(index), Contains("weight_map names a file outside the index's folder"));
  std::remove(index.c_str());
  std::remove(shard.c_str());
}

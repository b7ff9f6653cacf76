// SPDX-License-Identifier: MIT
// GGUF's quantized blocks: each type dequantized from blocks worked out by hand (the expected
// weights are written as numbers, not computed), the edge cases of each scale format among them;
// quantization's error bounded; a GGUF file's tensors read, dequantized, as f32; the sizes every
// GGUF type takes, against ggml's block table.
#include "gguf_writer.hpp"

#include <shapeproof/cost/dtype.hpp>
#include <shapeproof/io/ggml_quant.hpp>
#include <shapeproof/io/gguf.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

using namespace shapeproof;
using Catch::Matchers::Contains;

namespace {

using bytes = std::vector<unsigned char>;

std::vector<float> dequantized(const io::quant_format& f, const bytes& b)
{
  std::vector<float> y(
      static_cast<std::size_t>(b.size() / static_cast<std::size_t>(f.block_bytes) * static_cast<std::size_t>(f.block)));
  io::dequantize(f, b, y);
  return y;
}

void put16(bytes& b, std::size_t at, std::uint16_t v)
{
  b[at] = static_cast<unsigned char>(v & 0xFF);
  b[at + 1] = static_cast<unsigned char>(v >> 8);
}

std::string temp_path(const std::string& name)
{
  return std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/shapeproof-quant-" + name;
}

}  // namespace

TEST_CASE("Q8_0: d·q for 32 int8, with a negative and a subnormal f16 scale", "[formats][quant]")
{
  bytes b(34, 0);
  SECTION("d = 0.5: the int8 extremes")
  {
    put16(b, 0, 0x3800);
    b[2] = 1, b[3] = 0xFF, b[4] = 127, b[5] = 0x80, b[33] = 10;
    const auto y = dequantized(io::q8_0_format, b);
    CHECK(y[0] == 0.5f);
    CHECK(y[1] == -0.5f);
    CHECK(y[2] == 63.5f);
    CHECK(y[3] == -64.0f);
    CHECK(y[4] == 0.0f);
    CHECK(y[31] == 5.0f);
  }
  SECTION("d = -0.5 flips every sign")
  {
    put16(b, 0, 0xB800);
    b[2] = 4;
    CHECK(dequantized(io::q8_0_format, b)[0] == -2.0f);
  }
  SECTION("d the smallest subnormal f16, 2^-24")
  {
    put16(b, 0, 0x0001);
    b[2] = 2;
    CHECK(dequantized(io::q8_0_format, b)[0] == std::ldexp(1.0f, -23));
  }
}

TEST_CASE("Q4_0: low nibbles are weights 0-15, high nibbles 16-31, both offset by 8", "[formats][quant]")
{
  bytes b(18, 0);       // every nibble 0: -8·d
  put16(b, 0, 0x4000);  // d = 2
  b[2] = 0x0F, b[3] = 0x88, b[17] = 0x31;
  const auto y = dequantized(io::q4_0_format, b);
  CHECK(y[0] == 14.0f);
  CHECK(y[16] == -16.0f);
  CHECK(y[1] == 0.0f);
  CHECK(y[17] == 0.0f);
  CHECK(y[15] == -14.0f);
  CHECK(y[31] == -10.0f);
  CHECK(y[2] == -16.0f);
  CHECK(y[18] == -16.0f);
}

TEST_CASE("Q4_0 quantizes with ggml's negative scale: the largest magnitude is level 0, exact", "[formats][quant]")
{
  // ggml's quantize_row_q4_0_ref: d = max / -8 for max the value of largest magnitude, which so
  // becomes (0 - 8)·d = max exactly; a positive d could reach only 7·d of it
  std::vector<float> x(32, 0.0f);
  x[3] = 2.0f;
  x[20] = -1.0f;
  const auto q = io::quantize(io::q4_0_format, x);
  CHECK((q[0] | q[1] << 8) == 0xB400);  // d = 2 / -8 = -0.25 in f16
  CHECK((q[2 + 3] & 0xF) == 0);         // x[3]: level 0
  const auto y = dequantized(io::q4_0_format, q);
  CHECK(y[3] == 2.0f);
  CHECK(y[20] == -1.0f);  // level 12: (12 - 8)·-0.25
  CHECK(y[0] == 0.0f);    // level 8
  // Two values of the largest magnitude: the first is max (ggml compares strictly), so -2 is
  // -2 / -0.25 + 8.5 = 16.5, truncated to 16 and clamped to level 15
  x[20] = -2.0f;
  const auto tie = io::quantize(io::q4_0_format, x);
  CHECK((tie[0] | tie[1] << 8) == 0xB400);
  const auto y_tie = dequantized(io::q4_0_format, tie);
  CHECK(y_tie[3] == 2.0f);
  CHECK(y_tie[20] == -1.75f);  // (15 - 8)·-0.25
}

TEST_CASE("Q4_K: eight groups, 6-bit scales and minima packed in 12 bytes", "[formats][quant]")
{
  bytes b(144, 0x73);   // every value's low nibble 3, high nibble 7
  put16(b, 0, 0x3C00);  // d = 1
  put16(b, 2, 0x3800);  // dmin = 0.5
  const unsigned char scales[12] = {0xC1, 0x02, 0x03, 0x04, 0x45, 0x06, 0x07, 0x08, 0x9A, 0xBC, 0xDE, 0xF0};
  std::copy(scales, scales + 12, b.begin() + 4);
  b[16] = 0xF0;   // the first byte of values: 0 for group 0, 15 for group 1
  b[143] = 0x0F;  // the last: 15 for group 6, 0 for group 7
  const auto y = dequantized(io::q4_k_format, b);
  // Groups 0-3 take their scale and minimum from the low 6 bits of bytes g and g + 4:
  // (1, 5), (2, 6), (3, 7), (4, 8)
  CHECK(y[1] == 0.5f);     // 1·3 − 0.5·5
  CHECK(y[0] == -2.5f);    // 1·0 − 2.5
  CHECK(y[33] == 11.0f);   // 2·7 − 0.5·6
  CHECK(y[32] == 27.0f);   // 2·15 − 3
  CHECK(y[64] == 5.5f);    // 3·3 − 3.5
  CHECK(y[127] == 24.0f);  // 4·7 − 4
  // Groups 4-7: low 4 bits from byte g + 4's nibbles, top 2 bits from the top of bytes g − 4 and g:
  // group 4 is (0xA | 3 << 4, 0x9 | 1 << 4) = (58, 25); 5 is (12, 11); 6 is (14, 13); 7 is (0, 15)
  CHECK(y[128] == 161.5f);  // 58·3 − 12.5
  CHECK(y[191] == 78.5f);   // 12·7 − 5.5
  CHECK(y[192] == 35.5f);   // 14·3 − 6.5
  CHECK(y[223] == 203.5f);  // 14·15 − 6.5
  CHECK(y[224] == -7.5f);   // 0·7 − 7.5: a zero scale leaves the minimum
  CHECK(y[255] == -7.5f);
}

TEST_CASE("Q6_K: 6-bit values from ql and qh, sixteen signed int8 scales", "[formats][quant]")
{
  bytes b(210, 0);        // every value 0 − 32
  put16(b, 208, 0x3400);  // d = 0.25
  for (int g = 0; g < 16; ++g) b[192 + static_cast<std::size_t>(g)] = static_cast<unsigned char>(g - 8);  // -8 .. 7
  b[0] = 0x5A, b[32] = 0xF0, b[128] = 0xE4;  // ql[0], ql[32], qh[0] (top bits 0, 1, 2, 3)
  b[16] = 0x0F, b[128 + 16] = 0x03;          // ql[16], qh[16]: weight 16, of the second group
  b[64 + 63] = 0x90, b[128 + 63] = 0x40;     // ql[127], qh[63]: the last weight
  const auto y = dequantized(io::q6_k_format, b);
  CHECK(y[0] == 44.0f);      // 0.25·(−8)·(0xA − 32)
  CHECK(y[32] == 24.0f);     // 0.25·(−6)·(0x0 | 1 << 4 − 32)
  CHECK(y[64] == -5.0f);     // 0.25·(−4)·(0x5 | 2 << 4 − 32)
  CHECK(y[96] == -15.5f);    // 0.25·(−2)·(0xF | 3 << 4 − 32): the largest value, 31
  CHECK(y[16] == -54.25f);   // 0.25·(−7)·31
  CHECK(y[1] == 64.0f);      // 0.25·(−8)·(−32): the smallest value
  CHECK(y[128] == 0.0f);     // scale 0
  CHECK(y[255] == -12.25f);  // 0.25·7·(9 | 1 << 4 − 32)
  CHECK(y[254] == -56.0f);   // 0.25·7·(−32)
}

TEST_CASE("bytes that are not whole blocks are refused, never read past", "[formats][quant]")
{
  std::vector<float> y(32);
  const bytes short_block(33, 0);
  CHECK_THROWS_WITH(io::dequantize(io::q8_0_format, short_block, y), Contains("take 34 bytes, not 33"));
  std::vector<float> partial(48);
  const bytes two(68, 0);
  CHECK_THROWS_WITH(io::dequantize(io::q8_0_format, two, partial), Contains("not whole Q8_0 blocks of 32"));
  CHECK_THROWS_WITH(io::quantize(io::q8_0_format, partial), Contains("48 values are not whole Q8_0 blocks of 32"));
  CHECK_THROWS_WITH(io::quantize(io::q4_k_format, y), Contains("32 values are not whole Q4_K blocks of 256"));
  const io::quant_format q5_k{"Q5_K", 256, 176};
  std::vector<float> k(256);
  CHECK_THROWS_WITH(io::dequantize(q5_k, bytes(176, 0), k), Contains("Q5_K: not a quantized type shapeproof reads"));
}

TEST_CASE("quantizing and dequantizing stays within each type's step", "[formats][quant][property]")
{
  std::mt19937 gen(Catch::rngSeed());
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> x(1024);
  for (auto& v : x) v = dist(gen) * (dist(gen) > 0 ? 1.0f : 0.01f);  // blocks of very different ranges
  x[5] = 0, x[300] = -3.0f;
  for (const auto* f : {&io::q8_0_format, &io::q4_0_format, &io::q4_k_format, &io::q6_k_format}) {
    CAPTURE(f->name);
    const auto q = io::quantize(*f, x);
    CHECK(q.size() == x.size() / static_cast<std::size_t>(f->block) * static_cast<std::size_t>(f->block_bytes));
    const auto y = dequantized(*f, q);
    for (std::size_t b0 = 0; b0 < x.size(); b0 += static_cast<std::size_t>(f->block)) {
      float amax = 0, lo = 0, hi = 0;
      for (std::size_t i = b0; i < b0 + static_cast<std::size_t>(f->block); ++i)
        amax = std::max(amax, std::fabs(x[i])), lo = std::min(lo, x[i]), hi = std::max(hi, x[i]);
      // One step of the block's grid: amax/127 (Q8_0, half a step of rounding), amax/8 (Q4_0, whose
      // far end is clamped to 7 of 8), the widest group's range/15 (Q4_K), amax/31 (Q6_K)
      const float step = f->name == "Q8_0"   ? 0.5f * amax / 127
                         : f->name == "Q4_0" ? amax / 8
                         : f->name == "Q4_K" ? (hi - lo) / 15
                                             : amax / 31;
      for (std::size_t i = b0; i < b0 + static_cast<std::size_t>(f->block); ++i) {
        CAPTURE(i, x[i], y[i], step);
        CHECK(std::fabs(x[i] - y[i]) <= step * 1.01f + 1e-7f);
      }
    }
  }
}

TEST_CASE("a GGUF file's tensors read as f32: converted or dequantized, refused by type", "[formats][quant]")
{
  bytes q8(68, 0);
  put16(q8, 0, 0x3800);  // block 0: d = 0.5
  q8[2] = 6;
  put16(q8, 34, 0xBC00);  // block 1: d = -1
  q8[34 + 2 + 31] = 0x80;
  const std::string half = {0x00, 0x3C, 0x00, static_cast<char>(0xC0), 0x00, 0x38};  // 1, -2, 0.5
  const std::string file = test::gguf_file_bytes(
      {}, {{"w", {2, 32}, 8, std::string(q8.begin(), q8.end())}, {"h", {3}, 1, half}, {"k", {1, 256}, 13}});
  const auto path = temp_path("read.gguf");
  std::ofstream(path, std::ios::binary) << file;
  const auto f = io::gguf_file::open(path);
  const auto w = f.read_f32(*f.find("w"));
  REQUIRE(w.size() == 64);
  CHECK(w[0] == 3.0f);
  CHECK(w[1] == 0.0f);
  CHECK(w[63] == 128.0f);  // −1·(−128)
  CHECK(f.read_f32(*f.find("h")) == std::vector<float>{1.0f, -2.0f, 0.5f});
  CHECK_THROWS_WITH(f.read_f32(*f.find("k")), Contains("k is stored as Q5_K") && Contains("Q4_K and Q6_K"));
  // The same bytes from memory
  CHECK(io::gguf_file::from_bytes("mem", file).read_f32(*f.find("w")) == w);
  SECTION("a file cut short after its header was read: an error, never a short tensor")
  {
    std::filesystem::resize_file(path, file.size() - 300);
    CHECK_THROWS_WITH(f.read_f32(*f.find("w")), Contains("past the end of the file") && Contains("cut short"));
  }
  std::filesystem::remove(path);
}

TEST_CASE("write_gguf quantizes matrices and keeps vectors in F32, as llama.cpp does", "[formats][quant]")
{
  const auto path = temp_path("write.gguf");
  const std::vector<io::tensor_to_write> tensors{{"w", {4, 256}}, {"norm", {256}}, {"odd", {2, 48}}};
  std::vector<std::vector<float>> written;
  io::write_gguf(path, {}, tensors, "Q4_K", [&](std::size_t i, std::vector<float>& v) {
    for (std::int64_t k = 0, n = i == 0 ? 1024 : i == 1 ? 256 : 96; k < n; ++k)
      v.push_back(std::sin(static_cast<float>(k + 1) * 0.37f) * (i == 1 ? 1.0f : 0.5f));
    written.push_back(v);
  });
  const auto f = io::gguf_file::open(path);
  CHECK(f.find("w")->dtype == "Q4_K");
  CHECK(f.find("w")->end - f.find("w")->begin == 4 * 144);
  CHECK(f.find("norm")->dtype == "F32");
  CHECK(f.find("odd")->dtype == "F32");  // rows of 48: not whole blocks of 256
  CHECK(f.read_f32(*f.find("norm")) == written[1]);
  CHECK(f.read_f32(*f.find("odd")) == written[2]);
  const auto w = f.read_f32(*f.find("w"));
  for (std::size_t i = 0; i < w.size(); ++i) CHECK(std::fabs(w[i] - written[0][i]) <= 1.0f / 15 * 1.01f);
  std::filesystem::remove(path);
}

TEST_CASE("every GGUF type's bits per weight, and ggml's block table agrees", "[formats][quant]")
{
  CHECK(find_dtype("q8_0")->bits_per_weight() == 8.5);
  CHECK(find_dtype("q4_0")->bits_per_weight() == 4.5);
  CHECK(find_dtype("q4_k")->bits_per_weight() == 4.5);
  CHECK(find_dtype("q6_k")->bits_per_weight() == 6.5625);
  CHECK(find_dtype("q2_k")->bits_per_weight() == 2.625);
  CHECK(find_dtype("iq1_s")->bits_per_weight() == 1.5625);
  CHECK(find_dtype("Q4_K") == nullptr);  // dtypes are named in lower case; GGUF's type names are not dtypes
  // Each of shapeproof's GGUF dtypes is a ggml type of the same block, and each ggml type that
  // stores weights in blocks is one of them (Q8_1 and Q8_K hold activations, never weights)
  int found = 0;
  for (std::uint32_t t = 0; t < 64; ++t) {
    const auto g = io::ggml_type(t);
    if (g.block <= 1 || g.name == "Q8_1" || g.name == "Q8_K") continue;
    std::string lower(g.name);
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    CAPTURE(g.name);
    const auto* d = find_dtype(lower);
    REQUIRE(d != nullptr);
    CHECK(d->block == g.block);
    CHECK(d->bits == 8 * g.block_bytes);
    ++found;
  }
  CHECK(found == static_cast<int>(std::count_if(all_dtypes.begin(), all_dtypes.end(),
                                                [](const dtype_info& d) { return d.block > 1; })));
  // And the quantized formats' sizes are the same as the table's
  for (const auto* q : {&io::q8_0_format, &io::q4_0_format, &io::q4_k_format, &io::q6_k_format}) {
    const auto g = io::ggml_type(io::ggml_type_number(q->name));
    CHECK(g.block == q->block);
    CHECK(g.block_bytes == q->block_bytes);
  }
}

TEST_CASE("a block of a GGUF tensor may end at its last column, not one past it", "[formats][quant][gguf]")
{
  // [2, 4] in F16: 1 to 8, row by row
  const std::string half = {0x00, 0x3C, 0x00, 0x40, 0x00, 0x42, 0x00, 0x44,
                            0x00, 0x45, 0x00, 0x46, 0x00, 0x47, 0x00, 0x48};
  const auto f = io::gguf_file::from_bytes("b.gguf", test::gguf_file_bytes({}, {{"w", {2, 4}, 1, half}}));
  const auto& w = *f.find("w");
  CHECK(f.read_f32_block(w, 0, 2, 3, 4) == std::vector<float>{4.0f, 8.0f});
  CHECK_THROWS_WITH(f.read_f32_block(w, 0, 1, 1, 5), Contains("w: no block [0:1, 1:5] in a tensor of shape [2, 4]"));
}

// SPDX-License-Identifier: MIT
#pragma once
/**
 * @file
 * @brief A small checkpoint for a config, with made-up weights: every tensor the config implies,
 * as a `.safetensors` file and (for the families whose llama.cpp names shapeproof maps) a `.gguf`
 * file, with an input `.npy` of the model's width. For trying `check` and `run`, and for testing a
 * pipeline, without downloading a model.
 *
 * The values are seeded by the tensor's name: the same config, seed and name give the same values
 * in every run and on every machine. Matrices are uniform in ±1/√in (the scale of a trained
 * layer's initialisation), norm weights near 1, biases near 0. The two files hold the same shapes
 * under each format's names; their values differ, because the names do.
 */

#include <shapeproof/detail/splitmix.hpp>
#include <shapeproof/io/file.hpp>
#include <shapeproof/io/gguf.hpp>
#include <shapeproof/io/hf_config.hpp>
#include <shapeproof/io/model_tensors.hpp>
#include <shapeproof/io/npy.hpp>
#include <shapeproof/io/safetensors.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace shapeproof::io {

/// A synthetic checkpoint that cannot be written as asked.
class synthetic_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// What `write_synthetic_checkpoint` writes.
struct synthetic_options {
  std::uint64_t seed = 1;
  std::string dtype = "F32";  ///< of both files: F32, BF16 or F16
  std::int64_t tokens = 4;    ///< rows of the input x.npy
  /// Tensors to write transposed (their last two extents swapped): a broken checkpoint, on purpose.
  /// Names as in either file (`model.layers.0.mlp.down_proj.weight`, `blk.0.ffn_down.weight`).
  std::vector<std::string> transpose;
  bool overwrite = false;  ///< replace files already there (otherwise they are refused)
};

/// The most parameters a synthetic checkpoint holds: 4 GiB in F32.
inline constexpr std::int64_t synthetic_max_params = std::int64_t{1} << 30;

/// `count` values for the tensor `name` of `shape`, seeded by `seed` and the name.
inline void synthetic_values(const std::string& name, const std::vector<std::int64_t>& shape, std::uint64_t seed,
                             std::vector<float>& out)
{
  std::int64_t count = 1;
  for (const auto e : shape) count *= e;
  const bool matrix = shape.size() >= 2;
  // A norm's weight: "norm" in any case (attn_norm, layer_norm, BERT's LayerNorm), or GPT-2's ln_1,
  // ln_2 and ln_f
  std::string lower = name;
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const bool norm_name =
      lower.find("norm") != std::string::npos || lower.starts_with("ln_") || lower.find(".ln_") != std::string::npos;
  const bool norm = !matrix && norm_name && !name.ends_with(".bias");
  const float scale = matrix ? 1.0f / std::sqrt(static_cast<float>(shape.back())) : 0.1f;
  out.resize(static_cast<std::size_t>(count));
  // A matrix's values are those of `runtime::make_linear` for the same name and seed
  const std::uint64_t stream = shapeproof::detail::stream_of(name);
  std::uint64_t i = 0;
  for (auto& v : out) v = (norm ? 1.0f : 0.0f) + scale * shapeproof::detail::uniform(seed, stream, i++, 1.0f);
}

namespace detail {

/// The tensors of a list, without the optional ones, named with `prefix`.
inline std::vector<tensor_to_write> tensors_to_write(const std::vector<expected_tensor>& list,
                                                     const std::string& prefix)
{
  std::vector<tensor_to_write> out;
  for (const auto& e : list) {
    if (e.optional) continue;
    tensor_to_write t{e.top_level ? e.name : prefix + e.name, {}};
    for (const auto& d : e.shape) t.shape.push_back(d.extent);
    out.push_back(std::move(t));
  }
  return out;
}

/// Fills tensor `i` of `list`. One written transposed has its last two extents swapped in `list`,
/// and holds the values of the right tensor in the transposed layout.
inline void fill_synthetic(const std::vector<tensor_to_write>& list, const std::vector<std::string>& transpose,
                           std::uint64_t seed, std::size_t i, std::vector<float>& out)
{
  const auto& t = list[i];
  if (std::find(transpose.begin(), transpose.end(), t.name) == transpose.end())
    return synthetic_values(t.name, t.shape, seed, out);
  std::vector<std::int64_t> right_shape = t.shape;
  std::swap(right_shape[right_shape.size() - 2], right_shape.back());
  std::vector<float> right;
  synthetic_values(t.name, right_shape, seed, right);
  const auto rows = static_cast<std::size_t>(right_shape[right_shape.size() - 2]);
  const auto cols = static_cast<std::size_t>(right_shape.back());
  out.resize(right.size());
  for (std::size_t base = 0; base < right.size(); base += rows * cols)
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t c = 0; c < cols; ++c) out[base + c * rows + r] = right[base + r * cols + c];
}

/// Writes `path` through a temporary file beside it, renamed into place when whole.
template<class Write>
void write_whole(const std::filesystem::path& path, Write&& write)
{
  std::string name = path.filename().string();
  name.insert(0, 1, '.');
  name.append(".shapeproof.tmp");
  const auto tmp = path.parent_path() / name;
  try {
    write(tmp.string());
    std::filesystem::rename(tmp, path);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw;
  }
}

}  // namespace detail

/// The key-values a synthetic GGUF file holds: llama.cpp's architecture and the counts `check`
/// compares with the config.
inline std::vector<gguf_kv_to_write> synthetic_gguf_metadata(const read_config& r)
{
  const std::string arch = gguf_architecture(r.family);
  const auto& c = r.config;
  auto u = [](extent_t v) { return static_cast<std::uint64_t>(v); };
  std::vector<gguf_kv_to_write> kvs{{"general.architecture", arch},
                                    {"general.name", r.name + " (synthetic weights, shapeproof)"},
                                    {arch + ".block_count", u(c.layers)},
                                    {arch + ".embedding_length", u(c.d_model)},
                                    {arch + ".feed_forward_length", u(c.ffn.d_ff)},
                                    {arch + ".attention.head_count", u(c.attention.heads)},
                                    {arch + ".attention.head_count_kv", u(c.attention.kv_heads)},
                                    {arch + ".vocab_size", u(c.vocab)}};
  if (c.ffn.experts > 0) {
    kvs.push_back({arch + ".expert_count", u(c.ffn.experts)});
    kvs.push_back({arch + ".expert_used_count", u(c.ffn.top_k)});
  }
  return kvs;
}

/// What `write_synthetic_checkpoint` wrote.
struct synthetic_checkpoint {
  std::vector<std::string> files;  ///< in the order written
  std::int64_t params = 0;         ///< in the safetensors file
  std::size_t tensors = 0;         ///< in the safetensors file
  std::string gguf_skipped;        ///< why no GGUF file was written, or empty
};

/**
 * @brief Writes, into `dir`: `config.json` (the config, copied), `model.safetensors`, `model.gguf`
 * (when llama.cpp's names for the family are mapped) and `x.npy` (`[tokens, d_model]`).
 *
 * Refuses, before writing anything: a model of more than `synthetic_max_params` parameters; a
 * name to transpose that neither file holds, or a tensor with one dimension; files already there,
 * unless `overwrite`. Each file is written whole or not at all.
 */
inline synthetic_checkpoint write_synthetic_checkpoint(const std::string& config_path, const std::string& dir,
                                                       const synthetic_options& o)
{
  namespace fs = std::filesystem;
  const std::string config_text = read_text_file<config_read_error>(config_path, "a config.json", max_config_bytes);
  const read_config r = parse_hf_config(config_text, config_path);
  if (o.tokens < 1 || o.tokens > (std::int64_t{1} << 28) / r.config.d_model)
    throw synthetic_error("--tokens " + std::to_string(o.tokens) + ": the input x.npy holds 1 to " +
                          std::to_string((std::int64_t{1} << 28) / r.config.d_model) + " tokens of d_model " +
                          std::to_string(r.config.d_model));
  const std::string dtype = o.dtype;
  writable_dtype_size<synthetic_error>("the synthetic checkpoint", dtype);

  auto st = detail::tensors_to_write(expected_tensors(r), checkpoint_prefixes(r.family).front());
  auto gg = detail::tensors_to_write(expected_gguf_tensors(r), "");
  synthetic_checkpoint out;
  long double params = 0;
  for (const auto& t : st) {
    long double n = 1;
    for (const auto e : t.shape) n *= static_cast<long double>(e);
    params += n;
  }
  if (params > static_cast<long double>(synthetic_max_params))
    throw synthetic_error(
        config_path + ": " + r.name + " has " + std::to_string(static_cast<double>(params)) +
        " parameters; a synthetic checkpoint holds at most " + std::to_string(synthetic_max_params) +
        " (4 GiB in F32). Write a smaller config: fewer layers, narrower widths, a smaller vocabulary");
  out.params = static_cast<std::int64_t>(params);
  out.tensors = st.size();
  for (auto it = o.transpose.begin(); it != o.transpose.end(); ++it) {
    const std::string& name = *it;
    if (std::find(o.transpose.begin(), it, name) != it) throw synthetic_error("--transpose " + name + ": given twice");
    tensor_to_write* found = nullptr;
    for (auto* list : {&st, &gg})
      for (auto& t : *list)
        if (t.name == name) found = &t;
    if (!found)
      throw synthetic_error("--transpose " + name + ": the config implies no tensor of that name (names as in " +
                            "model.safetensors, e.g. " + st.front().name + (gg.empty() ? "" : ", or model.gguf") + ")");
    if (found->shape.size() < 2)
      throw synthetic_error("--transpose " + name + ": a tensor of one dimension has no transpose");
    if (found->shape[found->shape.size() - 2] == found->shape.back())
      throw synthetic_error("--transpose " + name + ": the tensor is square (" + std::to_string(found->shape.back()) +
                            " by " + std::to_string(found->shape.back()) +
                            "), so its transpose has the same shape and no check could see it");
    std::swap(found->shape[found->shape.size() - 2], found->shape.back());
  }

  const fs::path d(dir);
  if (fs::exists(d) && !fs::is_directory(d)) throw synthetic_error(dir + ": not a directory");
  const fs::path config_out = d / "config.json", st_out = d / "model.safetensors", gg_out = d / "model.gguf",
                 x_out = d / "x.npy";
  const bool same_config = fs::exists(config_out) && fs::equivalent(config_out, fs::path(config_path));
  if (!o.overwrite)
    for (const auto& p : {config_out, st_out, gg_out, x_out})
      if (fs::exists(fs::symlink_status(p)) && !(p == config_out && same_config))
        throw synthetic_error(p.string() + ": already there; pass --force to replace it");
  fs::create_directories(d);

  if (!same_config) {
    detail::write_whole(config_out, [&](const std::string& p) {
      std::ofstream f(p, std::ios::binary);
      f << config_text;
      if (!f.flush()) throw synthetic_error(p + ": cannot write");
    });
    out.files.push_back(config_out.string());
  }
  detail::write_whole(st_out, [&](const std::string& p) {
    write_safetensors(p, st, dtype, [&](std::size_t i, std::vector<float>& v) {
      detail::fill_synthetic(st, o.transpose, o.seed, i, v);
    });
  });
  out.files.push_back(st_out.string());
  if (gg.empty())
    out.gguf_skipped = "llama.cpp's tensor names for " + r.family + " are not among those shapeproof maps";
  else {
    detail::write_whole(gg_out, [&](const std::string& p) {
      write_gguf(p, synthetic_gguf_metadata(r), gg, dtype == "F32" ? "F32" : dtype,
                 [&](std::size_t i, std::vector<float>& v) { detail::fill_synthetic(gg, o.transpose, o.seed, i, v); });
    });
    out.files.push_back(gg_out.string());
  }
  detail::write_whole(x_out, [&](const std::string& p) {
    std::vector<float> x;
    const std::vector<std::int64_t> shape{o.tokens, r.config.d_model};
    synthetic_values("x", {o.tokens, r.config.d_model, 1}, o.seed, x);  // a matrix's scale of 1: uniform in ±1
    write_npy_f32(p, {static_cast<std::uint64_t>(shape[0]), static_cast<std::uint64_t>(shape[1])}, x.data());
  });
  out.files.push_back(x_out.string());
  return out;
}

}  // namespace shapeproof::io

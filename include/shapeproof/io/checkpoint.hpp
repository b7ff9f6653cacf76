// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief Checking every tensor of a checkpoint against the shapes a model's config implies, from
 * the headers alone: one `.safetensors` file, the shards of a `.safetensors.index.json` (each
 * shard's header read once), or a `.gguf` file.
 *
 * Every tensor the config implies (`expected_tensors`, `expected_gguf_tensors`) is looked up
 * under the family's names. The report lists each missing tensor, each tensor of the wrong shape
 * (naming it, its expected shape in named dimensions, what it holds, and the rule its shape
 * follows), each tensor the config does not imply (buffers such as `rotary_emb.inv_freq` aside),
 * and each weight of an integer dtype in a checkpoint that is not quantized; it gives the dtypes
 * held and the checkpoint's own parameter count beside the config's.
 */

#include <nlohmann/json.hpp>

#include <shapeproof/core/dyn_shape.hpp>
#include <shapeproof/io/file.hpp>
#include <shapeproof/io/gguf.hpp>
#include <shapeproof/io/hf_config.hpp>
#include <shapeproof/io/json.hpp>
#include <shapeproof/io/model_tensors.hpp>
#include <shapeproof/io/safetensors.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace shapeproof::io {

/// Whether a tensor's header shape has exactly `expected`'s extents.
inline bool has_shape(const tensor_info& t, const dyn_shape& expected)
{
  if (t.shape.size() != expected.size()) return false;
  for (std::size_t i = 0; i < expected.size(); ++i)
    if (t.shape[i] != expected[i].extent) return false;
  return true;
}

/// The largest `.safetensors.index.json` shapeproof reads (the largest real ones are a few MB).
inline constexpr std::uint64_t max_index_bytes = 64ull << 20;

namespace detail {

// An index's JSON events, read against its schema: `{"weight_map": {name: file}, ...}`, other
// top-level values (its "metadata") skipped as they are scanned; a name given twice, or a file
// that is not a string, refused where it appears.
class index_reader final : public nlohmann::json_sax<nlohmann::json> {
public:
  explicit index_reader(const std::string& path) : path_(path) {}
  std::vector<std::pair<std::string, std::string>> weight_map;
  bool seen = false;

  bool start_object(std::size_t) override
  {
    open(true);
    return true;
  }
  bool start_array(std::size_t) override
  {
    open(false);
    return true;
  }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override
  {
    if (depth_ == 1) {
      in_map_ = k == "weight_map";
      if (in_map_ && seen) fail("the key \"weight_map\" appears twice");
    } else if (depth_ == 2 && in_map_) {
      if (!names_.insert(k).second) fail("weight_map names '" + k + "' twice; refusing to pick one file");
      name_ = k;
    }
    return true;
  }
  bool string(string_t& s) override
  {
    if (depth_ != 2 || !in_map_) return scalar();
    weight_map.emplace_back(name_, s);
    return true;
  }
  bool null() override { return scalar(); }
  bool boolean(bool) override { return scalar(); }
  bool number_integer(number_integer_t) override { return scalar(); }
  bool number_unsigned(number_unsigned_t) override { return scalar(); }
  bool number_float(number_float_t, const string_t&) override { return scalar(); }
  bool binary(binary_t&) override { return scalar(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override
  {
    throw safetensors_error(path_ + ": not valid JSON: " + json_error_text(e));
  }

private:
  [[noreturn]] void fail(const std::string& why) const { throw safetensors_error(path_ + ": " + why); }
  void open(bool object)
  {
    if (depth_ == 0 && !object) fail("a safetensors index must be a JSON object");
    if (depth_ == 1 && in_map_) {
      if (!object) fail("\"weight_map\" must be an object");
      seen = true;
    }
    if (depth_ == 2 && in_map_) fail("weight_map values must be file names");
    ++depth_;
  }
  bool close()
  {
    --depth_;
    if (depth_ == 1) in_map_ = false;
    return true;
  }
  bool scalar()
  {
    if (depth_ == 0) fail("a safetensors index must be a JSON object");
    if (depth_ == 1 && in_map_) fail("\"weight_map\" must be an object");
    if (depth_ == 2 && in_map_) fail("weight_map values must be file names");
    return true;
  }
  const std::string& path_;
  int depth_ = 0;
  bool in_map_ = false;
  std::string name_;
  std::set<std::string> names_;
};

}  // namespace detail

/// An index's weight map, in its order: each tensor's name and the file that holds it.
inline std::vector<std::pair<std::string, std::string>> read_weight_map(const std::string& path, std::string_view text)
{
  std::size_t at = 0;
  if (json_depth(text, 8, at) > 8)
    throw safetensors_error(path + ": JSON nested more than 8 levels deep (at byte " + std::to_string(at) +
                            "); refusing to read it as a safetensors index");
  detail::index_reader reader(path);
  nlohmann::json::sax_parse(text.begin(), text.end(), &reader);
  if (!reader.seen) throw safetensors_error(path + ": a safetensors index needs a \"weight_map\" object");
  return std::move(reader.weight_map);
}

/// The tensors of a checkpoint: one `.safetensors` file, the shards of a
/// `.safetensors.index.json`, or a `.gguf` file.
class checkpoint {
public:
  static checkpoint open(const std::string& path)
  {
    checkpoint ck;
    ck.path_ = path;
    regular_file_size<safetensors_error>(path, "a checkpoint (.safetensors, .safetensors.index.json or .gguf)");
    if (is_gguf(path)) {
      ck.gguf_ = std::make_shared<gguf_file>(gguf_file::open(path));
      for (const auto& t : ck.gguf_->tensors()) ck.by_name_[t.name] = &t;
      return ck;
    }
    if (path.size() >= 5 && path.substr(path.size() - 5) == ".json") {
      const auto weight_map =
          read_weight_map(path, read_text_file<safetensors_error>(path, "a .safetensors.index.json", max_index_bytes));
      const auto dir = std::filesystem::path(path).parent_path();
      std::map<std::string, std::size_t> shard_of_file;
      for (const auto& [name, file] : weight_map) {
        if (file.find('/') != std::string::npos || file.find("..") != std::string::npos)
          throw safetensors_error(path + ": weight_map names a file outside the index's folder: " + file);
        if (file.empty() || file == "." || file.find('\0') != std::string::npos)
          throw safetensors_error(path + ": weight_map gives '" + name + "' no file name it can open");
        if (!shard_of_file.count(file)) {
          shard_of_file[file] = ck.shards_.size();
          try {
            ck.shards_.push_back(safetensors_file::open((dir / file).string()));
          } catch (const safetensors_error& e) {
            throw safetensors_error(path + ": the shard it names for '" + name + "': " + e.what());
          }
        }
        const auto* info = ck.shards_[shard_of_file[file]].find(name);
        if (!info)
          throw safetensors_error(path + ": the index puts '" + name + "' in " + file + ", whose header lacks it");
      }
    } else {
      ck.shards_.push_back(safetensors_file::open(path));
    }
    for (const auto& s : ck.shards_)
      for (const auto& t : s.tensors()) ck.by_name_[t.name] = &t;
    return ck;
  }

  const tensor_info* find(const std::string& name) const
  {
    const auto it = by_name_.find(name);
    return it == by_name_.end() ? nullptr : it->second;
  }
  std::size_t tensor_count() const { return by_name_.size(); }
  /// Every tensor, by name.
  const std::map<std::string, const tensor_info*>& tensors() const { return by_name_; }
  /// The GGUF header, for a `.gguf` checkpoint.
  const gguf_file* gguf() const { return gguf_.get(); }
  std::size_t shard_count() const { return gguf_ ? 1 : shards_.size(); }
  /// The path it was opened from: a `.safetensors`, its shards' index, or a `.gguf`.
  const std::string& path() const { return path_; }

  /// The safetensors shard that holds `t` (one of this checkpoint's tensors).
  const safetensors_file& shard_of(const tensor_info& t) const
  {
    for (const auto& s : shards_)
      if (!s.tensors().empty() && &t >= s.tensors().data() && &t < s.tensors().data() + s.tensors().size()) return s;
    throw safetensors_error(path_ + ": '" + t.name + "' is not a safetensors tensor of this checkpoint");
  }
  /// Rows [r0, r1) and columns [c0, c1) of a 2-D tensor (a 1-D one is one row), in f32.
  std::vector<float> read_f32_block(const tensor_info& t, std::int64_t r0, std::int64_t r1, std::int64_t c0,
                                    std::int64_t c1) const
  {
    return shard_of(t).read_f32_block(t, r0, r1, c0, c1);
  }
  /// The same of a BF16 or F16 tensor, its 16 bits as stored.
  std::vector<std::uint16_t> read_u16_block(const tensor_info& t, std::int64_t r0, std::int64_t r1, std::int64_t c0,
                                            std::int64_t c1) const
  {
    return shard_of(t).read_u16_block(t, r0, r1, c0, c1);
  }

  checkpoint(checkpoint&&) = default;
  checkpoint& operator=(checkpoint&&) = default;

private:
  checkpoint() = default;
  std::string path_;
  std::vector<safetensors_file> shards_;
  std::shared_ptr<gguf_file> gguf_;
  std::map<std::string, const tensor_info*> by_name_;
};

/// What `check_model` found.
struct check_report {
  std::string format;                         ///< "safetensors" or "gguf"
  std::string prefix;                         ///< the prefix the checkpoint uses
  std::size_t checked = 0;                    ///< tensors the config implies, less the optional ones absent
  std::size_t checked_ffn = 0;                ///< of which FFN tensors
  std::vector<std::string> problems;          ///< one line each
  std::vector<std::string> notes;             ///< absent optional tensors, ignored buffers, metadata read
  std::map<std::string, std::size_t> dtypes;  ///< tensors per dtype
  std::int64_t checkpoint_params =
      0;  ///< weights of every tensor but buffers and quantization scales (MXFP4 blocks: two a byte)
  std::int64_t config_params = 0;    ///< the config's total (with MTP layers when the checkpoint has them)
  std::int64_t optional_params = 0;  ///< elements of optional tensors present (tied copies, MTP layers)
};

namespace detail {

/// Whether `t`'s shape is `expected`'s; for GGUF, as ggml compares them (missing outer extents are 1).
inline bool shape_matches(const tensor_info& t, const dyn_shape& expected, bool gguf)
{
  if (!gguf) return has_shape(t, expected);
  std::vector<std::int64_t> a(t.shape.rbegin(), t.shape.rend()), b;
  for (auto it = expected.rbegin(); it != expected.rend(); ++it) b.push_back(it->extent);
  a.resize(4, 1);
  b.resize(4, 1);
  return a == b;
}

inline std::int64_t elements(const tensor_info& t)
{
  std::int64_t n = 1;
  for (const auto e : t.shape) n = cost::checked_mul(n, e);
  return n;
}

inline bool is_integer_dtype(std::string_view dtype)
{
  return dtype == "BOOL" || dtype == "U8" || dtype == "I8" || dtype == "I16" || dtype == "U16" || dtype == "I32" ||
         dtype == "U32" || dtype == "I64" || dtype == "U64";
}

// GGUF key-values that state the config's widths: each compared with the config.
inline void check_gguf_metadata(const read_config& r, const gguf_file& g, const std::string& arch, check_report& report)
{
  const auto said = g.string("general.architecture");
  if (!said) {
    const std::string kind = g.kind("general.architecture");
    report.problems.push_back("general.architecture: " + (kind.empty() ? "missing" : kind + ", not a string") +
                              " (expected \"" + arch + "\")");
    return;
  }
  if (*said != arch) {
    report.problems.push_back("general.architecture: \"" + *said + "\", but the config is " + r.family +
                              " (llama.cpp's \"" + arch + "\")");
    return;
  }
  const auto& c = r.config;
  const std::pair<const char*, extent_t> keys[] = {{"block_count", c.layers},
                                                   {"embedding_length", c.d_model},
                                                   {"attention.head_count", c.attention.heads},
                                                   {"attention.head_count_kv", c.attention.kv_heads},
                                                   {"expert_count", c.ffn.experts},
                                                   {"expert_used_count", c.ffn.top_k},
                                                   {"vocab_size", c.vocab}};
  for (const auto& [key, value] : keys) {
    const std::string name = arch + "." + key;
    const auto v = g.integer(name);
    if (!v) {
      // absent is fine (the tensors are checked); another type, or beyond 2^63, is a header that lies
      const std::string kind = g.kind(name);
      if (!kind.empty())
        report.problems.push_back(name + ": " +
                                  (kind == "an unsigned integer" ? "larger than 2^63 - 1" : kind + ", not an integer") +
                                  " (the config says " + std::to_string(value) + ")");
      continue;
    }
    if (*v != value)
      report.problems.push_back(arch + "." + key + ": " + std::to_string(*v) + ", but the config says " +
                                std::to_string(value));
  }
}

}  // namespace detail

/// Checks every tensor the config implies against the checkpoint's headers.
inline check_report check_model(const read_config& r, const checkpoint& ck)
{
  check_report report;
  const bool gguf = ck.gguf() != nullptr;
  report.format = gguf ? "gguf" : "safetensors";
  std::vector<expected_tensor> expected;
  std::vector<std::string> prefixes{""};
  if (gguf) {
    const std::string arch = gguf_architecture(r.family);
    if (arch.empty())
      throw config_read_error(
          "GGUF names are mapped for llama, mistral, mixtral, qwen2, qwen2_moe, qwen3, qwen3_moe, "
          "gemma, gemma2, gemma3_text, phi3, olmo2, deepseek_v2, deepseek_v3, gpt_oss and gpt2; not for " +
          r.family);
    expected = expected_gguf_tensors(r);
    detail::check_gguf_metadata(r, *ck.gguf(), arch, report);
  } else {
    expected = expected_tensors(r);
    prefixes = checkpoint_prefixes(r.family);
  }
  report.checked = expected.size();
  for (const auto& e : expected) report.checked_ffn += e.ffn ? 1u : 0u;

  // The prefix under which most expected tensors are found.
  std::size_t best = 0;
  report.prefix = prefixes.front();
  for (const auto& p : prefixes) {
    std::size_t found = 0;
    for (const auto& e : expected) found += !e.top_level && ck.find(p + e.name) ? 1u : 0u;
    if (found > best) {
      best = found;
      report.prefix = p;
    }
  }

  std::set<std::string> matched;
  std::map<std::string, extent_t> packed;  // weights per stored element, where not 1 (MXFP4 blocks)
  std::set<std::string> scales_expected;   // the config's quantization scales (MXFP4's): shapes, not parameters
  std::size_t absent_optional = 0;
  std::string first_absent;
  for (const auto& e : expected) {
    std::string name = e.top_level ? e.name : report.prefix + e.name;
    const tensor_info* t = ck.find(name);
    // Old BERT checkpoints name LayerNorm's weight and bias gamma and beta.
    if (!t && name.find("LayerNorm.") != std::string::npos) {
      std::string old = name;
      if (old.ends_with(".weight"))
        old.replace(old.size() - 7, 7, ".gamma");
      else if (old.ends_with(".bias"))
        old.replace(old.size() - 5, 5, ".beta");
      if ((t = ck.find(old))) name = old;
    }
    if (!t) {
      if (e.optional) {  // not there to check: not counted as checked
        if (absent_optional++ == 0) first_absent = name;
        --report.checked;
        report.checked_ffn -= e.ffn ? 1u : 0u;
        continue;
      }
      report.problems.push_back(name + ": missing (expected " + to_string(e.shape) + "; " + e.rule + ")");
      continue;
    }
    matched.insert(name);
    if (e.scale) scales_expected.insert(name);
    if (e.values_per_element != 1) {
      packed[name] = e.values_per_element;
      if (t->dtype != "U8")
        report.problems.push_back(name + ": dtype " + t->dtype + ", but MXFP4 blocks are bytes (U8)");
    }
    if (e.optional) report.optional_params += detail::elements(*t);
    if (!detail::shape_matches(*t, e.shape, gguf)) {
      std::string line = name + ": expected " + to_string(e.shape) + ", got " + shape_text(t->shape);
      // The commonest mistake has a name: the transposed weight
      if (e.shape.size() == 2 && t->shape.size() == 2 && t->shape[0] == e.shape[1].extent &&
          t->shape[1] == e.shape[0].extent)
        line += ", transposed";
      report.problems.push_back(line + " (" + e.rule + ")");
    }
  }
  if (absent_optional > 0)
    report.notes.push_back(std::to_string(absent_optional) + " optional tensor" + (absent_optional == 1 ? "" : "s") +
                           " absent, such as " + first_absent + " (tied to the embedding, or a layer left out)");

  const bool quantized = r.quantized || gguf;
  std::size_t buffers = 0, scales = 0, mtp_skipped = 0;
  for (const auto& [name, t] : ck.tensors()) {
    ++report.dtypes[t->dtype];
    if (is_buffer_name(name)) {
      ++buffers;
      continue;
    }
    if (scales_expected.count(name) || is_quantization_scale(name)) {
      ++scales;
      continue;
    }
    // llama.cpp may keep DeepSeek's multi-token-prediction layers as blocks past the last
    if (gguf && r.config.mtp_layers > 0 && name.rfind("blk.", 0) == 0) {
      const auto block = std::strtoll(name.c_str() + 4, nullptr, 10);
      if (block >= r.config.layers) {
        ++mtp_skipped;
        continue;
      }
    }
    const auto packing = packed.find(name);
    report.checkpoint_params +=
        cost::checked_mul(detail::elements(*t), packing == packed.end() ? extent_t{1} : packing->second);
    if (!matched.count(name)) {
      report.problems.push_back(name + ": unexpected " + shape_text(t->shape) + ", a tensor the config does not imply");
      continue;
    }
    if (!quantized && detail::is_integer_dtype(t->dtype))
      report.problems.push_back(name + ": dtype " + t->dtype +
                                ", an integer weight in a checkpoint that is not quantized");
  }
  if (buffers) report.notes.push_back(std::to_string(buffers) + " buffer" + (buffers == 1 ? "" : "s") + " ignored");
  if (scales)
    report.notes.push_back(std::to_string(scales) + " quantization scale" + (scales == 1 ? "" : "s") + " not counted");
  if (mtp_skipped)
    report.notes.push_back(std::to_string(mtp_skipped) + " tensors of multi-token-prediction blocks not checked");
  const auto counts = models::count(r.config);
  report.config_params = counts.total.value();
  return report;
}

}  // namespace shapeproof::io

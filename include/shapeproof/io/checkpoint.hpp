// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief Checking a checkpoint's FFN tensors against the shapes a model's config implies, from
 * the safetensors headers alone.
 *
 * Every FFN tensor of every layer (gate, up, down, biases, router, experts) is expected under
 * its family's own name: `model.layers.{i}.mlp.gate_proj.weight` (LLaMA, Mistral, Qwen2, Gemma),
 * `model.layers.{i}.block_sparse_moe.gate.weight` and `…experts.{e}.w1/w2/w3.weight` (Mixtral),
 * `h.{i}.mlp.c_fc.weight` in Conv1D's `[in, out]` layout (GPT-2), `encoder.layer.{i}.intermediate.dense`
 * (BERT), `encoder.block.{i}.layer.1.DenseReluDense.wi_0` (T5). A missing tensor, or one whose
 * shape differs, is a problem naming the tensor, the expected shape with its dimension names and
 * the actual shape.
 */

#include <nlohmann/json.hpp>

#include <shapeproof/core/dyn_shape.hpp>
#include <shapeproof/io/hf_config.hpp>
#include <shapeproof/io/safetensors.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace shapeproof::io {

/// A tensor the config says the checkpoint must hold.
struct expected_tensor {
  std::string name;  ///< without the checkpoint's prefix
  dyn_shape shape;
};

/// The FFN tensors of every layer, under the family's names, for the model `r` describes.
inline std::vector<expected_tensor> expected_ffn_tensors(const read_config& r)
{
  const auto& c = r.config;
  const dyn_dim d{"d_model", c.d_model}, dff{"d_ff", c.ffn.d_ff}, experts{"experts", c.ffn.experts};
  const bool gated = find_variant(c.ffn.variant)->gated;
  const bool bias = c.ffn.bias;
  std::vector<expected_tensor> out;
  auto add = [&](std::string name, dyn_shape s) { out.push_back({std::move(name), std::move(s)}); };
  // A projection in PyTorch's nn.Linear layout, [out, in].
  auto linear = [&](const std::string& name, const dyn_dim& in, const dyn_dim& o, bool with_bias) {
    add(name + ".weight", {o, in});
    if (with_bias) add(name + ".bias", {o});
  };
  const std::string& f = r.family;
  if (f == "llama" || f == "mistral" || f == "qwen2" || f == "gemma") {
    for (extent_t i = 0; i < c.layers; ++i) {
      const std::string p = "layers." + std::to_string(i) + ".mlp.";
      linear(p + "gate_proj", d, dff, bias);
      linear(p + "up_proj", d, dff, bias);
      linear(p + "down_proj", dff, d, bias);
    }
  } else if (f == "mixtral") {
    for (extent_t i = 0; i < c.layers; ++i) {
      const std::string p = "layers." + std::to_string(i) + ".block_sparse_moe.";
      linear(p + "gate", d, experts, false);  // the router
      for (extent_t e = 0; e < c.ffn.experts; ++e) {
        const std::string q = p + "experts." + std::to_string(e) + ".";
        linear(q + "w1", d, dff, false);  // gate
        linear(q + "w3", d, dff, false);  // up
        linear(q + "w2", dff, d, false);  // down
      }
    }
  } else if (f == "gpt2") {
    for (extent_t i = 0; i < c.layers; ++i) {
      const std::string p = "h." + std::to_string(i) + ".mlp.";
      add(p + "c_fc.weight", {d, dff});  // Conv1D: [in, out]
      add(p + "c_fc.bias", {dff});
      add(p + "c_proj.weight", {dff, d});
      add(p + "c_proj.bias", {d});
    }
  } else if (f == "bert") {
    for (extent_t i = 0; i < c.layers; ++i) {
      const std::string p = "encoder.layer." + std::to_string(i) + ".";
      linear(p + "intermediate.dense", d, dff, true);
      linear(p + "output.dense", dff, d, true);
    }
  } else if (f == "t5") {
    auto block = [&](const std::string& p) {
      if (gated) {
        linear(p + "wi_0", d, dff, false);  // gate
        linear(p + "wi_1", d, dff, false);  // up
      } else {
        linear(p + "wi", d, dff, false);
      }
      linear(p + "wo", dff, d, false);
    };
    for (extent_t i = 0; i < c.layers; ++i) block("encoder.block." + std::to_string(i) + ".layer.1.DenseReluDense.");
    for (extent_t i = 0; i < c.decoder_layers; ++i)
      block("decoder.block." + std::to_string(i) + ".layer.2.DenseReluDense.");
  }
  return out;
}

/// A header's shape as text: `[11008, 4096]`.
inline std::string shape_text(const std::vector<std::int64_t>& s)
{
  std::string out = "[";
  for (std::size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
  return out + "]";
}

/// Whether a tensor's header shape has exactly `expected`'s extents.
inline bool has_shape(const tensor_info& t, const dyn_shape& expected)
{
  if (t.shape.size() != expected.size()) return false;
  for (std::size_t i = 0; i < expected.size(); ++i)
    if (t.shape[i] != expected[i].extent) return false;
  return true;
}

/// The prefixes a family's checkpoints put before the names above, most common first.
inline std::vector<std::string> checkpoint_prefixes(const std::string& family)
{
  if (family == "gpt2") return {"", "transformer."};
  if (family == "bert") return {"bert.", ""};
  if (family == "t5") return {""};
  return {"model.", ""};
}

/// The tensors of a checkpoint: one `.safetensors` file, or the shards of a `.safetensors.index.json`.
class checkpoint {
public:
  static checkpoint open(const std::string& path)
  {
    checkpoint ck;
    if (path.size() >= 5 && path.substr(path.size() - 5) == ".json") {
      std::ifstream in(path);
      if (!in) throw safetensors_error(path + ": cannot open");
      nlohmann::json j;
      try {
        in >> j;
      } catch (const nlohmann::json::exception& e) {
        throw safetensors_error(path + ": not valid JSON: " + e.what());
      }
      if (!j.is_object() || !j.contains("weight_map") || !j["weight_map"].is_object())
        throw safetensors_error(path + ": a safetensors index needs a \"weight_map\" object");
      const auto dir = std::filesystem::path(path).parent_path();
      std::map<std::string, std::size_t> shard_of_file;
      for (auto it = j["weight_map"].begin(); it != j["weight_map"].end(); ++it) {
        if (!it.value().is_string()) throw safetensors_error(path + ": weight_map values must be file names");
        const std::string file = it.value().get<std::string>();
        if (file.find('/') != std::string::npos || file.find("..") != std::string::npos)
          throw safetensors_error(path + ": weight_map names a file outside the index's folder: " + file);
        if (!shard_of_file.count(file)) {
          shard_of_file[file] = ck.shards_.size();
          ck.shards_.push_back(safetensors_file::open((dir / file).string()));
        }
        const auto* info = ck.shards_[shard_of_file[file]].find(it.key());
        if (!info)
          throw safetensors_error(path + ": the index puts '" + it.key() + "' in " + file + ", whose header lacks it");
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

  checkpoint(checkpoint&&) = default;
  checkpoint& operator=(checkpoint&&) = default;

private:
  checkpoint() = default;
  std::vector<safetensors_file> shards_;
  std::map<std::string, const tensor_info*> by_name_;
};

/// What `check_ffn` found.
struct check_report {
  std::string prefix;                 ///< the prefix the checkpoint uses
  std::size_t checked = 0;            ///< tensors expected
  std::vector<std::string> problems;  ///< one line each: the tensor, expected and actual shape
};

/// Checks every FFN tensor the config implies against the checkpoint's headers.
inline check_report check_ffn(const read_config& r, const checkpoint& ck)
{
  const auto expected = expected_ffn_tensors(r);
  check_report report;
  report.checked = expected.size();
  const auto prefixes = checkpoint_prefixes(r.family);
  report.prefix = prefixes.front();
  for (const auto& p : prefixes)
    if (!expected.empty() && ck.find(p + expected.front().name)) {
      report.prefix = p;
      break;
    }
  for (const auto& e : expected) {
    const std::string name = report.prefix + e.name;
    const tensor_info* t = ck.find(name);
    if (!t) {
      report.problems.push_back(name + ": missing (expected " + to_string(e.shape) + ")");
      continue;
    }
    if (!has_shape(*t, e.shape))
      report.problems.push_back(name + ": expected " + to_string(e.shape) + ", got " + shape_text(t->shape));
  }
  return report;
}

}  // namespace shapeproof::io

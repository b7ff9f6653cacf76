// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief One layer's FFN or MoE of a GGUF file, as the run-time model reads it.
 *
 * `gguf_layer(file, layer)` finds layer N's FFN under llama.cpp's names: `blk.N.ffn_gate`,
 * `ffn_up` and `ffn_down` for a dense layer; the router `ffn_gate_inp` and the experts stacked
 * as `[experts, out, in]` in `ffn_gate_exps`, `ffn_up_exps` and `ffn_down_exps` for an MoE (or,
 * in older files, one tensor per expert, `ffn_gate.E`). Its widths are the file's metadata
 * (`<arch>.embedding_length`, `feed_forward_length` or `expert_feed_forward_length`,
 * `expert_count`, `expert_used_count`), and `load_model` checks every tensor against them; the
 * activation is the architecture's. It is a `TensorFile`: expert E of a stacked tensor is read as
 * `blk.N.experts.E.ffn_gate.weight` and the rest, the bytes of that expert only. Q8_0, Q4_0,
 * Q4_K, Q6_K, F16 and BF16 weights are kept as stored (a rank's slice of a quantized type when it
 * falls on whole blocks; it is dequantized to f32 as it is read otherwise). What the run-time model does not run (a
 * fused gate and up, shared experts, a router whose top-k weights are not renormalised, gpt-oss's clamped SwiGLU) is
 * refused by name.
 */

#include <shapeproof/io/gguf.hpp>
#include <shapeproof/runtime/load.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace shapeproof::runtime {

/// The variant of an architecture's FFN (`general.architecture`), or nullopt when shapeproof does
/// not know it.
inline std::optional<variant_info> gguf_ffn_variant(std::string_view arch)
{
  for (const char* a : {"llama", "mistral", "qwen2", "qwen3", "qwen2moe", "qwen3moe", "deepseek2", "olmo2", "olmo"})
    if (arch == a) return find_variant("swiglu");
  for (const char* a : {"gemma", "gemma2", "gemma3"})
    if (arch == a) return find_variant("geglu_tanh");
  if (arch == "gpt2") return find_variant("gelu_tanh");
  return std::nullopt;
}

/// Layer N's FFN or MoE of a GGUF file, with the request that reads it (see the file's comment).
class gguf_layer {
public:
  /// Throws `weights_error` for a layer the file lacks, metadata that does not say the widths, and
  /// what the run-time model does not run; `variant`, when given, must be the architecture's (or
  /// says it for an architecture shapeproof does not know).
  gguf_layer(io::gguf_file file, extent_t layer, std::optional<variant_info> variant = std::nullopt) :
      file_(std::move(file))
  {
    const std::string where = file_.path() + ": ";
    const auto arch = file_.string("general.architecture");
    if (!arch) throw weights_error(where + "no general.architecture: the metadata does not say what model this is");
    arch_ = *arch;
    auto key = [&](const char* name) { return file_.integer(arch_ + "." + name); };
    auto required = [&](const char* name) {
      const auto v = key(name);
      if (!v || *v < 1)
        throw weights_error(where + arch_ + "." + name + ": " +
                            (file_.kind(arch_ + "." + name).empty() ? "missing" : "not a positive integer") +
                            "; the run-time model takes the layer's widths from the metadata");
      return *v;
    };
    if (arch_ == "gpt-oss")
      throw weights_error(where +
                          "gpt-oss: its experts run a clamped SwiGLU with biases, which the run-time model "
                          "does not run yet");
    if (arch_ == "phi3")
      throw weights_error(where +
                          "phi3: its gate and up are fused in ffn_up, a layout the run-time model does not "
                          "read yet");
    const auto own = gguf_ffn_variant(arch_);
    if (variant && own && variant->name != own->name)
      throw weights_error(where + "--variant " + std::string(variant->name) + ", but " + arch_ + "'s FFN is " +
                          std::string(own->name));
    if (!variant && !own)
      throw weights_error(where + "architecture '" + arch_ +
                          "': shapeproof does not know its FFN's activation; name its variant (--variant)");
    const auto layers = required("block_count");
    if (layer < 0 || layer >= layers)
      throw weights_error(where + std::to_string(layers) + " layers, 0 to " + std::to_string(layers - 1) +
                          "; no layer " + std::to_string(layer));
    const std::string p = "blk." + std::to_string(layer) + ".";
    q_.variant = variant ? *variant : *own;
    q_.prefix = p;
    q_.names = {"ffn_gate", "ffn_up", "ffn_down", "ffn_gate_inp", "experts."};
    q_.d = required("embedding_length");
    q_.moe = file_.find(p + "ffn_gate_inp.weight") != nullptr;
    if (!q_.moe) {
      q_.dff = required("feed_forward_length");
    } else {
      if (arch_ != "llama" && arch_ != "qwen3moe")
        throw weights_error(where + "layer " + std::to_string(layer) + " of " + arch_ +
                            " is an MoE whose routing (shared experts, or top-k weights not renormalised) the "
                            "run-time model does not run yet; it runs llama's (Mixtral's) and qwen3moe's");
      q_.experts = required("expert_count");
      q_.top_k = required("expert_used_count");
      // (llama.cpp's llama files give Mixtral's experts' width as feed_forward_length; qwen3moe's own key)
      q_.dff = required(arch_ == "llama" && !key("expert_feed_forward_length") ? "feed_forward_length"
                                                                               : "expert_feed_forward_length");
    }
    for (const auto& t : file_.tensors()) {
      if (t.name.rfind(p, 0) != 0) continue;
      const std::string rest = t.name.substr(p.size());
      if (rest.rfind("ffn_", 0) != 0 && rest.rfind("exp_probs_b", 0) != 0) continue;
      if (rest.rfind("ffn_norm", 0) == 0) continue;  // the norm before the FFN: not the FFN's
      if (!q_.moe) {
        if (rest.find("_exps.") != std::string::npos)
          throw weights_error(where + t.name + ": experts stacked in a layer with no router (" + p +
                              "ffn_gate_inp.weight): an MoE needs one");
        tensors_.push_back(t);
        continue;
      }
      split_experts(t, rest);
    }
    if (q_.moe && std::none_of(tensors_.begin(), tensors_.end(),
                               [&](const io::tensor_info& t) { return t.name.rfind(p + q_.names.experts, 0) == 0; }))
      throw weights_error(where + p + "ffn_gate_inp.weight routes tokens to experts, but layer " +
                          std::to_string(layer) + " has none: neither stacked (" + p + "ffn_gate_exps.weight, " + p +
                          "ffn_up_exps.weight, " + p + "ffn_down_exps.weight) nor one tensor per expert (" + p +
                          "ffn_gate.0.weight, ...)");
    // One layout or the other: an expert both stacked and in a tensor of its own is two weights for one
    std::map<std::string, std::string> seen;
    for (const auto& t : tensors_)
      if (const auto [at, fresh] = seen.emplace(t.name, source(t.name)); !fresh)
        throw weights_error(where + at->second +
                            " is given twice, stacked and in a tensor of its own: one layout or the other");
  }

  /// What `load_model` reads: the prefix `blk.N.`, the variant, the names and the metadata's widths.
  const load_request& request() const { return q_; }
  /// `general.architecture`.
  const std::string& architecture() const { return arch_; }
  const io::gguf_file& file() const { return file_; }

  // TensorFile
  const std::string& path() const { return file_.path(); }
  /// The layer's FFN tensors (the norm before it left out), each expert of a stacked tensor apart.
  const std::vector<io::tensor_info>& tensors() const { return tensors_; }
  const io::tensor_info* find(std::string_view name) const
  {
    for (const auto& t : tensors_)
      if (t.name == name) return &t;
    return nullptr;
  }
  std::vector<float> read_f32_block(const io::tensor_info& t, std::int64_t r0, std::int64_t r1, std::int64_t c0,
                                    std::int64_t c1) const
  {
    return file_.read_f32_block(t, r0, r1, c0, c1);
  }
  std::vector<unsigned char> read_quant_block(const io::tensor_info& t, std::int64_t r0, std::int64_t r1,
                                              std::int64_t c0, std::int64_t c1) const
  {
    return file_.read_quant_block(t, r0, r1, c0, c1);
  }
  std::vector<std::uint16_t> read_u16_block(const io::tensor_info& t, std::int64_t r0, std::int64_t r1, std::int64_t c0,
                                            std::int64_t c1) const
  {
    return file_.read_u16_block(t, r0, r1, c0, c1);
  }

  /// How the layer's weights are stored, e.g. "ffn_gate Q4_K, ffn_up Q4_K, ffn_down Q6_K": for an
  /// MoE, every type its experts' tensors of that name have ("ffn_down Q4_K/Q6_K").
  std::string stored_dtypes() const
  {
    std::string out;
    for (const auto& part : {q_.names.gate, q_.names.up, q_.names.down}) {
      std::set<std::string> types;
      const std::string suffix = "." + part + ".weight";
      for (const auto& t : tensors_)
        if (t.name == q_.prefix + part + ".weight" ||
            (q_.moe && t.name.rfind(q_.prefix + q_.names.experts, 0) == 0 && t.name.size() > suffix.size() &&
             t.name.compare(t.name.size() - suffix.size(), suffix.size(), suffix) == 0))
          types.insert(t.dtype);
      std::string joined;
      for (const auto& type : types) joined += (joined.empty() ? "" : "/") + type;
      if (!types.empty()) out += (out.empty() ? "" : ", ") + part + " " + joined;
    }
    return out;
  }
  /// "llama layer 3: ffn_gate Q4_K, ffn_up Q4_K, ffn_down Q6_K".
  std::string description() const
  {
    return arch_ + " layer " + q_.prefix.substr(4, q_.prefix.size() - 5) + ": " + stored_dtypes();
  }

  /// The layer, or the part rank `sp` holds of it (`load_model`), refusing a tensor of the FFN it
  /// would leave unread (`refuse_unread`: a gated layer run with a dense variant, shared experts).
  dyn_model load(const rank_split& sp = {}) const
  {
    try {
      dyn_model m = load_model(*this, q_, sp);
      refuse_unread(*this, m, q_, "the variant " + std::string(q_.variant.name));
      return m;
    } catch (const weights_error& e) {  // said in the file's names, not the per-expert names it is read by
      std::string message = e.what();
      const std::string virtual_names = q_.prefix + q_.names.experts;
      for (std::size_t at = message.find(virtual_names); at != std::string::npos;
           at = message.find(virtual_names, at + 1)) {
        std::size_t end = at + virtual_names.size();
        while (end < message.size() && message[end] != '\'' && message[end] != ' ' && message[end] != ':' &&
               message[end] != ',' && message[end] != '\n')
          ++end;
        const std::string said = source(message.substr(at, end - at));
        message.replace(at, end - at, said);
        at += said.size() - 1;
      }
      throw weights_error(message);
    }
  }

  /// Where a name this layer reads comes from: `blk.N.experts.E.ffn_up.weight` is expert E of
  /// `blk.N.ffn_up_exps.weight` (stacked; or `blk.N.ffn_up.E.weight` in files of one tensor per
  /// expert); any other name is itself.
  std::string source(const std::string& name) const
  {
    const std::string experts = q_.prefix + q_.names.experts;
    if (name.rfind(experts, 0) != 0) return name;
    const std::string rest = name.substr(experts.size());  // E.ffn_up.weight
    const std::size_t dot = rest.find('.'), part_end = rest.find('.', dot + 1);
    if (dot == std::string::npos || part_end == std::string::npos) return name;
    const std::string e = rest.substr(0, dot), part = rest.substr(dot + 1, part_end - dot - 1),
                      what = rest.substr(part_end);
    if (file_.find(q_.prefix + part + "_exps" + what))
      return "expert " + e + " of " + q_.prefix + part + "_exps" + what;
    return q_.prefix + part + "." + e + what;
  }

private:
  // An MoE's tensor: stacked experts split into one tensor each, under the request's names.
  void split_experts(const io::tensor_info& t, const std::string& rest)
  {
    const std::string& p = q_.prefix;
    for (const char* part : {"ffn_gate", "ffn_up", "ffn_down"}) {
      const std::string stacked = std::string(part) + "_exps.";
      if (rest.rfind(stacked, 0) == 0) {  // blk.N.ffn_gate_exps.weight, [experts, out, in]
        const std::string what = rest.substr(stacked.size());
        if (t.shape.size() != (what == "weight" ? 3u : 2u) || t.shape.front() != *q_.experts)
          throw weights_error(path() + ": tensor '" + t.name + "': expected [experts (" + std::to_string(*q_.experts) +
                              ")" + (what == "weight" ? ", out, in" : ", out") + "], got " + io::shape_text(t.shape));
        for (std::int64_t e = 0; e < t.shape.front(); ++e)
          tensors_.push_back(file_.slice_outer(t, e, p + "experts." + std::to_string(e) + "." + part + "." + what));
        return;
      }
      const std::string single = std::string(part) + ".";  // blk.N.ffn_gate.E.weight, older files
      const std::size_t dot = rest.find('.', single.size());
      if (rest.rfind(single, 0) == 0 && dot != std::string::npos && dot > single.size() &&
          rest.substr(single.size(), dot - single.size()).find_first_not_of("0123456789") == std::string::npos) {
        io::tensor_info renamed = t;
        renamed.name = p + "experts." + rest.substr(single.size(), dot - single.size()) + "." + part + rest.substr(dot);
        tensors_.push_back(std::move(renamed));
        return;
      }
    }
    tensors_.push_back(t);
  }

  io::gguf_file file_;
  std::string arch_;
  load_request q_;
  std::vector<io::tensor_info> tensors_;
};

}  // namespace shapeproof::runtime

// SPDX-License-Identifier: MIT
// `shapeproof check`: a checkpoint's FFN tensors against the shapes its config implies.
#include "commands.hpp"

#include <shapeproof/io/checkpoint.hpp>
#include <shapeproof/io/hf_config.hpp>

#include <cstdio>

namespace shapeproof::tool {

int check(const check_options& o)
{
  const auto r = io::read_hf_config(o.config);
  const auto ck = io::checkpoint::open(o.weights);
  const auto report = io::check_ffn(r, ck);
  std::printf("%s: %s (%s), %lld layer%s%s, FFN %s %lld -> %lld%s\n", o.weights.c_str(), r.name.c_str(),
              r.family.c_str(), static_cast<long long>(r.config.layers), r.config.layers == 1 ? "" : "s",
              r.config.decoder_layers ? (" + " + std::to_string(r.config.decoder_layers) + " decoder").c_str() : "",
              std::string(r.config.ffn.variant).c_str(), static_cast<long long>(r.config.d_model),
              static_cast<long long>(r.config.ffn.d_ff),
              r.config.ffn.experts ? (", " + std::to_string(r.config.ffn.experts) + " experts").c_str() : "");
  std::printf("checked %zu FFN tensors (names prefixed \"%s\") among %zu in the checkpoint: ", report.checked,
              report.prefix.c_str(), ck.tensor_count());
  if (report.problems.empty()) {
    std::printf("all match\n");
    return ok;
  }
  std::printf("%zu problem%s\n", report.problems.size(), report.problems.size() == 1 ? "" : "s");
  for (const auto& p : report.problems) std::printf("  %s\n", p.c_str());
  return problems;
}

}  // namespace shapeproof::tool

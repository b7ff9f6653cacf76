// SPDX-License-Identifier: MIT
// `shapeproof check`: every tensor of a checkpoint against the shapes its config implies.
#include "commands.hpp"

#include <shapeproof/io/checkpoint.hpp>
#include <shapeproof/io/hf_config.hpp>

#include <cstdio>

namespace shapeproof::tool {

int check(const check_options& o)
{
  const auto r = io::read_hf_config(o.config);
  for (const auto& note : r.notes) std::fprintf(stderr, "shapeproof: note: %s\n", note.c_str());
  const auto ck = io::checkpoint::open(o.weights);
  const auto report = io::check_model(r, ck);
  const auto& c = r.config;
  std::printf("%s: %s (%s), %lld layer%s%s, FFN %s %lld -> %lld%s\n", o.weights.c_str(), r.name.c_str(),
              r.family.c_str(), static_cast<long long>(c.layers), c.layers == 1 ? "" : "s",
              c.decoder_layers ? (" + " + std::to_string(c.decoder_layers) + " decoder").c_str() : "",
              std::string(c.ffn.variant).c_str(), static_cast<long long>(c.d_model), static_cast<long long>(c.ffn.d_ff),
              c.ffn.experts ? (", " + std::to_string(c.ffn.experts) + " experts").c_str() : "");
  if (ck.gguf())
    std::printf("format: GGUF version %u, header only\n", ck.gguf()->version());
  else
    std::printf("format: safetensors, %zu file%s, headers only\n", ck.shard_count(), ck.shard_count() == 1 ? "" : "s");
  std::string dtypes;
  for (const auto& [dtype, n] : report.dtypes)
    dtypes += (dtypes.empty() ? "" : ", ") + dtype + " x " + std::to_string(n);
  std::printf("dtypes: %s\n", dtypes.c_str());
  std::printf("parameters: the checkpoint holds %s; the config implies %s", grouped(report.checkpoint_params).c_str(),
              grouped(report.config_params).c_str());
  if (report.optional_params) std::printf(" + %s in optional tensors present", grouped(report.optional_params).c_str());
  std::printf("\n");
  for (const auto& note : report.notes) std::printf("note: %s\n", note.c_str());
  std::printf(
      "checked %zu tensors the config implies (%zu of the FFN; names prefixed \"%s\") among %zu in the "
      "checkpoint: ",
      report.checked, report.checked_ffn, report.prefix.c_str(), ck.tensor_count());
  if (report.problems.empty()) {
    std::printf("all match\n");
    return ok;
  }
  std::printf("%zu problem%s\n", report.problems.size(), report.problems.size() == 1 ? "" : "s");
  for (const auto& p : report.problems) std::printf("  %s\n", p.c_str());
  return problems;
}

}  // namespace shapeproof::tool

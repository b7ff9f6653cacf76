// SPDX-License-Identifier: MIT
// `shapeproof synth`: a small checkpoint with made-up weights for a config, to try `check` and
// `run` on (and to test a pipeline with) without downloading a model.
#include "commands.hpp"

#include <shapeproof/io/synthetic.hpp>

#include <cstdio>

namespace shapeproof::tool {

int synth(const synth_options& o)
{
  io::synthetic_options so;
  so.seed = o.seed;
  so.tokens = o.tokens;
  so.transpose = o.transpose;
  so.overwrite = o.force;
  so.dtype = o.dtype == "bf16" ? "BF16" : o.dtype == "f16" ? "F16" : "F32";
  const auto r = io::read_hf_config(o.config);
  for (const auto& note : r.notes) std::fprintf(stderr, "shapeproof: note: %s\n", note.c_str());
  const auto made = io::write_synthetic_checkpoint(o.config, o.out, so);
  std::printf("%s: %s (%s), %s parameters in %zu tensors, %s, seed %llu\n", o.out.c_str(), r.name.c_str(),
              r.family.c_str(), grouped(made.params).c_str(), made.tensors, so.dtype.c_str(),
              static_cast<unsigned long long>(o.seed));
  for (const auto& f : made.files) std::printf("wrote %s\n", f.c_str());
  if (!made.gguf_skipped.empty()) std::printf("no model.gguf: %s\n", made.gguf_skipped.c_str());
  for (const auto& t : o.transpose) std::printf("transposed, on purpose: %s\n", t.c_str());
  return ok;
}

}  // namespace shapeproof::tool

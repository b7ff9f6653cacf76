// SPDX-License-Identifier: MIT
// `shapeproof explain`: an FFN step by step, for learning: the shape chain with the rule that
// guards each step, and every parameter and FLOP term with its formula and value. The terms are
// computed by the library (models/explain.hpp), which a test holds to the typed specs' counts.
#include "commands.hpp"

#include <shapeproof/models/explain.hpp>
#include <shapeproof/variants/attention.hpp>
#include <shapeproof/variants/registry.hpp>

#include <cstdio>
#include <string>

namespace shapeproof::tool {
namespace {

// `s` padded with spaces to `width` columns: its width counted in characters, not bytes ("·" and
// "⊙" are two and three bytes of UTF-8, one column each).
std::string padded(const std::string& s, std::size_t width)
{
  const std::size_t columns = explain::detail::columns(s);
  return s + std::string(columns < width ? width - columns : 0, ' ');
}

}  // namespace

explain::explanation attention(const explain_options& o)
{
  const std::int64_t kv = o.kv_heads ? o.kv_heads : o.heads;
  if (o.d < 1 || o.heads < 1 || kv < 1 || o.head_dim < 1 || o.heads % kv != 0 || o.dff || o.experts || o.bias)
    throw usage_error(
        std::string("explain attention needs --d, --heads and --head-dim, positive, and no FFN option; ") +
        SHAPEPROOF_RULE_12_KV_HEADS_MESSAGE);
  return explain::explain_attention(o.d, o.heads, kv, o.head_dim);
}

int explain_command(const explain_options& o)
{
  const auto v = find_variant(o.variant);
  if (!v && o.variant != "attention")
    throw usage_error("'" + o.variant +
                      "' is not a variant shapeproof knows (the variants: relu, gelu, gelu_tanh, "
                      "silu, glu, reglu, geglu, geglu_tanh, swiglu, bilinear; or attention)");
  if (v && (o.heads || o.kv_heads || o.head_dim))
    throw usage_error("--heads, --kv-heads and --head-dim go with `explain attention`");
  if (v && (o.d < 1 || o.dff < 1)) throw usage_error("explain needs --d and --dff, positive");
  if (o.experts < 0 || (o.experts == 0 && o.top_k != 0))
    throw usage_error("--top-k goes with --experts E (a positive number of experts)");
  if (o.experts > 0 && o.top_k == 0)
    throw usage_error("--experts " + std::to_string(o.experts) +
                      " needs --top-k K, the experts each token uses (1 to " + std::to_string(o.experts) + ")");
  if (o.experts > 0 && (o.top_k < 1 || o.top_k > o.experts))
    throw usage_error(std::string(SHAPEPROOF_RULE_6_MESSAGE) + ": --top-k " + std::to_string(o.top_k) + " with " +
                      std::to_string(o.experts) + " experts");
  const explain::explanation e = v ? explain::explain_ffn(*v, o.d, o.dff, o.bias, o.experts, o.top_k) : attention(o);
  if (o.format == "svg") {
    std::fputs(explain::svg(e).c_str(), stdout);
    return ok;
  }
  const bool md = o.format == "markdown";
  auto print_terms = [&](const char* heading, const std::vector<explain::term>& terms) {
    if (md) {
      std::printf("\n## %s\n\n| term | formula | value |\n|---|---|---:|\n", heading);
      for (const auto& t : terms)
        std::printf("| %s | %s | %s |\n", t.name.c_str(), t.formula.c_str(), grouped(t.value).c_str());
    } else {
      std::printf("\n%s\n", heading);
      for (const auto& t : terms)
        std::printf("  %s %s %20s\n", padded(t.name, 14).c_str(), padded(t.formula, 60).c_str(),
                    grouped(t.value).c_str());
    }
  };
  if (md) {
    std::printf("# %s\n\n## Shape chain (T tokens)\n\n| step | shapes | guarded by |\n|---|---|---|\n",
                e.title.c_str());
    for (const auto& s : e.steps) std::printf("| %s | %s | %s |\n", s.what.c_str(), s.shapes.c_str(), s.rule.c_str());
  } else {
    std::printf("%s\n\nShape chain (T tokens)\n", e.title.c_str());
    for (const auto& s : e.steps)
      std::printf("  %s %s %s\n", padded(s.what, 36).c_str(), padded(s.shapes, 58).c_str(), s.rule.c_str());
  }
  print_terms("Parameters", e.params);
  print_terms("FLOPs per token", e.flops);
  return ok;
}

}  // namespace shapeproof::tool

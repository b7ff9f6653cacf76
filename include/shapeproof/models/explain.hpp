// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief An FFN explained step by step, for sizes known at run time (`shapeproof explain`): its
 * shape chain with the rule that guards each step, and each parameter and FLOP term with its
 * formula and value, computed by the same formulas as the spec types' counts.
 */

#include <shapeproof/core/rules.hpp>
#include <shapeproof/cost/quantity.hpp>
#include <shapeproof/models/model.hpp>
#include <shapeproof/variants/formulas.hpp>
#include <shapeproof/variants/registry.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace shapeproof::explain {

/// One step of the shape chain: what is computed, its shapes, and the rule that guards it.
struct step {
  std::string what;
  std::string shapes;
  std::string rule;
};

/// One term of a count: its name, its formula, and its value.
struct term {
  std::string name;
  std::string formula;
  std::int64_t value = 0;
};

/// An FFN (or an MoE layer of such FFNs) explained.
struct explanation {
  std::string title;
  std::vector<step> steps;
  std::vector<term> params;  ///< each projection (and the router), then the totals
  std::vector<term> flops;   ///< per token
  cost::params total_params;
  cost::params active_params;
  cost::flops matmul_flops_per_token;
  cost::flops elementwise_flops_per_token;
};

namespace detail {
inline std::string dims(const char* a, extent_t ae, const char* b, extent_t be)
{
  return std::string("[") + a + " (" + std::to_string(ae) + "), " + b + " (" + std::to_string(be) + ")]";
}
}  // namespace detail

/// Explains variant `v` at widths `d` and `dff`; `experts > 0` makes it an MoE layer with `top_k`.
inline explanation explain_ffn(const variant_info& v, extent_t d, extent_t dff, bool bias, extent_t experts = 0,
                               extent_t top_k = 0)
{
  using detail::dims;
  explanation e;
  const std::string act(v.activation);
  const std::string b = bias ? " + Dff" : "";
  e.title = std::string(v.name) + (experts > 0 ? " experts" : "") + ", D = " + std::to_string(d) +
            ", Dff = " + std::to_string(dff) + (bias ? ", with biases" : ", no biases");
  if (experts > 0) {
    e.title += ", " + std::to_string(experts) + " experts, top " + std::to_string(top_k);
    e.steps.push_back({"x · router", "[T, D] x " + dims("D", d, "experts", experts) + " -> [T, experts]",
                       "rule 4 (the router reads D); rule 6: 1 <= top_k <= experts"});
    e.steps.push_back({"softmax, top-k", "[T, experts] -> top_k weights per token", "rule 6"});
  }
  const std::string x = experts > 0 ? "x (each token, in its top_k experts)" : "x";
  e.steps.push_back({x, "[T, D] with D = " + std::to_string(d), "the input's last dimension is the FFN's D"});
  if (v.gated) {
    e.steps.push_back({"x · gate", "[T, D] x " + dims("D", d, "Dff", dff) + " -> [T, Dff]",
                       "rule 4 (inner D = D); rule 1 (gate and up have one shape [D -> Dff])"});
    e.steps.push_back({"x · up", "[T, D] x " + dims("D", d, "Dff", dff) + " -> [T, Dff]", "rule 4; rule 1"});
    e.steps.push_back({"h = " + act + "(gate) ⊙ up", "[T, Dff] ⊙ [T, Dff] -> [T, Dff]",
                       "element-wise: the same shape (the activation on the gate, never on up)"});
  } else {
    e.steps.push_back({"x · up", "[T, D] x " + dims("D", d, "Dff", dff) + " -> [T, Dff]", "rule 4 (inner D = D)"});
    e.steps.push_back({"h = " + act + "(up)", "[T, Dff] -> [T, Dff]", "element-wise"});
  }
  e.steps.push_back({"h · down", "[T, Dff] x " + dims("Dff", dff, "D", d) + " -> [T, D]",
                     "rule 4; rule 2 (down reads the Dff up wrote)"});
  if (experts > 0)
    e.steps.push_back({"y = sum of top_k w · expert(x)", "top_k x [T, D] -> [T, D]",
                       "each token's experts' outputs, weighted by its routing weights and summed: one D"});
  e.steps.push_back({"out", "[T, D]", "rule 3 (the output returns to the input's width D)"});

  const std::int64_t proj = formula::linear_params(d, dff, bias).value();
  const std::int64_t down = formula::linear_params(dff, d, bias).value();
  if (v.gated) e.params.push_back({"gate", "D·Dff" + b, proj});
  e.params.push_back({"up", "D·Dff" + b, proj});
  e.params.push_back({"down", std::string("Dff·D") + (bias ? " + D" : ""), down});
  const cost::params one = models::ffn_params(v, d, dff, bias);
  const std::string n = v.gated ? "3" : "2";
  const std::string one_formula = n + "·D·Dff" + (bias ? (v.gated ? " + 2·Dff + D" : " + Dff + D") : "");
  const cost::flops one_matmul = formula::ffn_matmul_flops(d, dff, v.gated);
  const cost::flops one_elementwise = models::ffn_elementwise_flops(v, d, dff, bias);
  const std::string elementwise_formula = "Dff·" + std::to_string(v.activation_flops + (v.gated ? 1 : 0)) + " (" + act +
                                          (v.gated ? " and the gate product" : "") + ")" +
                                          (bias ? (v.gated ? " + 2·Dff + D (biases)" : " + Dff + D (biases)") : "");
  if (experts == 0) {
    e.params.push_back({"total", one_formula, one.value()});
    e.total_params = e.active_params = one;
    e.matmul_flops_per_token = one_matmul;
    e.elementwise_flops_per_token = one_elementwise;
    e.flops.push_back({"matmuls", "2 per weight: 2·" + n + "·D·Dff", one_matmul.value()});
    e.flops.push_back({"element-wise", elementwise_formula, one_elementwise.value()});
  } else {
    const cost::params router = formula::linear_params(d, experts, false);
    e.params.push_back({"one expert", one_formula, one.value()});
    e.params.push_back({"router", "D·experts", router.value()});
    e.total_params = router + one * experts;
    e.active_params = router + one * top_k;
    e.params.push_back({"total", "router + experts · expert", e.total_params.value()});
    e.params.push_back({"active", "router + top_k · expert", e.active_params.value()});
    e.matmul_flops_per_token = formula::linear_matmul_flops(d, experts) + one_matmul * top_k;
    e.elementwise_flops_per_token =
        one_elementwise * top_k +
        cost::make_flops(cost::checked_add(3 * experts + 2 * top_k, cost::checked_product(2, top_k, d)));
    e.flops.push_back({"matmuls", "2·D·experts + top_k · 2·" + n + "·D·Dff", e.matmul_flops_per_token.value()});
    e.flops.push_back(
        {"element-wise",
         "top_k · (" + elementwise_formula + ") + 3·experts + 2·top_k + 2·top_k·D (routing, weighted sum)",
         e.elementwise_flops_per_token.value()});
  }
  return e;
}

/// Grouped-query attention at widths `d`, `heads` and `kv_heads` of `head_dim` (no biases), step by
/// step: its shape chain with the rule 12 check of each step, its parameters and its KV cache.
inline explanation explain_attention(extent_t d, extent_t heads, extent_t kv_heads, extent_t head_dim)
{
  using detail::dims;
  explanation e;
  const extent_t q = cost::checked_mul(heads, head_dim);
  const extent_t kv = cost::checked_mul(kv_heads, head_dim);
  const std::string h = std::to_string(heads), k = std::to_string(kv_heads), hd = std::to_string(head_dim);
  e.title = "attention, D = " + std::to_string(d) + ", " + h + " heads, " + k + " KV heads, head_dim = " + hd +
            (kv_heads == heads ? " (multi-head)"
             : kv_heads == 1   ? " (multi-query)"
                               : " (grouped-query)");
  e.steps.push_back({"x", "[T, D] with D = " + std::to_string(d), "the residual stream's width"});
  e.steps.push_back({"x · q", "[T, D] x " + dims("D", d, "heads·head_dim", q) + " -> [T, " + h + ", " + hd + "]",
                     "rule 12: q maps D to heads·head_dim (head_dim as stated, not D / heads)"});
  e.steps.push_back({"x · k, x · v",
                     "[T, D] x " + dims("D", d, "kv_heads·head_dim", kv) + " -> [T, " + k + ", " + hd + "]",
                     "rule 12: kv_heads divides heads; k and v map D to kv_heads·head_dim"});
  e.steps.push_back(
      {"scores = q · kᵀ", "[" + h + ", T, " + hd + "] x [" + k + ", " + hd + ", T] -> [" + h + ", T, T]",
       "rule 4 (inner head_dim); each KV head serves " + std::to_string(heads / kv_heads) + " query heads"});
  e.steps.push_back({"softmax(scores) · v", "[" + h + ", T, T] x [" + k + ", T, " + hd + "] -> [T, heads·head_dim]",
                     "the heads' outputs, concatenated"});
  e.steps.push_back({"· o", "[T, heads·head_dim] x " + dims("heads·head_dim", q, "D", d) + " -> [T, D]",
                     "rule 12: o reads the heads' output and returns to D"});
  e.steps.push_back({"KV cache", "k and v: 2·kv_heads·head_dim = " + std::to_string(2 * kv) + " values per token",
                     "per layer; a sliding window caps its tokens"});
  const cost::params qp = formula::linear_params(d, q, false), kp = formula::linear_params(d, kv, false);
  e.params.push_back({"q", "D·heads·head_dim", qp.value()});
  e.params.push_back({"k", "D·kv_heads·head_dim", kp.value()});
  e.params.push_back({"v", "D·kv_heads·head_dim", kp.value()});
  e.params.push_back({"o", "heads·head_dim·D", qp.value()});
  e.total_params = e.active_params = qp * 2 + kp * 2;
  e.params.push_back({"total", "2·D·head_dim·(heads + kv_heads)", e.total_params.value()});
  e.matmul_flops_per_token = cost::make_flops(cost::checked_mul(2, e.total_params.value()));
  e.flops.push_back({"projections", "2 per weight", e.matmul_flops_per_token.value()});
  e.flops.push_back({"attention", "4·heads·head_dim per cached token (scores, weighted sum)",
                     cost::checked_product(4, heads, head_dim)});
  return e;
}

namespace detail {

/// `s` with XML's five special characters escaped.
inline std::string xml_escaped(const std::string& s)
{
  std::string out;
  for (const char c : s) switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  return out;
}

/// The columns `s` takes in a monospaced font: its code points (UTF-8 continuation bytes skipped).
inline std::size_t columns(const std::string& s)
{
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0u) != 0x80u ? 1 : 0;
  return n;
}

}  // namespace detail

/**
 * @brief The shape chain as an SVG diagram: one box per step (what is computed, its shapes, the
 * rule that guards it), top to bottom, joined by arrows. Monospaced text, sized from its longest
 * line; no script, no external reference.
 */
inline std::string svg(const explanation& e)
{
  constexpr int char_w = 8, pad = 16, box_h = 66, gap = 26, top = 44;
  std::size_t widest = detail::columns(e.title);
  for (const auto& s : e.steps)
    for (const auto* t : {&s.what, &s.shapes, &s.rule}) widest = std::max(widest, detail::columns(*t));
  const int width = static_cast<int>(widest) * char_w + 2 * pad + 2;
  const int height = top + static_cast<int>(e.steps.size()) * (box_h + gap) - gap + pad;
  auto num = [](int v) { return std::to_string(v); };
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width) + "\" height=\"" + num(height) +
                    "\" viewBox=\"0 0 " + num(width) + " " + num(height) +
                    "\" font-family=\"DejaVu Sans Mono, Consolas, monospace\" font-size=\"13\">\n";
  out += "<title>" + detail::xml_escaped(e.title) + "</title>\n";
  out +=
      "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
      "markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>\n";
  out += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n";
  out += "<text x=\"" + num(pad) + "\" y=\"24\" font-weight=\"bold\">" + detail::xml_escaped(e.title) + "</text>\n";
  for (std::size_t i = 0; i < e.steps.size(); ++i) {
    const auto& s = e.steps[i];
    const int y = top + static_cast<int>(i) * (box_h + gap);
    out += "<g><rect x=\"1\" y=\"" + num(y) + "\" width=\"" + num(width - 2) + "\" height=\"" + num(box_h) +
           "\" rx=\"6\" fill=\"#f3f6fb\" stroke=\"#4a6fa5\"/>\n";
    out += "<text x=\"" + num(pad) + "\" y=\"" + num(y + 19) + "\" font-weight=\"bold\">" +
           detail::xml_escaped(s.what) + "</text>\n";
    out += "<text x=\"" + num(pad) + "\" y=\"" + num(y + 38) + "\">" + detail::xml_escaped(s.shapes) + "</text>\n";
    out += "<text x=\"" + num(pad) + "\" y=\"" + num(y + 57) + "\" fill=\"#555\" font-style=\"italic\">" +
           detail::xml_escaped(s.rule) + "</text></g>\n";
    if (i + 1 < e.steps.size())
      out += "<line x1=\"" + num(width / 2) + "\" y1=\"" + num(y + box_h) + "\" x2=\"" + num(width / 2) + "\" y2=\"" +
             num(y + box_h + gap - 2) + "\" stroke=\"#555\" marker-end=\"url(#arrow)\"/>\n";
  }
  return out + "</svg>\n";
}

}  // namespace shapeproof::explain

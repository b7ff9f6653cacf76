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

}  // namespace shapeproof::explain

// SPDX-License-Identifier: MIT
// `shapeproof params`: a model's parameters by component, its FFN's FLOPs and its weight memory.
#include "commands.hpp"
#include <nlohmann/json.hpp>

#include <shapeproof/cost/dtype.hpp>
#include <shapeproof/cost/memory.hpp>
#include <shapeproof/io/hf_config.hpp>
#include <shapeproof/models/kv_cache.hpp>
#include <shapeproof/models/model.hpp>
#include <shapeproof/models/presets.hpp>
#include <shapeproof/models/sharding.hpp>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace shapeproof::tool {

int params(const params_options& o)
{
  io::read_config r;
  if (!o.preset.empty()) {
    const auto* c = presets::find_model(o.preset);
    if (!c) {
      std::string names;
      for (const auto* p : presets::all_models) names += (names.empty() ? "" : ", ") + std::string(p->name);
      throw usage_error("no preset '" + o.preset + "'; the presets are: " + names);
    }
    r.name = std::string(c->name);
    r.family = "preset";
    r.config = *c;
  } else {
    r = io::read_hf_config(o.config);
  }
  const auto m = [&] {
    try {
      return models::count(r.config);
    } catch (const std::overflow_error& e) {  // widths each within bounds whose products are not
      throw usage_error((o.config.empty() ? "--preset " + o.preset : o.config) + ": " + e.what() +
                        " (the config's widths multiply beyond 2^63)");
    }
  }();
  const auto& c = r.config;
  const double ffn_share = m.ffn_share();
  for (const auto& note : r.notes) std::fprintf(stderr, "shapeproof: note: %s\n", note.c_str());

  // Each term, so that any convention of "active parameters" can be matched.
  auto terms_json = [](const models::param_terms& t) {
    nlohmann::ordered_json out;
    out["embedding"] = t.embedding.value();
    out["positions"] = t.positions.value();
    out["attention"] = t.attention.value();
    out["dense_ffn"] = t.dense_ffn.value();
    out["routed_experts"] = t.routed_experts.value();
    out["shared_experts"] = t.shared_experts.value();
    out["router"] = t.router.value();
    out["norms"] = t.norms.value();
    out["lm_head"] = t.lm_head.value();
    out["other"] = t.other.value();
    return out;
  };

  // Sharded: what each of tp · ep ranks holds and sends; a model that does not split is refused
  // with the rule and its numbers (exit 1: the model is fine, the split is not)
  const bool sharded = o.tp != 1 || o.ep != 1 || o.replicate_kv;
  const models::parallel_config parallel{
      o.tp, o.ep, o.replicate_kv ? models::kv_heads_policy::replicated : models::kv_heads_policy::split};
  if (sharded) {
    if (const auto fault = models::shard_fault_of(c, parallel); fault != models::shard_fault::none) {
      std::fprintf(stderr, "shapeproof: %s does not split: shapeproof rule 11: %s%s\n", r.name.c_str(),
                   models::shard_fault_message(c, parallel, fault).c_str(),
                   fault == models::shard_fault::kv_heads_split ? "; on the command line: --replicate-kv" : "");
      return problems;
    }
  }
  const models::rank_counts rank = sharded ? models::count_per_rank(c, parallel) : models::rank_counts{};
  // The KV cache, whole and per rank, for `batch` sequences of `context` tokens
  const auto* kv_dtype = find_dtype(o.kv_dtype);
  if (o.context && (*o.context < 1 || o.batch < 1 || !kv_dtype || !models::kv_cache_dtype(*kv_dtype)))
    throw usage_error(
        "--context and --batch must be 1 or more, and --kv-dtype one of f32, f16, bf16, f8_e4m3, f8_e5m2");
  models::kv_cache_counts kv, rank_kv;
  if (o.context) kv = models::kv_cache(c, *kv_dtype, *o.context, o.batch);
  if (o.context && sharded) rank_kv = models::kv_cache_per_rank(c, parallel, *kv_dtype, *o.context, o.batch);
  auto kv_json = [&](const models::kv_cache_counts& k, const char* weights_key, cost::params weights) {
    nlohmann::ordered_json out, serve;
    out["dtype"] = std::string(k.dtype), out["bytes_per_token"] = k.bytes_per_token.value();
    out["context"] = k.context, out["batch"] = k.batch, out["bytes"] = k.bytes.value();
    out["layers"] = k.layers, out["sliding_layers"] = k.sliding_layers, out["sliding_window"] = k.sliding_window;
    out["values_per_token_per_layer"] = k.values_per_token_per_layer, out["kv_heads_per_layer"] = k.kv_heads;
    for (const auto& dt : all_dtypes) serve[std::string(dt.name)] = (dt.bytes_of(weights) + k.bytes).value();
    out[weights_key] = serve;
    return out;
  };

  nlohmann::ordered_json j;
  j["name"] = r.name;
  j["family"] = r.family;
  j["total_params"] = m.total.value();
  j["active_params"] = m.active.value();
  j["embedding_params"] = m.embedding.value();
  j["position_embedding_params"] = m.positions.value();
  j["lm_head_params"] = m.lm_head.value();
  j["num_layers"] = c.layers;
  j["num_decoder_layers"] = c.decoder_layers;
  j["attention_params_per_layer"] = m.layer.attention.value();
  j["ffn_params_per_layer"] = m.layer.ffn.value();
  j["ffn_active_params_per_layer"] = m.layer.ffn_active.value();
  j["norm_params_per_layer"] = m.layer.norms.value();
  j["final_norm_params"] = m.final_norm.value();
  j["other_params"] = m.other.value();
  j["ffn_variant"] = std::string(c.ffn.variant);
  j["d_model"] = c.d_model;
  j["d_ff"] = c.ffn.d_ff;
  j["experts"] = c.ffn.experts;
  j["top_k"] = c.ffn.top_k;
  j["ffn_share"] = ffn_share;
  j["ffn_flops_per_token"] = m.ffn_matmul_flops_per_token.value();
  j["ffn_elementwise_flops_per_token"] = m.ffn_elementwise_flops_per_token.value();
  nlohmann::ordered_json bytes;
  for (const auto& dt : all_dtypes) bytes[std::string(dt.name)] = models::weight_bytes(m, dt).value();
  j["weight_bytes"] = bytes;
  j["training_bytes_adam_mixed_precision"] = training_bytes(m.total).value();
  j["params"] = {{"total", terms_json(m.terms)},
                 {"active", terms_json(m.active_terms)},
                 {"active_convention",
                  "every term a token uses, the input embedding and the LM head included "
                  "(Mixtral's 12.9B); subtract params.active.embedding for DeepSeek's"}};
  j["num_dense_layers"] = m.dense_layers;
  j["mtp_params"] = m.mtp.value();
  j["mtp_checkpoint_params"] = m.mtp_checkpoint.value();
  nlohmann::ordered_json memory;
  for (const auto& dt : all_dtypes) {
    const auto b = models::weight_bytes(m, dt).value();
    memory[std::string(dt.name)] = {{"bytes", b},
                                    {"GB", static_cast<double>(b) / 1e9},
                                    {"GiB", static_cast<double>(b) / 1073741824.0},
                                    {"bits_per_weight", dt.bits_per_weight()}};
  }
  j["weight_memory"] = memory;
  j["memory_units"] = "GB = 10^9 bytes, GiB = 2^30 bytes";
  j["defaults_used"] = r.defaults_used;
  j["notes"] = r.notes;
  if (sharded) {
    nlohmann::ordered_json per_rank;
    per_rank["tp"] = o.tp;
    per_rank["ep"] = o.ep;
    per_rank["ranks"] = o.tp * o.ep;
    per_rank["kv_heads"] = o.replicate_kv ? "replicated" : "split";
    per_rank["params"] = rank.params.value();
    per_rank["attention_heads"] = rank.heads;
    per_rank["kv_heads_per_rank"] = rank.kv_heads;
    per_rank["kv_head_shared_by_ranks"] = rank.kv_heads_shared_by;
    per_rank["vocab_rows"] = rank.vocab_rows;
    per_rank["d_ff"] = rank.d_ff;
    per_rank["routed_experts"] = rank.experts;
    per_rank["ffn_flops_per_token"] = rank.ffn_matmul_flops_per_token.value();
    nlohmann::ordered_json rank_memory, allreduce, alltoall;
    for (const auto& dt : all_dtypes) {
      rank_memory[std::string(dt.name)] = dt.bytes_of(rank.params).value();
      allreduce[std::string(dt.name)] = rank.allreduce_bytes_per_token(dt).value();
      alltoall[std::string(dt.name)] = rank.alltoall_bytes_per_token(dt).value();
    }
    per_rank["weight_bytes"] = rank_memory;
    per_rank["allreduces_per_token"] = rank.allreduces_per_token;
    per_rank["allreduce_bytes_per_token"] = allreduce;
    per_rank["alltoall_rows_per_token"] = rank.alltoall_rows_per_token;
    per_rank["alltoall_bytes_per_token"] = alltoall;
    if (o.context) per_rank["kv_cache"] = kv_json(rank_kv, "serving_bytes_by_weight_dtype", rank.params);
    j["per_rank"] = per_rank;
  }
  if (o.context) j["kv_cache"] = kv_json(kv, "serving_bytes_by_weight_dtype", m.total);

  if (o.format == "json") {
    std::printf("%s\n", j.dump(2).c_str());
    return ok;
  }
  const bool md = o.format == "markdown";
  auto row = [&](const char* key, const std::string& value) {
    if (md)
      std::printf("| %s | %s |\n", key, value.c_str());
    else
      std::printf("  %-34s %s\n", key, value.c_str());
  };
  if (md)
    std::printf("## %s (%s)\n\n| quantity | value |\n|---|---:|\n", r.name.c_str(), r.family.c_str());
  else
    std::printf("%s (%s)\n", r.name.c_str(), r.family.c_str());
  row("total parameters", grouped(m.total.value()));
  row("active parameters", grouped(m.active.value()) + (c.ffn.experts ? " (with the embedding and the LM head)" : ""));
  if (m.mtp.value())
    row("MTP layers (not in the total)", grouped(m.mtp.value()) + " (" + grouped(m.mtp_checkpoint.value()) +
                                             " as stored, with their embedding and head copies)");
  row("embedding", grouped(m.embedding.value()));
  if (m.positions.value()) row("position embedding", grouped(m.positions.value()));
  row("LM head", m.lm_head.value() ? grouped(m.lm_head.value()) : "tied or none (0)");
  row("layers", std::to_string(c.layers) +
                    (m.dense_layers ? " (" + std::to_string(m.dense_layers) + " dense, " +
                                          std::to_string(c.layers - m.dense_layers) + " MoE)"
                                    : "") +
                    (c.decoder_layers ? " + " + std::to_string(c.decoder_layers) + " decoder" : ""));
  row("attention per layer", grouped(m.layer.attention.value()));
  row(c.ffn.experts ? "FFN per MoE layer" : "FFN per layer",
      grouped(m.layer.ffn.value()) + " (" + std::string(c.ffn.variant) +
          (c.ffn.experts ? ", " + std::to_string(c.ffn.experts) + " experts, top " + std::to_string(c.ffn.top_k) : "") +
          ")");
  if (m.dense_layers) row("FFN per dense layer", grouped(m.dense_layer.ffn.value()));
  if (c.ffn.experts) {
    row("FFN active per MoE layer", grouped(m.layer.ffn_active.value()));
    // The active count's terms: what each convention adds or leaves out
    row("active: attention", grouped(m.active_terms.attention.value()));
    if (m.active_terms.dense_ffn.value()) row("active: dense FFNs", grouped(m.active_terms.dense_ffn.value()));
    row("active: routed experts (top-k)", grouped(m.active_terms.routed_experts.value()));
    if (m.active_terms.shared_experts.value())
      row("active: shared experts", grouped(m.active_terms.shared_experts.value()));
    row("active: routers", grouped(m.active_terms.router.value()));
    row("active: norms", grouped(m.active_terms.norms.value()));
    row("active without the input embedding", grouped((m.active - m.active_terms.embedding).value()));
  }
  row("norms per layer", grouped(m.layer.norms.value()));
  if (m.other.value()) row("other (token types, pooler, ...)", grouped(m.other.value()));
  char share[32];
  std::snprintf(share, sizeof share, "%.1f%%", 100.0 * ffn_share);
  row("FFN share of all parameters", share);
  row("FFN FLOPs per token (matmuls)", grouped(m.ffn_matmul_flops_per_token.value()));
  row("FFN FLOPs per token (element-wise)", grouped(m.ffn_elementwise_flops_per_token.value()));
  auto bits = [](double v) {
    char b[16];
    std::snprintf(b, sizeof b, "%g", v);
    return std::string(b);
  };
  for (const auto& dt : all_dtypes)
    if (commonly_shown(dt))
      row(("weights in " + std::string(dt.name)).c_str(),
          gigabytes(models::weight_bytes(m, dt)) +
              (dt.block > 1 ? " at " + bits(dt.bits_per_weight()) + " bits per weight" : ""));
  row("weights in other GGUF types", "--format json");
  row("memory units", "GB = 10^9 bytes, GiB = 2^30 bytes");
  row("training (mixed-precision Adam)", gigabytes(training_bytes(m.total)));
  if (sharded) {
    const std::string ranks =
        std::to_string(o.tp * o.ep) + " ranks (tp " + std::to_string(o.tp) + " x ep " + std::to_string(o.ep) + ")";
    row("split over", ranks);
    row("per rank: parameters", grouped(rank.params.value()));
    for (const auto& dt : all_dtypes)
      if (commonly_shown(dt))
        row(("per rank: weights in " + std::string(dt.name)).c_str(), gigabytes(dt.bytes_of(rank.params)));
    row("per rank: attention heads",
        std::to_string(rank.heads) + " query, " + std::to_string(rank.kv_heads) + " KV" +
            (rank.kv_heads_shared_by > 1
                 ? " (each KV head replicated on " + std::to_string(rank.kv_heads_shared_by) + " ranks)"
                 : ""));
    row("per rank: FFN d_ff", std::to_string(rank.d_ff) + " of " + std::to_string(c.ffn.d_ff));
    if (c.ffn.experts)
      row("per rank: routed experts", std::to_string(rank.experts) + " of " + std::to_string(c.ffn.experts));
    row("per rank: vocabulary rows", std::to_string(rank.vocab_rows) + " of " + std::to_string(c.vocab));
    row("per rank: FFN FLOPs per token", grouped(rank.ffn_matmul_flops_per_token.value()) + " (one layer, matmuls)");
    const dtype_info bf16_info = dtype_info_of<bf16>;
    if (o.tp > 1)
      row("all-reduce per token (bf16)", grouped(rank.allreduce_bytes_per_token(bf16_info).value()) + " bytes (" +
                                             std::to_string(rank.allreduces_per_token) + " of a [1, d_model] row)");
    if (o.ep > 1)
      row("all-to-all per token (bf16)", grouped(rank.alltoall_bytes_per_token(bf16_info).value()) + " bytes (" +
                                             std::to_string(rank.alltoall_rows_per_token) +
                                             " [1, d_model] rows, to experts and back)");
  }
  auto kv_rows = [&](const std::string& who, const models::kv_cache_counts& k, cost::params weights) {
    if (k.layers == 0) return row((who + "KV cache").c_str(), "none (an encoder attends both ways and caches nothing)");
    row((who + "KV cache per token (" + std::string(k.dtype) + ")").c_str(),
        grouped(k.bytes_per_token.value()) + " bytes (" + std::to_string(k.layers) + " layers of " +
            grouped(k.bytes_per_token_per_layer.value()) + ")");
    const std::string window = ", " + std::to_string(k.sliding_layers) + " layers hold " +
                               std::to_string(std::min(k.sliding_window, k.context));
    row((who + "KV cache").c_str(), gigabytes(k.bytes) + " (" + std::to_string(k.batch) + " x " +
                                        std::to_string(k.context) + " tokens" + (k.sliding_layers ? window : "") + ")");
    row((who + "to serve (bf16 weights + KV)").c_str(), gigabytes(dtype_info_of<bf16>.bytes_of(weights) + k.bytes));
  };
  if (o.context) kv_rows("", kv, m.total);
  if (o.context && sharded) kv_rows("per rank: ", rank_kv, rank.params);
  if (!r.defaults_used.empty() && !md) {
    std::string d;
    for (const auto& s : r.defaults_used) d += (d.empty() ? "" : ", ") + s;
    row("defaults applied", d);
  }
  return ok;
}

}  // namespace shapeproof::tool

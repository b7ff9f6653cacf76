// SPDX-License-Identifier: MIT
// shapeproof: size a model from a preset or its config.json, check every tensor of a checkpoint
// against the typed shapes, run an FFN on real weights. The command-line contract is the README's;
// exit codes: 0 done, 1 a check found problems, 2 bad usage or input.
#include "commands.hpp"
#include <CLI/CLI.hpp>

#include <shapeproof/io/gguf.hpp>
#include <shapeproof/io/hf_config.hpp>
#include <shapeproof/io/safetensors.hpp>
#include <shapeproof/io/synthetic.hpp>
#include <shapeproof/models/model.hpp>
#include <shapeproof/models/presets.hpp>
#include <shapeproof/runtime/panel_gemm.hpp>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
#include <utility>

namespace shapeproof::tool {

// `run`'s options before any work: one mode or the other, nothing beyond 16 GiB.
void check_run_options(const run_options& o)
{
  if (o.weights.empty()) {
    if (o.d == 0 && o.dff == 0 && o.tokens == 0)
      throw usage_error("run needs --weights, --input and --output, or the synthetic --d, --dff and --tokens");
    for (const auto& [option, value] :
         {std::pair{"--d", o.d}, std::pair{"--dff", o.dff}, std::pair{"--tokens", o.tokens}})
      if (value < 1) throw usage_error(std::string(option) + " must be positive, not " + std::to_string(value));
    if (!o.input.empty() || !o.output.empty()) throw usage_error("--input and --output need --weights");
    // Weights, activations and the chain's buffers in f32, counted in long double (no overflow). In panels, each
    // projection's outputs are padded to whole panels, and while one is repacked its copy as stored is still there.
    const auto padded = [](std::int64_t out) {  // whole panels of outputs (out < 2^63: no overflow)
      using runtime::detail::panel_count, runtime::detail::panel_width;
      return static_cast<long double>(panel_count(static_cast<std::size_t>(out)) * panel_width);
    };
    const long double d = static_cast<long double>(o.d), dff = static_cast<long double>(o.dff),
                      experts = o.variant == "moe" ? 8.0L : 1.0L, stored = d * dff * 3.0L * experts,
                      down = padded(o.d) * dff, up = padded(o.dff) * d;
    const bool f32 = o.dtype.empty() || o.dtype == "f32", wide = f32 || o.dtype == "bf16" || o.dtype == "f16";
    const long double weights = !wide || o.as_stored ? stored
                                : o.store_in_out     ? 2.0L * stored
                                                 : std::max(stored + std::max(down, up), (down + 2.0L * up) * experts);
    const long double floats = weights * (f32 ? 1.0L : 0.5L) + static_cast<long double>(o.tokens) * (d + 4.0L * dff);
    if (floats * 4.0L > 16.0L * (1ull << 30))
      throw usage_error("--d " + std::to_string(o.d) + " --dff " + std::to_string(o.dff) + " --tokens " +
                        std::to_string(o.tokens) + " would need more than 16 GiB");
  } else {
    if (o.input.empty() || o.output.empty()) throw usage_error("run --weights needs --input x.npy and --output y.npy");
    if (o.d || o.dff || o.tokens)
      throw usage_error("--d, --dff and --tokens are for the synthetic mode, without --weights");
    if (!o.dtype.empty())
      throw usage_error("--dtype is for the synthetic mode: with --weights, each tensor keeps the checkpoint's dtype");
  }
  if (o.layer) {
    if (o.weights.empty() || !io::is_gguf(o.weights))
      throw usage_error("--layer N runs a layer of a GGUF file (--weights model.gguf); --prefix names others'");
    if (o.variant == "moe" || !o.expert.empty() || o.top_k != 0 || !o.prefix.empty())
      throw usage_error("with --layer, the GGUF file says the tensors, the widths and the experts, if any");
    return;
  }
  if (o.variant.empty()) throw usage_error("run needs --variant (or --layer N of a GGUF file)");
  if (io::is_gguf(o.weights))
    throw usage_error(o.weights + ": a GGUF file, not a .safetensors file: name its layer with --layer N");
  if (o.variant == "moe" && o.expert.empty()) throw usage_error("--variant moe needs --expert VARIANT and --top-k K");
  if (o.variant != "moe" && (!o.expert.empty() || o.top_k != 0))
    throw usage_error("--expert and --top-k go with --variant moe only");
  if (o.variant != "moe" && o.ep > 1) throw usage_error("--ep splits an MoE's experts: it goes with --variant moe");
}

}  // namespace shapeproof::tool

int main(int argc, char** argv)
{
  using namespace shapeproof::tool;
  CLI::App app{"shapeproof: transformer FFNs checked by their types: size, check and run them"};
  app.require_subcommand(1);

  auto* report_cmd = app.add_subcommand("report", "every preset's parameters, and every variant run once (no files)");

  params_options po;
  auto* params_cmd = app.add_subcommand("params", "a model's parameters by component, FLOPs and memory");
  auto* preset_opt = params_cmd->add_option("--preset", po.preset, "a built-in model (see `shapeproof report`)");
  auto* config_opt = params_cmd->add_option("--config", po.config, "a Hugging Face config.json");
  preset_opt->excludes(config_opt);
  std::string preset_names;
  for (const auto* p : shapeproof::presets::all_models)
    preset_names += (preset_names.empty() ? "" : ", ") + std::string(p->name);
  params_cmd->footer("Presets: " + preset_names + "\n");
  params_cmd->add_option("--tp", po.tp, "tensor-parallel ranks: print what each rank holds and sends");
  params_cmd->add_option("--ep", po.ep, "expert-parallel ranks (an MoE's experts split over them)");
  params_cmd->add_flag("--replicate-kv", po.replicate_kv,
                       "with more tp ranks than KV heads: replicate each KV head on tp / kv_heads ranks");
  params_cmd->add_option("--context", po.context, "tokens per sequence: add the KV cache and the memory to serve");
  params_cmd->add_option("--batch", po.batch, "sequences at that context (default 1)");
  params_cmd->add_option("--kv-dtype", po.kv_dtype,
                         "the KV cache's dtype: bf16 (default), f16, f32, f8_e4m3 or f8_e5m2");
  params_cmd->add_option("--format", po.format, "table, json or markdown")
      ->check(CLI::IsMember({"table", "json", "markdown"}));

  check_options co;
  auto* check_cmd = app.add_subcommand("check", "check every tensor of a checkpoint against the config's shapes");
  check_cmd->add_option("--config", co.config, "the model's config.json")->required();
  check_cmd->add_option("--weights", co.weights, "model.safetensors, model.safetensors.index.json or model.gguf")
      ->required();

  run_options ro;
  auto* run_cmd = app.add_subcommand("run", "run an FFN on weights from a file, or on synthetic ones");
  run_cmd->add_option("--variant", ro.variant,
                      "relu, gelu, gelu_tanh, silu, glu, reglu, geglu, geglu_tanh, swiglu, "
                      "bilinear or moe (with --layer, the GGUF architecture's unless given)");
  run_cmd->add_option("--expert", ro.expert, "the experts' variant, with --variant moe");
  run_cmd->add_option("--top-k", ro.top_k, "experts per token, with --variant moe");
  run_cmd->add_option("--weights", ro.weights, "a .safetensors file (names and layout as in the README), or a .gguf");
  run_cmd->add_option("--layer", ro.layer, "the layer of a .gguf file to run (its FFN or MoE)");
  run_cmd->add_option("--prefix", ro.prefix, "a prefix of every tensor name, e.g. model.layers.0.mlp.");
  run_cmd->add_option("--input", ro.input, "x.npy: float32, [tokens, D]");
  run_cmd->add_option("--output", ro.output, "y.npy to write");
  run_cmd->add_option("--d", ro.d, "synthetic mode: the model width");
  run_cmd->add_option("--dff", ro.dff, "synthetic mode: the hidden width");
  run_cmd->add_option("--tokens", ro.tokens, "synthetic mode: the number of tokens");
  run_cmd->add_option("--seed", ro.seed, "synthetic mode: the weights' seed");
  run_cmd->add_option("--tp", ro.tp, "tensor-parallel ranks (under mpirun -n TP): each holds a slice of d_ff");
  run_cmd->add_option("--ep", ro.ep, "expert-parallel ranks (under mpirun -n EP): each holds experts / EP experts");
  run_cmd->add_flag("--as-stored", ro.as_stored,
                    "keep f32, bf16 and f16 weights as stored, not repacked in panels for the project's GEMM");
  run_cmd->add_flag("--store-in-out", ro.store_in_out,
                    "keep f32 weights as stored and transposed, [in, out], for sgemm: twice the memory");
  run_cmd->add_flag("--integer-dot", ro.integer_dot,
                    "quantized weights, up to 64 tokens: x quantized to 8 bits per 32 values, integer dot products");
  run_cmd->add_flag("--bf16-dot", ro.bf16_dot, "bf16 weights in panels, from 3 tokens: x rounded to bf16, bf16 dots");
  run_cmd
      ->add_option("--dtype", ro.dtype,
                   "synthetic mode: the weights' dtype, f32 (default), bf16, f16, or GGUF's q8_0, q4_0, q4_k, q6_k "
                   "(with --weights, the checkpoint's own dtype is kept)")
      ->check(CLI::IsMember({"f32", "bf16", "f16", "q8_0", "q4_0", "q4_k", "q6_k"}));

  synth_options so;
  auto* synth_cmd = app.add_subcommand(
      "synth", "write a small checkpoint with made-up weights for a config: safetensors, GGUF and an input .npy");
  synth_cmd->add_option("--config", so.config, "the model's config.json (keep it small: at most 2^30 parameters)")
      ->required();
  synth_cmd->add_option("--out", so.out, "the directory to write config.json, model.safetensors, model.gguf, x.npy")
      ->required();
  synth_cmd->add_option("--tokens", so.tokens, "rows of x.npy (default 4)");
  synth_cmd->add_option("--seed", so.seed, "the weights' seed (default 1)");
  synth_cmd->add_option("--dtype", so.dtype, "f32 (default), bf16 or f16")
      ->check(CLI::IsMember({"f32", "bf16", "f16"}));
  synth_cmd->add_option("--transpose", so.transpose, "write this tensor transposed, on purpose (repeatable)");
  synth_cmd->add_flag("--force", so.force, "replace files already in the directory");

  explain_options eo;
  auto* explain_cmd =
      app.add_subcommand("explain", "an FFN step by step: its shape chain, the rule of each step, every count's terms");
  explain_cmd
      ->add_option("variant", eo.variant,
                   "relu, gelu, gelu_tanh, silu, glu, reglu, geglu, geglu_tanh, swiglu or "
                   "bilinear (each expert's, with --experts), or attention")
      ->required();
  explain_cmd->add_option("--d", eo.d, "the model width D")->required();
  explain_cmd->add_option("--dff", eo.dff, "the hidden width Dff");
  explain_cmd->add_option("--heads", eo.heads, "attention: query heads");
  explain_cmd->add_option("--kv-heads", eo.kv_heads, "attention: KV heads (default: --heads)");
  explain_cmd->add_option("--head-dim", eo.head_dim, "attention: each head's width, as the model states it");
  explain_cmd->add_flag("--bias", eo.bias, "biases on every projection");
  explain_cmd->add_option("--experts", eo.experts, "an MoE layer of this many experts");
  explain_cmd->add_option("--top-k", eo.top_k, "experts per token, with --experts");
  explain_cmd->add_option("--format", eo.format, "table, markdown or svg (the shape chain as a diagram)")
      ->check(CLI::IsMember({"table", "markdown", "svg"}));

  if (argc == 1) {  // no command: the help, as an error (nothing was done)
    std::fputs(app.help().c_str(), stderr);
    return bad_input;
  }
  if (argc > 1 && argv[1][0] != '-') {
    const std::string command = argv[1];
    if (command != "report" && command != "params" && command != "check" && command != "run" && command != "explain" &&
        command != "synth") {
      std::fprintf(stderr,
                   "shapeproof: unknown command '%s'; the commands are report, params, check, run, explain and synth\n",
                   argv[1]);
      return bad_input;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
    return ok;
  } catch (const CLI::CallForAllHelp&) {
    std::fputs(app.help("", CLI::AppFormatMode::All).c_str(), stdout);
    return ok;
  } catch (const CLI::ParseError& e) {
    // A subcommand's --help is a ParseError too, with exit code 0.
    if (e.get_exit_code() == 0) return app.exit(e), ok;
    std::fprintf(stderr, "shapeproof: %s\nRun 'shapeproof --help' or 'shapeproof <command> --help'.\n", e.what());
    return bad_input;
  }

  try {
    if (*report_cmd) return report();
    if (*params_cmd) {
      if (po.preset.empty() == po.config.empty()) throw usage_error("params needs --preset NAME or --config FILE");
      return params(po);
    }
    if (*check_cmd) return check(co);
    if (*run_cmd) return run(ro);
    if (*explain_cmd) return explain_command(eo);
    if (*synth_cmd) return synth(so);
  } catch (const usage_error& e) {
    std::fprintf(stderr, "shapeproof: %s\n", e.what());
    return bad_input;
  } catch (const shapeproof::io::config_read_error& e) {
    std::fprintf(stderr, "shapeproof: %s\n", e.what());
    return bad_input;
  } catch (const shapeproof::io::gguf_error& e) {
    std::fprintf(stderr, "shapeproof: %s\n", e.what());
    return bad_input;
  } catch (const shapeproof::io::synthetic_error& e) {
    std::fprintf(stderr, "shapeproof: %s\n", e.what());
    return bad_input;
  } catch (const shapeproof::io::safetensors_error& e) {
    std::fprintf(stderr, "shapeproof: %s\n", e.what());
    return bad_input;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "shapeproof: %s\n", e.what());
    return bad_input;
  }
  return bad_input;
}

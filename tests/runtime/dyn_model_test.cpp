// SPDX-License-Identifier: MIT
// The run-time-sized model: the same bits as the typed one; loaded from a checkpoint by a layer's
// names, whole or one rank's slice; tensor- and expert-parallel over ranks that are threads of
// this process (a communicator of the tests' own), equal to the single process; refusals by name.
#include <unistd.h>

#include <shapeproof/io/synthetic.hpp>
#include <shapeproof/parallel/forward.hpp>
#include <shapeproof/runtime/load.hpp>
#include <shapeproof/runtime/npy.hpp>
#include <shapeproof/runtime/runtime.hpp>
#include <shapeproof/runtime/synthetic.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <barrier>
#include <cmath>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numbers>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#ifndef SHAPEPROOF_TEST_DATA
#error "SHAPEPROOF_TEST_DATA must name tests/data"
#endif
#ifndef SHAPEPROOF_TINY_LLAMA
#error "SHAPEPROOF_TINY_LLAMA must name the course's tiny-llama.json"
#endif

using namespace shapeproof;
namespace fs = std::filesystem;

namespace {

// Ranks that are threads: each collective publishes this rank's buffers, waits for every rank,
// reads the others', and waits again before anyone may reuse them.
class world {
public:
  explicit world(int size) : size_(size), sync_(size), a_(size_u()), b_(size_u()), c_(size_u()) {}
  std::size_t size_u() const { return static_cast<std::size_t>(size_); }
  int size_;
  std::barrier<> sync_;
  std::vector<const void*> a_, b_, c_;
};

class thread_communicator {
public:
  thread_communicator(world& w, int rank) : w_(w), rank_(rank) {}
  int rank() const { return rank_; }
  int size() const { return w_.size_; }
  void allreduce_sum(float* data, std::size_t n)
  {
    std::vector<float> sum(n, 0.0f);
    exchange(data, [&] {
      for (const void* p : w_.a_)
        for (std::size_t i = 0; i < n; ++i) sum[i] += static_cast<const float*>(p)[i];
    });
    std::copy(sum.begin(), sum.end(), data);
  }
  double allreduce_max(double v)
  {
    return reduce(v, [](double a, double b) { return std::max(a, b); });
  }
  long long allreduce_sum(long long v) { return reduce(v, std::plus<>{}); }
  void alltoall(const std::vector<int>& send, std::vector<int>& recv)
  {
    recv.assign(w_.size_u(), 0);
    exchange(&send, [&] {
      for (std::size_t r = 0; r < w_.size_u(); ++r) recv[r] = (*static_cast<const std::vector<int>*>(w_.a_[r]))[me()];
    });
  }
  // (As MPI requires, what a rank expects to receive must be what the other sends: else it throws.)
  template<typename T>
  void alltoallv(const T* send, const std::vector<int>& counts, const std::vector<int>& offsets, T* recv,
                 const std::vector<int>& recv_counts, const std::vector<int>& recv_offsets)
  {
    w_.b_[me()] = &counts;
    w_.c_[me()] = &offsets;
    bool agree = true;
    exchange(send, [&] {
      for (std::size_t r = 0; r < w_.size_u(); ++r) {
        const auto& n = *static_cast<const std::vector<int>*>(w_.b_[r]);
        const auto& at = *static_cast<const std::vector<int>*>(w_.c_[r]);
        agree = agree && n[me()] == recv_counts[r];
        std::copy_n(static_cast<const T*>(w_.a_[r]) + at[me()], std::min(n[me()], recv_counts[r]),
                    recv + recv_offsets[r]);
      }
    });
    if (!agree) throw std::logic_error("alltoallv: a receive count differs from the count sent");
  }
  void gather_to_first(const float* send, int n, float* recv, const std::vector<int>& counts)
  {
    if (n != counts[me()]) throw std::logic_error("gather_to_first: this rank sends other than its count");
    exchange(send, [&] {
      if (rank_ != 0) return;
      for (std::size_t r = 0; r < w_.size_u(); ++r)
        recv = std::copy_n(static_cast<const float*>(w_.a_[r]), counts[r], recv);
    });
  }
  bool all_ok(bool ok)
  {
    return reduce(ok ? 1LL : 0LL, [](long long a, long long b) { return std::min(a, b); }) == 1;
  }
  void barrier() { w_.sync_.arrive_and_wait(); }
  parallel::communication_clock& clock() { return clock_; }

private:
  std::size_t me() const { return static_cast<std::size_t>(rank_); }
  template<typename F>
  void exchange(const void* mine, F&& read)
  {
    w_.a_[me()] = mine;
    barrier();
    read();
    barrier();
  }
  template<typename T, typename Op>
  T reduce(T v, Op op)
  {
    T out = v;
    exchange(&v, [&] {
      for (std::size_t r = 0; r < w_.size_u(); ++r)
        if (r != me()) out = op(out, *static_cast<const T*>(w_.a_[r]));
    });
    return out;
  }
  world& w_;
  int rank_;
  parallel::communication_clock clock_;
};
static_assert(parallel::Communicator<thread_communicator>);

// The same ranks, whose all-reduce of floats tells their clock it took 10 s on rank 0 and 20 s
// on rank 1, after a wait of 1 s and 2 s, whatever it really took: the figures a timing reports
// are then known.
class charged_communicator : public thread_communicator {
public:
  using thread_communicator::allreduce_sum;
  using thread_communicator::thread_communicator;
  void allreduce_sum(float* data, std::size_t n)
  {
    thread_communicator::allreduce_sum(data, n);
    clock().communicating += 10.0 * (rank() + 1);
    clock().waiting += 1.0 * (rank() + 1);
  }
};
static_assert(parallel::Communicator<charged_communicator>);

// Runs f(comm) on `ranks` threads.
template<typename Comm = thread_communicator, typename F>
void on_ranks(int ranks, F f)
{
  world w(ranks);
  std::vector<std::thread> threads;
  for (int r = 0; r < ranks; ++r)
    threads.emplace_back([&w, r, &f] {
      Comm comm(w, r);
      f(comm);
    });
  for (auto& t : threads) t.join();
}

double max_difference(const xt::xtensor<float, 2>& a, const xt::xtensor<float, 2>& b)
{
  double d = 0;
  for (std::size_t i = 0; i < a.size(); ++i) d = std::max(d, std::fabs(double(a.data()[i]) - double(b.data()[i])));
  return d;
}
double scale_of(const xt::xtensor<float, 2>& a)
{
  double s = 0;
  for (const float v : a) s = std::max(s, std::fabs(double(v)));
  return s;
}

// A synthetic checkpoint of `config` (a path, or JSON text written first), in a fresh folder.
std::string checkpoint_of(const std::string& name, const std::string& config_text = "")
{
  const fs::path dir = fs::temp_directory_path() / ("shapeproof-dyn-model-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string config = SHAPEPROOF_TINY_LLAMA;
  if (!config_text.empty()) {
    config = (dir / "input.json").string();
    std::ofstream(config) << config_text;
  }
  io::synthetic_options o;
  o.seed = 5;
  o.tokens = 7;
  io::write_synthetic_checkpoint(config, (dir / "ck").string(), o);
  return (dir / "ck").string();
}

const std::string tiny_mixtral = R"({"model_type": "mixtral", "hidden_size": 32, "intermediate_size": 48,
  "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "vocab_size": 50,
  "num_local_experts": 4, "num_experts_per_tok": 2, "hidden_act": "silu", "tie_word_embeddings": false})";

struct d24 final : model_width<24> {};
struct f40 final : hidden_width<40> {};
struct tokens final : dim<dynamic> {};

}  // namespace

TEST_CASE("a run-time-sized FFN computes the typed one's bits, on the same seed and names", "[dyn_model]")
{
  const auto typed = runtime::weights<swiglu<d24, f40>>::init(3);
  const auto run_time = runtime::make_model({*find_variant("swiglu"), {"d_model", 24}, {"d_ff", 40}}, 3);
  const auto input = runtime::synthetic_input(5, 24, 9);
  const auto x = runtime::tensor<shape<tokens, d24>>::from_values("x", std::vector<std::int64_t>{5, 24},
                                                                  std::vector<float>(input.begin(), input.end()));
  const auto y_typed = runtime::forward(typed, x);
  const auto y_dynamic = run_time.forward(input);
  REQUIRE(y_dynamic.shape()[0] == 5);
  CHECK(std::equal(y_dynamic.begin(), y_dynamic.end(), y_typed.data().begin()));
  CHECK(run_time.matmul_flops_per_token() == 2.0 * 3 * 24 * 40);  // three [24, 40] matmuls, a multiply and an add
  CHECK(run_time.dtype() == "f32");
  CHECK_THROWS_WITH(run_time.forward(runtime::synthetic_input(5, 23, 9)),
                    Catch::Contains("rule 4") && Catch::Contains("the input's last dimension is 23"));
}

TEST_CASE("a description the rules refuse builds nothing", "[dyn_model]")
{
  const auto swiglu_v = *find_variant("swiglu");
  CHECK_THROWS_WITH(runtime::make_model({swiglu_v, {"d_model", 0}, {"d_ff", 8}}, 1), "d_model must be positive, not 0");
  CHECK_THROWS_WITH(runtime::make_model({swiglu_v, {"d_model", 8}, {"d_ff", 16}, 4, 5}, 1),
                    Catch::Contains("rule 6") && Catch::Contains("top_k 5 with 4 experts"));
  CHECK_THROWS_WITH(
      runtime::make_model({swiglu_v, {"d_model", 8}, {"d_ff", 16}}, 1, runtime::weight_dtype::f32, {0, 3, 1}),
      Catch::Contains("rule 11") && Catch::Contains("(d_ff = 16, tp = 3)"));
  CHECK_THROWS_WITH(
      runtime::make_model({swiglu_v, {"d_model", 8}, {"d_ff", 16}, 4, 2}, 1, runtime::weight_dtype::f32, {0, 1, 3}),
      Catch::Contains("(experts = 4, ep = 3)"));
}

TEST_CASE("a layer loaded by its family's names is the synthetic checkpoint's, typed or not", "[dyn_model]")
{
  const std::string ck = checkpoint_of("llama");
  const auto config = io::read_hf_config(ck + "/config.json");
  const auto file = io::safetensors_file::open(ck + "/model.safetensors");
  const auto q = runtime::layer_ffn(config, 1);
  CHECK(q.prefix == "model.layers.1.mlp.");
  const auto m = runtime::load_model(file, q);
  CHECK(m.d() == 64);
  CHECK(m.dff() == 176);
  CHECK(runtime::unread_tensors(file, m, q).empty());
  // synth's values are make_linear's for the same name and seed
  const auto made = runtime::make_linear("model.layers.1.mlp.down_proj", 176, 64, 5);
  CHECK(m.experts.front().down.weight == made.weight);

  struct d64 final : model_width<64> {};
  struct f176 final : hidden_width<176> {};
  const auto typed = runtime::weights<swiglu<d64, f176>>::load(file, q.prefix);
  const auto x = runtime::load_npy<shape<tokens, d64>>(ck + "/x.npy");
  const auto y_typed = runtime::forward(typed, x);
  const auto y = m.forward(runtime::load_npy_rows(ck + "/x.npy", 64));
  CHECK(std::equal(y.begin(), y.end(), y_typed.data().begin()));

  // A dense variant over the gated layer leaves its gate unread, and says what would read it
  auto dense = q;
  dense.variant = *find_variant("silu");
  const auto partial = runtime::load_model(file, dense);
  const auto unread = runtime::unread_tensors(file, partial, dense);
  REQUIRE(unread == std::vector<std::string>{"model.layers.1.mlp.gate_proj.weight"});
  CHECK_THAT(runtime::unread_reason(unread[0], partial, dense),
             Catch::StartsWith("gate_proj is read by the gated variants (glu, reglu"));
  CHECK_THROWS_WITH(runtime::layer_ffn(config, 2), "tiny-llama has 2 layers, 0 to 1; no layer 2");
  CHECK_THROWS_WITH(runtime::load_npy_rows(ck + "/x.npy", 65), Catch::Contains("the weights' d_model (65)"));
}

TEST_CASE("layer_ffn names each family's FFN, and refuses what the run-time model does not run", "[dyn_model]")
{
  const std::string data = SHAPEPROOF_TEST_DATA;
  const auto llama = runtime::layer_ffn(io::read_hf_config(data + "/llama-7b.json"), 31);
  CHECK(llama.prefix == "model.layers.31.mlp.");
  CHECK((llama.d == 4096 && llama.dff == 11008 && !llama.moe && llama.variant.name == "swiglu"));
  const auto mixtral = runtime::layer_ffn(io::read_hf_config(data + "/mixtral-8x7b-v0.1.json"), 0, "");
  CHECK(mixtral.prefix == "layers.0.block_sparse_moe.");
  CHECK((mixtral.moe && mixtral.experts == 8 && mixtral.top_k == 2 && mixtral.dff == 14336));
  CHECK((mixtral.names.gate == "w1" && mixtral.names.up == "w3" && mixtral.names.down == "w2"));
  CHECK(mixtral.names.router == "gate");
  const auto qwen3 = runtime::layer_ffn(io::read_hf_config(data + "/qwen3-30b-a3b.json"), 5);
  CHECK((qwen3.prefix == "model.layers.5.mlp." && qwen3.moe && qwen3.experts == 128 && qwen3.top_k == 8));
  CHECK(qwen3.names.gate == "gate_proj");
  const auto deepseek = io::read_hf_config(data + "/deepseek-v3.json");
  const auto dense = runtime::layer_ffn(deepseek, 0);  // first_k_dense_replace: 3
  CHECK((!dense.moe && dense.dff == 18432));
  CHECK_THROWS_WITH(runtime::layer_ffn(deepseek, 3), Catch::Contains("shared experts"));
  // Qwen3MoeConfig's norm_topk_prob is false: its top-k weights are not renormalised, which the
  // run-time model's routing does; with it true, it runs
  const std::string qwen3_moe = R"({"model_type": "qwen3_moe", "hidden_size": 64, "intermediate_size": 96,
      "num_hidden_layers": 2, "num_attention_heads": 4, "vocab_size": 100, "num_experts": 4, "num_experts_per_tok": 2,
      "moe_intermediate_size": 32)";
  CHECK_THROWS_WITH(runtime::layer_ffn(io::parse_hf_config(qwen3_moe + "}", "q.json"), 0),
                    Catch::Contains("norm_topk_prob is false"));
  CHECK(runtime::layer_ffn(io::parse_hf_config(qwen3_moe + R"(, "norm_topk_prob": true})", "q.json"), 0).moe);
  // DeepSeek-V3's routing adds a bias per expert (noaux_tc, its default), which the run-time model
  // lacks: refused even without shared experts
  const auto v3 = io::parse_hf_config(R"({"model_type": "deepseek_v3", "hidden_size": 64, "intermediate_size": 96,
      "moe_intermediate_size": 32, "num_hidden_layers": 2, "num_attention_heads": 4, "vocab_size": 100,
      "n_routed_experts": 4, "num_experts_per_tok": 2, "n_shared_experts": 0, "first_k_dense_replace": 1})",
                                      "v3.json");
  CHECK_THROWS_WITH(runtime::layer_ffn(v3, 1), Catch::Contains("router bias"));
  for (const char* other : {"gpt2.json", "bert-base-uncased.json", "t5-v1_1-base.json", "phi-3-mini-4k-instruct.json"})
    CHECK_THROWS_WITH(runtime::layer_ffn(io::read_hf_config(data + "/" + other), 0),
                      Catch::Contains("is not read yet"));
  CHECK_THROWS(runtime::layer_ffn(io::read_hf_config(data + "/llama-7b.json"), -1));
  // gpt-oss's experts: counted and checked, not run
  CHECK_THROWS_WITH(runtime::layer_ffn(io::read_hf_config(data + "/gpt-oss-20b.json"), 0),
                    Catch::Contains("gpt_oss: its experts run a clamped SwiGLU") && Catch::Contains("not run it yet"));
}

TEST_CASE("tensor-parallel ranks read their slices and sum to the single process", "[dyn_model][parallel]")
{
  const std::string ck = checkpoint_of("tp");
  const auto config = io::read_hf_config(ck + "/config.json");
  const auto file = io::safetensors_file::open(ck + "/model.safetensors");
  const auto q = runtime::layer_ffn(config, 0);
  const auto x = runtime::load_npy_rows(ck + "/x.npy", 64);
  const auto whole = runtime::load_model(file, q).forward(x);
  for (const int ranks : {1, 2, 4}) {
    std::vector<xt::xtensor<float, 2>> y(static_cast<std::size_t>(ranks));
    std::vector<std::size_t> slice(y.size());
    on_ranks(ranks, [&](thread_communicator& comm) {
      const auto split = parallel::split_of(comm, ranks);
      const auto m = runtime::load_model(file, q, split);
      auto& out = y[static_cast<std::size_t>(comm.rank())];
      out = xt::zeros<float>({x.shape()[0], m.d()});
      runtime::workspace ws;
      parallel::forward(m, split, comm, x.data(), x.shape()[0], out.data(), ws);
      slice[static_cast<std::size_t>(comm.rank())] = m.experts.front().up.out;
    });
    for (std::size_t r = 0; r < y.size(); ++r) {
      INFO(ranks << " ranks, rank " << r);
      CHECK(slice[r] == 176 / static_cast<std::size_t>(ranks));
      CHECK(max_difference(y[r], whole) <= 1e-5 * scale_of(whole));
    }
  }
  CHECK_THROWS_WITH(runtime::load_model(file, q, {0, 3, 1}), Catch::Contains("(d_ff = 176, tp = 3)"));
}

TEST_CASE("expert-parallel ranks route, exchange and gather the single process's output", "[dyn_model][parallel]")
{
  const std::string ck = checkpoint_of("ep", tiny_mixtral);
  const auto config = io::read_hf_config(ck + "/config.json");
  const auto file = io::safetensors_file::open(ck + "/model.safetensors");
  const auto q = runtime::layer_ffn(config, 1);
  REQUIRE(q.prefix == "model.layers.1.block_sparse_moe.");
  const auto x = runtime::load_npy_rows(ck + "/x.npy", 32);
  runtime::workspace single;
  const auto m_whole = runtime::load_model(file, q);
  CHECK(runtime::unread_tensors(file, m_whole, q).empty());
  const auto whole = m_whole.forward(x, single);
  const std::size_t hit_whole = single.experts_hit();
  for (const int ranks : {2, 4}) {
    xt::xtensor<float, 2> y0;
    std::vector<std::size_t> hits(static_cast<std::size_t>(ranks)), held(hits.size());
    on_ranks(ranks, [&](thread_communicator& comm) {
      const auto split = parallel::split_of(comm, 1, ranks);
      const auto m = runtime::load_model(file, q, split);
      held[static_cast<std::size_t>(comm.rank())] = m.experts.size();
      xt::xtensor<float, 2> y = xt::zeros<float>({x.shape()[0], m.d()});
      runtime::workspace ws;
      hits[static_cast<std::size_t>(comm.rank())] =
          parallel::forward(m, split, comm, x.data(), x.shape()[0], y.data(), ws);
      if (comm.rank() == 0) y0 = y;
    });
    INFO(ranks << " ranks");
    CHECK(max_difference(y0, whole) <= 1e-5 * scale_of(whole));
    for (const auto h : hits) CHECK(h == hit_whole);
    for (const auto n : held) CHECK(n == 4 / static_cast<std::size_t>(ranks));
  }
  // Widths asked for that the file does not have: its tensor named, before any split
  auto fewer = q;
  fewer.experts = 3;
  CHECK_THROWS_WITH(
      runtime::load_model(file, fewer, {0, 1, 3}),
      Catch::Contains("'model.layers.1.block_sparse_moe.gate.weight': expected [experts (3), d_model (32)]"));
  // A tensor under the prefix beyond the router's experts is named with the reason
  auto two = q;
  two.experts.reset();
  CHECK_THAT(runtime::unread_reason("model.layers.1.block_sparse_moe.experts.7.w1.weight", m_whole, two),
             Catch::Equals("the router has 4 experts, experts.0 to experts.3"));
  CHECK_THAT(runtime::unread_reason("model.layers.1.block_sparse_moe.extra.weight", m_whole, two),
             Catch::Equals("an MoE of swiglu experts reads no tensor of that name"));
  // A communicator of another size than the split's is refused, not overrun
  on_ranks(2, [&](thread_communicator& comm) {
    const auto m = runtime::load_model(file, q, {comm.rank(), 1, 2});
    xt::xtensor<float, 2> y = xt::zeros<float>({x.shape()[0], m.d()});
    runtime::workspace ws;
    CHECK_THROWS_AS(parallel::forward(m, {comm.rank(), 1, 4}, comm, x.data(), x.shape()[0], y.data(), ws),
                    runtime::split_error);
    // ... and so is a split naming the other rank
    const auto mine =
        runtime::make_model({*find_variant("swiglu"), {"d_model", static_cast<extent_t>(m.d())}, {"d_ff", 40}}, 1,
                            runtime::weight_dtype::f32, {comm.rank(), 2, 1});
    CHECK_THROWS_AS(parallel::forward(mine, {1 - comm.rank(), 2, 1}, comm, x.data(), x.shape()[0], y.data(), ws),
                    runtime::split_error);
    // ... and so is a rank that holds every expert under an expert-parallel split
    CHECK_THROWS_WITH(parallel::forward(m_whole, {comm.rank(), 1, 2}, comm, x.data(), x.shape()[0], y.data(), ws),
                      Catch::Contains("an expert-parallel rank holds 4 of 4 experts, not 1/2"));
  });
}

TEST_CASE("collectively: a rank's failure stops every rank, and only it says why", "[parallel]")
{
  std::vector<std::string> said(3);
  on_ranks(3, [&](thread_communicator& comm) {
    try {
      parallel::collectively(comm, [&] {
        if (comm.rank() == 1) throw std::runtime_error("rank 1 could not load");
      });
      said[static_cast<std::size_t>(comm.rank())] = "went on";
    } catch (const parallel::peer_failed&) {
      said[static_cast<std::size_t>(comm.rank())] = "stopped";
    } catch (const std::exception& e) {
      said[static_cast<std::size_t>(comm.rank())] = e.what();
    }
  });
  CHECK(said == std::vector<std::string>{"stopped", "rank 1 could not load", "stopped"});
  on_ranks(2, [&](thread_communicator& comm) {
    parallel::collectively(comm, [] {});
    said[static_cast<std::size_t>(comm.rank())] = "went on";
  });
  CHECK((said[0] == "went on" && said[1] == "went on"));
}

TEST_CASE("a projection with no rows or no columns is refused, not run as an empty FFN", "[dyn_model]")
{
  const fs::path path = fs::temp_directory_path() / ("shapeproof-empty-" + std::to_string(::getpid()) + ".safetensors");
  io::save_safetensors(path.string(), {{"up_proj.weight", {0, 16}, {}}, {"down_proj.weight", {16, 0}, {}}});
  runtime::load_request q;
  q.variant = *find_variant("relu");
  CHECK_THROWS_WITH(runtime::load_model(io::safetensors_file::open(path.string()), q),
                    Catch::Contains("tensor 'up_proj.weight': expected") && Catch::Contains("got [0, 16]"));
  fs::remove(path);
}

TEST_CASE("a layer is read the same from a checkpoint sharded over two files and its index", "[dyn_model]")
{
  const std::string ck = checkpoint_of("shards");
  const auto whole = io::safetensors_file::open(ck + "/model.safetensors");
  // Layer 1's down projection in a second shard, the rest in the first
  std::vector<io::f32_tensor> first, second;
  std::string weight_map;
  for (const auto& t : whole.tensors()) {
    const bool moved = t.name == "model.layers.1.mlp.down_proj.weight";
    (moved ? second : first).push_back({t.name, t.shape, whole.read_f32(t)});
    weight_map += std::string(weight_map.empty() ? "" : ", ") + "\"" + t.name + "\": \"" +
                  (moved ? "b.safetensors" : "a.safetensors") + "\"";
  }
  io::save_safetensors(ck + "/a.safetensors", first);
  io::save_safetensors(ck + "/b.safetensors", second);
  std::ofstream(ck + "/model.safetensors.index.json") << "{\"weight_map\": {" << weight_map << "}}";
  const auto sharded = io::checkpoint::open(ck + "/model.safetensors.index.json");
  REQUIRE(sharded.shard_count() == 2);
  const auto config = io::read_hf_config(ck + "/config.json");
  const auto q = runtime::layer_ffn(config, "1");
  const auto from_shards = runtime::load_model(sharded, q);
  const auto from_file = runtime::load_model(whole, q);
  CHECK(from_shards.experts[0].down.weight == from_file.experts[0].down.weight);
  CHECK(from_shards.experts[0].gate.weight == from_file.experts[0].gate.weight);
  CHECK(runtime::unread_tensors(sharded, from_shards, q).empty());
  // one rank's slice across the shards
  const auto half = runtime::load_model(sharded, q, {1, 2, 1});
  CHECK(half.experts[0].down.weight == runtime::load_model(whole, q, {1, 2, 1}).experts[0].down.weight);
  CHECK_THROWS_WITH(runtime::layer_ffn(config, "1x"), Catch::Contains("'1x': not a layer number"));
  CHECK_THROWS_WITH(runtime::layer_ffn(config, ""), Catch::Contains("not a layer number"));
}

TEST_CASE("a run-time-sized gelu_tanh FFN applies GELU's tanh approximation, not the exact erf form", "[dyn_model]")
{
  // up and down the identity on 6 widths, with no bias: y is the activation of x, element by element
  const std::size_t n = 6;
  runtime::dyn_ffn f;
  f.variant = *find_variant("gelu_tanh");
  for (runtime::dyn_linear* l : {&f.up, &f.down}) {
    l->in = l->out = n;
    l->weight.assign(n * n, 0.0f);
    for (std::size_t i = 0; i < n; ++i) l->weight[i * n + i] = 1.0f;
  }
  runtime::dyn_model m;
  m.experts.push_back(f);
  m.full_dff = n;
  // Points where the two forms are 1.5e-4 to 4.4e-4 apart
  const std::array<double, n> points{-3.0, -2.5, -1.0, 1.0, 1.5, 2.5};
  xt::xtensor<float, 2> x = xt::zeros<float>({std::size_t{1}, n});
  for (std::size_t i = 0; i < n; ++i) x(0, i) = static_cast<float>(points[i]);
  const auto y = m.forward(x);
  for (std::size_t i = 0; i < n; ++i) {
    const double v = points[i];
    // Hendrycks and Gimpel's approximation, 0.5·v·(1 + tanh(√(2/π)·(v + 0.044715·v³)))
    const double tanh_form = 0.5 * v * (1 + std::tanh(std::sqrt(2 / std::numbers::pi) * (v + 0.044715 * v * v * v)));
    const double erf_form = 0.5 * v * (1 + std::erf(v / std::sqrt(2.0)));
    CAPTURE(v);
    REQUIRE(std::fabs(tanh_form - erf_form) > 1e-4);
    CHECK(std::fabs(y(0, i) - tanh_form) <= 1e-5);
  }
}

TEST_CASE("a run-time-sized model in panels computes what it computes as stored; GGUF blocks stay blocks",
          "[dyn_model][panels]")
{
  using runtime::weight_dtype;
  const auto dtype = GENERATE(weight_dtype::f32, weight_dtype::bf16, weight_dtype::f16, weight_dtype::q8_0);
  const auto experts = GENERATE(0, 4);
  const auto rows = static_cast<std::size_t>(GENERATE(1, 9, 70));
  CAPTURE(runtime::dtype_name(dtype), experts, rows);
  runtime::model_description d{*find_variant("swiglu"), {"d_model", 64}, {"d_ff", 96}};
  d.experts = experts;
  d.top_k = experts ? 2 : 0;
  auto m = runtime::make_model(d, 5, dtype);
  const auto x = runtime::synthetic_input(rows, 64, 3);
  const auto stored = m.forward(x);
  const double bytes = m.bytes_read(m.experts.size());
  m.pack_panels();
  for (const auto& e : m.experts)
    for (const auto* l : {&e.gate, &e.up, &e.down})
      CHECK(((l->view().panels != nullptr) == (dtype != weight_dtype::q8_0) && !l->view().strips));
  const auto packed = m.forward(x);
  double scale = 1e-30, err = 0;
  for (std::size_t i = 0; i < stored.size(); ++i) {
    scale = std::max(scale, static_cast<double>(std::abs(stored.data()[i])));
    err = std::max(err, static_cast<double>(std::abs(packed.data()[i] - stored.data()[i])));
  }
  CHECK(err / scale <= 1e-5);
  CHECK(m.bytes_read(m.experts.size()) == bytes);  // a pass reads one of the two copies
  // Released, the weights as stored are gone: the same values, the same bytes read, half the memory
  auto released = runtime::make_model(d, 5, dtype);
  released.pack_panels(runtime::stored_copy::release);
  const auto released_y = released.forward(x);
  CHECK(std::equal(released_y.begin(), released_y.end(), packed.begin(), packed.end()));
  CHECK(released.bytes_read(released.experts.size()) == bytes);
  for (const auto& e : released.experts)
    for (const auto* l : {&e.gate, &e.up, &e.down}) {
      CHECK_FALSE(l->empty());
      CHECK((l->weight.empty() && l->weight16.empty()));            // GGUF blocks never had these
      CHECK(l->weight_q.empty() == (dtype != weight_dtype::q8_0));  // and stay as stored
    }
  if (dtype == weight_dtype::f32 && experts == 0)
    CHECK_THROWS_WITH(runtime::bare_chain_seconds(released.experts.front(), x.data(), rows),
                      Catch::Contains("released"));
}

TEST_CASE("a pass reads two bytes a weight kept in bf16 or f16, four in f32; an MoE its router and the experts hit",
          "[dyn_model]")
{
  // Three [8, 16] projections without biases: 384 weights
  const auto v = *find_variant("swiglu");
  CHECK(runtime::make_model({v, {"d_model", 8}, {"d_ff", 16}}, 1).bytes_read(1) == 384 * 4.0);
  CHECK(runtime::make_model({v, {"d_model", 8}, {"d_ff", 16}}, 1, runtime::weight_dtype::bf16).bytes_read(1) ==
        384 * 2.0);
  CHECK(runtime::make_model({v, {"d_model", 8}, {"d_ff", 16}}, 1, runtime::weight_dtype::f16).bytes_read(1) ==
        384 * 2.0);
  // An MoE of 4 such experts in bf16: the router, [4, 8] kept in f32, and 3 experts hit
  const auto moe = runtime::make_model({v, {"d_model", 8}, {"d_ff", 16}, 4, 2}, 1, runtime::weight_dtype::bf16);
  CHECK(moe.bytes_read(3) == 4 * 8 * 4.0 + 3 * 384 * 2.0);
  // A GELU FFN with biases, [8 -> 16 -> 8] in bf16: 256 weights of 2 bytes, 16 + 8 f32 biases of 4
  runtime::dyn_ffn f;
  f.variant = *find_variant("gelu");
  for (auto [l, in, out] : {std::tuple{&f.up, 8, 16}, std::tuple{&f.down, 16, 8}}) {
    l->in = static_cast<std::size_t>(in), l->out = static_cast<std::size_t>(out);
    l->dtype = runtime::weight_dtype::bf16;
    l->weight16.assign(l->in * l->out, 0);
    l->bias.assign(l->out, 0.0f);
  }
  runtime::dyn_model biased;
  biased.experts.push_back(f);
  biased.full_dff = 16;
  CHECK(biased.bytes_read(1) == 256 * 2.0 + 24 * 4.0);
}

TEST_CASE("an MoE's FLOPs per token are its top-k experts' and its router's", "[dyn_model]")
{
  // Each swiglu expert is three [8, 16] matmuls, 2·3·8·16 = 768 FLOPs; a token runs top_k = 2 of
  // them, and the router's [8 → 4] matmul, 2·8·4 = 64
  const auto m = runtime::make_model({*find_variant("swiglu"), {"d_model", 8}, {"d_ff", 16}, 4, 2}, 1);
  CHECK(m.matmul_flops_per_token() == 2 * 768.0 + 64);
  const auto one = runtime::make_model({*find_variant("swiglu"), {"d_model", 8}, {"d_ff", 16}, 4, 1}, 1);
  CHECK(one.matmul_flops_per_token() == 768.0 + 64);
}

TEST_CASE("a rank's slice of a synthetic model knows the whole d_ff, tensor- or expert-parallel", "[dyn_model]")
{
  const auto v = *find_variant("swiglu");
  for (const int rank : {0, 1}) {
    CAPTURE(rank);
    // Tensor-parallel over 2: each rank holds 8 of d_ff's 16 gate and up outputs
    const auto tp = runtime::make_model({v, {"d_model", 8}, {"d_ff", 16}}, 1, runtime::weight_dtype::f32, {rank, 2, 1});
    CHECK(tp.experts.front().up.out == 8);
    CHECK(tp.dff() == 16);
    // Expert-parallel over 2: each rank holds 2 of the 4 experts, each of them whole
    const auto ep =
        runtime::make_model({v, {"d_model", 8}, {"d_ff", 16}, 4, 2}, 1, runtime::weight_dtype::f32, {rank, 1, 2});
    CHECK(ep.experts.size() == 2);
    CHECK(ep.experts.front().up.out == 16);
    CHECK(ep.dff() == 16);
    // ... and each value is the whole model's at the same place: gate and up rows [8r, 8r + 8),
    // down's columns [8r, 8r + 8) of 16; experts 2r and 2r + 1 with the router
    const auto whole = runtime::make_model({v, {"d_model", 8}, {"d_ff", 16}}, 1);
    const auto& w = whole.experts.front();
    const auto& t = tp.experts.front();
    for (std::size_t o = 0; o < 8; ++o)
      for (std::size_t i = 0; i < 8; ++i) {
        const std::size_t row = 8 * static_cast<std::size_t>(rank) + o;
        CHECK(t.up.weight[o * 8 + i] == w.up.weight[row * 8 + i]);
        CHECK(t.gate.weight[o * 8 + i] == w.gate.weight[row * 8 + i]);
        CHECK(t.down.weight[o * 8 + i] == w.down.weight[o * 16 + 8 * static_cast<std::size_t>(rank) + i]);
      }
    const auto whole_moe = runtime::make_model({v, {"d_model", 8}, {"d_ff", 16}, 4, 2}, 1);
    CHECK(ep.first_expert == 2 * static_cast<std::size_t>(rank));
    CHECK(ep.router.weight == whole_moe.router.weight);
    for (std::size_t e = 0; e < 2; ++e) {
      const auto& mine = ep.experts[e];
      const auto& theirs = whole_moe.experts[2 * static_cast<std::size_t>(rank) + e];
      CHECK((mine.gate.weight == theirs.gate.weight && mine.up.weight == theirs.up.weight &&
             mine.down.weight == theirs.down.weight));
    }
  }
  // A split of two ranks has ranks 0 and 1
  CHECK_THROWS_WITH(runtime::make_model({v, {"d_model", 8}, {"d_ff", 16}}, 1, runtime::weight_dtype::f32, {2, 2, 1}),
                    Catch::Contains("a split over 2 ranks has no rank 2"));
  CHECK_THROWS_WITH(runtime::make_model({v, {"d_model", 8}, {"d_ff", 16}}, 1, runtime::weight_dtype::f32, {-1, 2, 1}),
                    Catch::Contains("has no rank -1"));
}

TEST_CASE("a sharded pass's timing reports the most any rank spent communicating, and apart the most it waited",
          "[dyn_model][parallel]")
{
  // Each pass of a tensor-parallel pair is one all-reduce, which charged_communicator charges as
  // 10 s and 20 s of communicating and 1 s and 2 s of waiting (the clock reset before each pass)
  std::vector<parallel::sharded_timing> timing(2);
  on_ranks<charged_communicator>(2, [&](charged_communicator& comm) {
    const auto split = parallel::split_of(comm, 2);
    const auto m = runtime::make_model({*find_variant("swiglu"), {"d_model", 8}, {"d_ff", 16}}, 1,
                                       runtime::weight_dtype::f32, split);
    const auto x = runtime::synthetic_input(3, 8, 2);
    xt::xtensor<float, 2> y = xt::zeros<float>({std::size_t{3}, std::size_t{8}});
    runtime::workspace ws;
    timing[static_cast<std::size_t>(comm.rank())] =
        parallel::time_forward(m, split, comm, x.data(), 3, y.data(), ws, 2);
  });
  for (const auto& t : timing) {
    CHECK(t.communicating == 20.0);  // rank 1's, exactly: only the all-reduce charges it
    // rank 1's 2 s and the barriers' real waits, a tiny model's microseconds
    CHECK(t.waiting >= 2.0);
    CHECK(t.waiting < 10.0);
    CHECK(t.seconds < 10.0);  // the pass's own time, which no charge enters
  }
}

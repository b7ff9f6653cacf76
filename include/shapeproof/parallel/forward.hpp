// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief A sharded FFN or MoE run over a `Communicator`: tensor- and expert-parallel.
 *
 * Each rank holds what `runtime::load_model` or `runtime::make_model` gave it for its
 * `rank_split`. Tensor-parallel: each rank's slice gives partial sums of every output row, and one
 * all-reduce adds them (down's bias, held by rank 0 only, is added once): every rank ends with
 * the whole output. Expert-parallel: each rank routes its share of the tokens, sends each token's
 * row to the ranks of its top-k experts and gets their outputs back (an all-to-all each way), and
 * weighs them; rank 0 gathers the rows: it alone ends with the whole output.
 */

#include <shapeproof/parallel/communicator.hpp>
#include <shapeproof/runtime/dyn_model.hpp>
#include <shapeproof/runtime/split.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace shapeproof::parallel {

/// Where rank `comm.rank()` sits when `comm.size()` ranks split a model `tp` or `ep` ways.
template<Communicator C>
runtime::rank_split split_of(const C& comm, std::int64_t tp, std::int64_t ep = 1)
{
  return {comm.rank(), tp, ep};
}

/// The expert-parallel forward pass; leaves the experts hit, summed over ranks, in `hit`.
template<Communicator C>
void forward_expert_parallel(const runtime::dyn_model& m, C& comm, const float* x, std::size_t rows, float* y,
                             runtime::workspace& ws, std::size_t& hit)
{
  const std::size_t d = m.d(), k = m.top_k, per_rank = m.experts.size();
  const auto ranks = static_cast<std::size_t>(comm.size()), me = static_cast<std::size_t>(comm.rank());
  auto first_row = [&](std::size_t r) { return rows * r / ranks; };
  const std::size_t t0 = first_row(me), mine = first_row(me + 1) - t0;

  // Route this rank's tokens; order the (token, expert) pairs by the rank holding the expert
  std::vector<std::size_t> chosen;
  std::vector<float> weights(mine * k);
  if (mine > 0)
    runtime::detail::route(m.router.view(), m.total_experts, k, x + t0 * d, mine, ws, 0, chosen, weights.data());
  std::vector<int> send_rows(ranks, 0), recv_rows;
  for (std::size_t j = 0; j < mine * k; ++j) ++send_rows[chosen[j] / per_rank];
  wait_for_all(comm);
  comm.alltoall(send_rows, recv_rows);
  auto offsets = [&](const std::vector<int>& counts, int scale) {
    std::vector<int> off(ranks, 0), scaled(ranks);
    for (std::size_t r = 0; r < ranks; ++r) {
      scaled[r] = counts[r] * scale;
      if (r > 0) off[r] = off[r - 1] + scaled[r - 1];
    }
    return std::pair{scaled, off};
  };
  std::vector<std::size_t> pair_at(mine * k);  // position of pair j in the send order
  {
    std::vector<int> next = offsets(send_rows, 1).second;
    for (std::size_t j = 0; j < mine * k; ++j) pair_at[j] = static_cast<std::size_t>(next[chosen[j] / per_rank]++);
  }
  std::vector<float> send(mine * k * d);
  std::vector<int> send_ids(mine * k);
  for (std::size_t j = 0; j < mine * k; ++j) {
    std::copy_n(x + (t0 + j / k) * d, d, send.data() + pair_at[j] * d);
    send_ids[pair_at[j]] = static_cast<int>(chosen[j] % per_rank);  // the expert, on its rank
  }
  std::size_t received = 0;
  for (const int c : recv_rows) received += static_cast<std::size_t>(c);
  std::vector<float> recv(received * d), results(received * d);
  std::vector<int> recv_ids(received);
  const auto [send_floats, send_float_off] = offsets(send_rows, static_cast<int>(d));
  const auto [recv_floats, recv_float_off] = offsets(recv_rows, static_cast<int>(d));
  const auto [send_count, send_off] = offsets(send_rows, 1);
  const auto [recv_count, recv_off] = offsets(recv_rows, 1);
  comm.alltoallv(send.data(), send_floats, send_float_off, recv.data(), recv_floats, recv_float_off);
  comm.alltoallv(send_ids.data(), send_count, send_off, recv_ids.data(), recv_count, recv_off);

  // This rank's experts on the rows sent to them
  std::vector<float> gathered(received * d), out(received * d);
  std::vector<std::size_t> at;
  std::size_t local_hit = 0;
  for (std::size_t e = 0; e < per_rank; ++e) {
    at.clear();
    for (std::size_t i = 0; i < received; ++i)
      if (static_cast<std::size_t>(recv_ids[i]) == e) at.push_back(i);
    if (at.empty()) continue;
    ++local_hit;
    for (std::size_t i = 0; i < at.size(); ++i) std::copy_n(recv.data() + at[i] * d, d, gathered.data() + i * d);
    runtime::detail::ffn_rows(m.experts[e].view(), gathered.data(), at.size(), out.data(), ws, 4);
    for (std::size_t i = 0; i < at.size(); ++i) std::copy_n(out.data() + i * d, d, results.data() + at[i] * d);
  }
  // ... and back to the tokens' ranks, in the order they were sent
  std::vector<float> back(mine * k * d);
  wait_for_all(comm);
  comm.alltoallv(results.data(), recv_floats, recv_float_off, back.data(), send_floats, send_float_off);
  std::vector<float> own(mine * d, 0.0f);
  for (std::size_t j = 0; j < mine * k; ++j) {
    float* row = own.data() + (j / k) * d;
    const float* r = back.data() + pair_at[j] * d;
    for (std::size_t c = 0; c < d; ++c) row[c] += weights[j] * r[c];
  }
  std::vector<int> counts(ranks);
  for (std::size_t r = 0; r < ranks; ++r) counts[r] = static_cast<int>((first_row(r + 1) - first_row(r)) * d);
  comm.gather_to_first(own.data(), static_cast<int>(mine * d), y, counts);
  hit = static_cast<std::size_t>(comm.allreduce_sum(static_cast<long long>(local_hit)));
}

/// y[rows, d] = the model of x[rows, d], sharded as `sp` says: whole on every rank under tensor
/// parallelism, whole on rank 0 under expert parallelism. Every rank passes the whole input.
/// Returns the experts hit (an MoE's, summed over ranks).
template<Communicator C>
std::size_t forward(const runtime::dyn_model& m, const runtime::rank_split& sp, C& comm, const float* x,
                    std::size_t rows, float* y, runtime::workspace& ws)
{
  if (sp.tp * sp.ep != comm.size() || sp.rank != comm.rank())
    throw runtime::split_error("rank " + std::to_string(sp.rank) + " of tp " + std::to_string(sp.tp) + " x ep " +
                               std::to_string(sp.ep) + " run on rank " + std::to_string(comm.rank()) + " of " +
                               std::to_string(comm.size()));
  if (sp.ep > 1 && m.experts.size() * static_cast<std::size_t>(sp.ep) != m.total_experts)
    throw runtime::split_error("an expert-parallel rank holds " + std::to_string(m.experts.size()) + " of " +
                               std::to_string(m.total_experts) + " experts, not 1/" + std::to_string(sp.ep));
  std::size_t hit = 0;
  if (sp.ep > 1) {
    forward_expert_parallel(m, comm, x, rows, y, ws, hit);
    return hit;
  }
  m.forward(x, rows, y, ws);
  wait_for_all(comm);
  comm.allreduce_sum(y, rows * m.d());
  return ws.experts_hit();
}

/// The best of several sharded passes: each timed as its slowest rank's, with the most any rank
/// spent communicating and waiting for the others in it.
struct sharded_timing {
  double seconds = 1e30, communicating = 0, waiting = 0;
  std::size_t experts_hit = 0;
};

/// Runs `forward` once to warm up, then `repeats` times from a barrier, and keeps the fastest.
template<Communicator C>
sharded_timing time_forward(const runtime::dyn_model& m, const runtime::rank_split& sp, C& comm, const float* x,
                            std::size_t rows, float* y, runtime::workspace& ws, int repeats = 3)
{
  sharded_timing best;
  best.experts_hit = forward(m, sp, comm, x, rows, y, ws);
  for (int rep = 0; rep < repeats; ++rep) {
    comm.barrier();
    comm.clock().reset();
    const auto start = std::chrono::steady_clock::now();
    const std::size_t hit = forward(m, sp, comm, x, rows, y, ws);
    const double t =
        comm.allreduce_max(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    const double c = comm.allreduce_max(comm.clock().communicating);
    const double w = comm.allreduce_max(comm.clock().waiting);
    if (t < best.seconds) best = {t, c, w, hit};
  }
  return best;
}

}  // namespace shapeproof::parallel

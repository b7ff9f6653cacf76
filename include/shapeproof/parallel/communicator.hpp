// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief The collective operations a sharded FFN needs, as a concept; and one process's.
 *
 * A `Communicator` is what `parallel::forward` runs over: Open MPI's world
 * (`parallel/mpi.hpp`, target `shapeproof::mpi`, the only header that includes `mpi.h`), or
 * `single_process` (every collective of one rank is a copy), for tests and for a program that
 * runs sharded code on one process. Each collective of more than one rank is one call of the
 * implementation; the time the exchanges of data take (all-reduces of floats, all-to-alls,
 * gathers) is charged to the communicator's `clock()`, that of scalar reductions and barriers not.
 */

#include <algorithm>
#include <chrono>
#include <concepts>
#include <cstddef>
#include <exception>
#include <stdexcept>
#include <utility>
#include <vector>

namespace shapeproof::parallel {

/// Seconds spent in collectives (barriers apart), and waiting for the slowest rank, since `reset`.
struct communication_clock {
  double communicating = 0, waiting = 0;
  void reset() { communicating = waiting = 0; }
  /// Adds the time since `start` to `communicating`.
  void charge(std::chrono::steady_clock::time_point start)
  {
    communicating += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
};

// clang-format off
/// Ranks `0 .. size()-1`, each running the same program, and the collectives between them.
template<typename C>
concept Communicator = requires(C& c, const C& cc, float* f, const float* cf, int* i, const int* ci, std::size_t n,
                                double v, long long s, const std::vector<int>& counts, std::vector<int>& out) {
  { cc.rank() } -> std::convertible_to<int>;
  { cc.size() } -> std::convertible_to<int>;
  c.allreduce_sum(f, n);                          // f[i] = the sum over ranks of f[i]
  { c.allreduce_max(v) } -> std::same_as<double>;
  { c.allreduce_sum(s) } -> std::same_as<long long>;
  c.alltoall(counts, out);                        // each rank's counts[r] to rank r
  c.alltoallv(cf, counts, counts, f, counts, counts);  // variable-length exchange: counts, offsets
  c.alltoallv(ci, counts, counts, i, counts, counts);
  c.gather_to_first(cf, 1, f, counts);            // rank 0 gets every rank's floats, in rank order
  { c.all_ok(true) } -> std::same_as<bool>;       // whether every rank says ok
  c.barrier();
  { c.clock() } -> std::same_as<communication_clock&>;
};
// clang-format on

/// One process: rank 0 of 1, every collective a copy or nothing.
class single_process {
public:
  int rank() const { return 0; }
  int size() const { return 1; }
  void allreduce_sum(float*, std::size_t) {}
  double allreduce_max(double v) { return v; }
  long long allreduce_sum(long long v) { return v; }
  void alltoall(const std::vector<int>& send, std::vector<int>& recv) { recv = send; }
  template<typename T>
  void alltoallv(const T* send, const std::vector<int>& send_counts, const std::vector<int>& send_offsets, T* recv,
                 const std::vector<int>& /*recv_counts*/, const std::vector<int>& recv_offsets)
  {
    std::copy_n(send + send_offsets[0], send_counts[0], recv + recv_offsets[0]);
  }
  void gather_to_first(const float* send, int n, float* recv, const std::vector<int>&) { std::copy_n(send, n, recv); }
  bool all_ok(bool ok) { return ok; }
  void barrier() {}
  communication_clock& clock() { return clock_; }

private:
  communication_clock clock_;
};
static_assert(Communicator<single_process>);

/// A barrier timed apart, as waiting: the time this rank waits for the slowest before an
/// exchange, so that the clock's `communicating` is the exchange's own.
template<Communicator C>
void wait_for_all(C& comm)
{
  const auto start = std::chrono::steady_clock::now();
  comm.barrier();
  comm.clock().waiting += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Thrown on the ranks that did not fail when another did: the reason is that rank's to say.
class peer_failed : public std::runtime_error {
public:
  peer_failed() : std::runtime_error("another rank failed") {}
};

/// Runs `f()` on every rank, and has the ranks agree on the outcome: all go on, or all stop (a
/// rank going on alone would wait for ever in the next collective). A rank whose `f` threw
/// rethrows it; the others throw `peer_failed`.
template<Communicator C, typename F>
void collectively(C& comm, F&& f)
{
  std::exception_ptr failed;
  try {
    std::forward<F>(f)();
  } catch (...) {
    failed = std::current_exception();
  }
  if (comm.all_ok(!failed)) return;
  if (failed) std::rethrow_exception(failed);
  throw peer_failed();
}

}  // namespace shapeproof::parallel

// SPDX-License-Identifier: MIT
#pragma once
// The collective operations a sharded `run` needs, over Open MPI when the command is built with it
// (tools/mpi_communicator.cpp), or a single process otherwise. Nothing home-made carries bytes
// between processes: every operation with more than one rank is one MPI call, timed.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace shapeproof::tool {

class communicator {
public:
  virtual ~communicator() = default;
  virtual int rank() const { return 0; }
  virtual int size() const { return 1; }
  /// Whether this process runs under an MPI launcher (`mpirun`).
  virtual bool launched() const { return false; }
  /// data[i] = the sum over ranks of data[i] (MPI_Allreduce).
  virtual void allreduce_sum(float* /*data*/, std::size_t /*n*/) {}
  virtual double allreduce_max(double v) { return v; }
  virtual long long allreduce_sum(long long v) { return v; }
  /// Every rank's `send[r]` ints to rank r; `recv[r]` from rank r (MPI_Alltoall).
  virtual void alltoall(const std::vector<int>& send, std::vector<int>& recv) { recv = send; }
  /// Variable-length exchange of floats (MPI_Alltoallv): counts and displacements in elements.
  virtual void alltoallv(const float* send, const std::vector<int>& send_counts, const std::vector<int>& send_offsets,
                         float* recv, const std::vector<int>& recv_counts, const std::vector<int>& recv_offsets)
  {
    for (std::size_t i = 0; i < static_cast<std::size_t>(send_counts[0]); ++i)
      recv[static_cast<std::size_t>(recv_offsets[0]) + i] = send[static_cast<std::size_t>(send_offsets[0]) + i];
    (void)recv_counts;
  }
  virtual void alltoallv(const int* send, const std::vector<int>& send_counts, const std::vector<int>& send_offsets,
                         int* recv, const std::vector<int>& recv_counts, const std::vector<int>& recv_offsets)
  {
    for (std::size_t i = 0; i < static_cast<std::size_t>(send_counts[0]); ++i)
      recv[static_cast<std::size_t>(recv_offsets[0]) + i] = send[static_cast<std::size_t>(send_offsets[0]) + i];
    (void)recv_counts;
  }
  /// Rank 0 gets every rank's `n` floats, in rank order, at `recv` (MPI_Gatherv).
  virtual void gather_to_first(const float* send, int n, float* recv, const std::vector<int>& counts)
  {
    (void)counts;
    for (int i = 0; i < n; ++i) recv[i] = send[i];
  }
  /// Whether every rank says ok (MPI_Allreduce of a flag): all ranks then go on, or all stop.
  virtual bool all_ok(bool ok) { return ok; }
  virtual void barrier() {}
  /// A barrier timed apart: the time this rank waits for the slowest one before an exchange,
  /// so that `seconds_communicating` is the exchange's own.
  void wait_for_all()
  {
    const auto start = std::chrono::steady_clock::now();
    barrier();
    waiting_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  /// Seconds spent in the operations above (barriers apart), and waiting, since the last reset.
  double seconds_communicating() const { return seconds_; }
  double seconds_waiting() const { return waiting_; }
  void reset_clock() { seconds_ = waiting_ = 0; }

protected:
  // Adds the time since `start` to the communication clock.
  void charge(std::chrono::steady_clock::time_point start)
  {
    seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

private:
  double seconds_ = 0, waiting_ = 0;
};

/// The communicator of this process: Open MPI's world when built with it and launched by
/// `mpirun` (or when `ranks_wanted` > 1, so that a missing launcher is a clear error), else one
/// process. Throws `usage_error` when more than one rank is wanted and MPI is not built in.
std::unique_ptr<communicator> make_communicator(long long ranks_wanted);

/// Whether the command was built with Open MPI.
bool built_with_mpi();

}  // namespace shapeproof::tool

// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief The `Communicator` over MPI's world (Open MPI): target `shapeproof::mpi`.
 *
 * The only shapeproof header that includes `mpi.h`. `mpi_communicator` initialises MPI if no one
 * has, and finalises it if it did. Each collective is one MPI call; the exchanges of data are
 * timed on its `clock()`. `abort` ends every rank, for a failure the ranks did not agree on.
 */

#include <mpi.h>

#include <shapeproof/parallel/communicator.hpp>

#include <chrono>
#include <cstdlib>
#include <vector>

namespace shapeproof::parallel {

/// Whether this process was started by an MPI launcher (Open MPI's `mpirun`, or a PMI one).
inline bool under_mpi_launcher()
{
  return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMI_SIZE") != nullptr ||
         std::getenv("PMIX_RANK") != nullptr;
}

class mpi_communicator {
public:
  mpi_communicator()
  {
    int initialised = 0;
    MPI_Initialized(&initialised);
    if (!initialised) {
      MPI_Init(nullptr, nullptr);
      owner_ = true;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  mpi_communicator(const mpi_communicator&) = delete;
  mpi_communicator& operator=(const mpi_communicator&) = delete;
  ~mpi_communicator()
  {
    int finalised = 0;
    MPI_Finalized(&finalised);
    if (owner_ && !finalised) MPI_Finalize();
  }
  int rank() const { return rank_; }
  int size() const { return size_; }

  void allreduce_sum(float* data, std::size_t n)
  {
    const auto start = std::chrono::steady_clock::now();
    MPI_Allreduce(MPI_IN_PLACE, data, static_cast<int>(n), MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
    clock_.charge(start);
  }
  double allreduce_max(double v)
  {
    MPI_Allreduce(MPI_IN_PLACE, &v, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    return v;
  }
  long long allreduce_sum(long long v)
  {
    MPI_Allreduce(MPI_IN_PLACE, &v, 1, MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
    return v;
  }
  void alltoall(const std::vector<int>& send, std::vector<int>& recv)
  {
    const auto start = std::chrono::steady_clock::now();
    recv.assign(static_cast<std::size_t>(size_), 0);
    MPI_Alltoall(send.data(), 1, MPI_INT, recv.data(), 1, MPI_INT, MPI_COMM_WORLD);
    clock_.charge(start);
  }
  void alltoallv(const float* send, const std::vector<int>& send_counts, const std::vector<int>& send_offsets,
                 float* recv, const std::vector<int>& recv_counts, const std::vector<int>& recv_offsets)
  {
    exchange(send, send_counts, send_offsets, recv, recv_counts, recv_offsets, MPI_FLOAT);
  }
  void alltoallv(const int* send, const std::vector<int>& send_counts, const std::vector<int>& send_offsets, int* recv,
                 const std::vector<int>& recv_counts, const std::vector<int>& recv_offsets)
  {
    exchange(send, send_counts, send_offsets, recv, recv_counts, recv_offsets, MPI_INT);
  }
  void gather_to_first(const float* send, int n, float* recv, const std::vector<int>& counts)
  {
    const auto start = std::chrono::steady_clock::now();
    std::vector<int> offsets(static_cast<std::size_t>(size_), 0);
    for (std::size_t r = 1; r < offsets.size(); ++r) offsets[r] = offsets[r - 1] + counts[r - 1];
    MPI_Gatherv(send, n, MPI_FLOAT, recv, counts.data(), offsets.data(), MPI_FLOAT, 0, MPI_COMM_WORLD);
    clock_.charge(start);
  }
  bool all_ok(bool ok)
  {
    int flag = ok ? 1 : 0;
    MPI_Allreduce(MPI_IN_PLACE, &flag, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    return flag == 1;
  }
  void barrier() { MPI_Barrier(MPI_COMM_WORLD); }
  communication_clock& clock() { return clock_; }
  /// Ends every rank's process with `code` (MPI_Abort): what a rank must do when it fails where the
  /// others cannot know it, as they would otherwise wait for it for ever.
  [[noreturn]] void abort(int code)
  {
    MPI_Abort(MPI_COMM_WORLD, code);
    std::abort();  // (MPI_Abort does not return)
  }

private:
  template<typename T>
  void exchange(const T* send, const std::vector<int>& send_counts, const std::vector<int>& send_offsets, T* recv,
                const std::vector<int>& recv_counts, const std::vector<int>& recv_offsets, MPI_Datatype type)
  {
    const auto start = std::chrono::steady_clock::now();
    MPI_Alltoallv(send, send_counts.data(), send_offsets.data(), type, recv, recv_counts.data(), recv_offsets.data(),
                  type, MPI_COMM_WORLD);
    clock_.charge(start);
  }

  int rank_ = 0, size_ = 1;
  bool owner_ = false;
  communication_clock clock_;
};
static_assert(Communicator<mpi_communicator>);

}  // namespace shapeproof::parallel

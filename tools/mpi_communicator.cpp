// SPDX-License-Identifier: MIT
// The communicator over Open MPI (built when CMake finds MPI; SHAPEPROOF_WITH_MPI), or the single
// process one.
#include "commands.hpp"
#include "communicator.hpp"

#include <cstdlib>
#include <string>

#ifdef SHAPEPROOF_WITH_MPI
#include <mpi.h>
#endif

namespace shapeproof::tool {

#ifdef SHAPEPROOF_WITH_MPI
namespace {

// Launched by mpirun (Open MPI, or a PMI launcher): the environment says so.
bool under_launcher()
{
  return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMI_SIZE") != nullptr ||
         std::getenv("PMIX_RANK") != nullptr;
}

class mpi_communicator final : public communicator {
public:
  mpi_communicator()
  {
    int initialised = 0;
    MPI_Initialized(&initialised);
    if (!initialised) MPI_Init(nullptr, nullptr);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  mpi_communicator(const mpi_communicator&) = delete;
  mpi_communicator& operator=(const mpi_communicator&) = delete;
  ~mpi_communicator() override
  {
    int finalised = 0;
    MPI_Finalized(&finalised);
    if (!finalised) MPI_Finalize();
  }
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  bool launched() const override { return under_launcher(); }

  void allreduce_sum(float* data, std::size_t n) override
  {
    const auto start = std::chrono::steady_clock::now();
    MPI_Allreduce(MPI_IN_PLACE, data, static_cast<int>(n), MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
    charge(start);
  }
  double allreduce_max(double v) override
  {
    MPI_Allreduce(MPI_IN_PLACE, &v, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    return v;
  }
  long long allreduce_sum(long long v) override
  {
    MPI_Allreduce(MPI_IN_PLACE, &v, 1, MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
    return v;
  }
  void alltoall(const std::vector<int>& send, std::vector<int>& recv) override
  {
    const auto start = std::chrono::steady_clock::now();
    recv.assign(static_cast<std::size_t>(size_), 0);
    MPI_Alltoall(send.data(), 1, MPI_INT, recv.data(), 1, MPI_INT, MPI_COMM_WORLD);
    charge(start);
  }
  void alltoallv(const float* send, const std::vector<int>& send_counts, const std::vector<int>& send_offsets,
                 float* recv, const std::vector<int>& recv_counts, const std::vector<int>& recv_offsets) override
  {
    const auto start = std::chrono::steady_clock::now();
    MPI_Alltoallv(send, send_counts.data(), send_offsets.data(), MPI_FLOAT, recv, recv_counts.data(),
                  recv_offsets.data(), MPI_FLOAT, MPI_COMM_WORLD);
    charge(start);
  }
  void alltoallv(const int* send, const std::vector<int>& send_counts, const std::vector<int>& send_offsets, int* recv,
                 const std::vector<int>& recv_counts, const std::vector<int>& recv_offsets) override
  {
    const auto start = std::chrono::steady_clock::now();
    MPI_Alltoallv(send, send_counts.data(), send_offsets.data(), MPI_INT, recv, recv_counts.data(), recv_offsets.data(),
                  MPI_INT, MPI_COMM_WORLD);
    charge(start);
  }
  void gather_to_first(const float* send, int n, float* recv, const std::vector<int>& counts) override
  {
    const auto start = std::chrono::steady_clock::now();
    std::vector<int> offsets(static_cast<std::size_t>(size_), 0);
    for (std::size_t r = 1; r < offsets.size(); ++r) offsets[r] = offsets[r - 1] + counts[r - 1];
    MPI_Gatherv(send, n, MPI_FLOAT, recv, counts.data(), offsets.data(), MPI_FLOAT, 0, MPI_COMM_WORLD);
    charge(start);
  }
  bool all_ok(bool ok) override
  {
    int flag = ok ? 1 : 0;
    MPI_Allreduce(MPI_IN_PLACE, &flag, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    return flag == 1;
  }
  void barrier() override { MPI_Barrier(MPI_COMM_WORLD); }

private:
  int rank_ = 0, size_ = 1;
};

}  // namespace

bool built_with_mpi() { return true; }

std::unique_ptr<communicator> make_communicator(long long ranks_wanted)
{
  if (under_launcher()) return std::make_unique<mpi_communicator>();
  if (ranks_wanted > 1)
    throw usage_error(std::to_string(ranks_wanted) +
                      " ranks wanted (--tp times --ep): run it under Open MPI, as mpirun -n " +
                      std::to_string(ranks_wanted) + " shapeproof run ... (as root: mpirun --allow-run-as-root)");
  return std::make_unique<communicator>();
}

#else

bool built_with_mpi() { return false; }

std::unique_ptr<communicator> make_communicator(long long ranks_wanted)
{
  if (ranks_wanted > 1)
    throw usage_error(
        "--tp and --ep beyond 1 need shapeproof built with Open MPI (libopenmpi-dev; CMake option "
        "SHAPEPROOF_WITH_MPI), run under mpirun");
  return std::make_unique<communicator>();
}

#endif

}  // namespace shapeproof::tool

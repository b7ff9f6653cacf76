// SPDX-License-Identifier: MIT
// Repeated forward calls with a warmed workspace allocate nothing: operator new is counted.
#include <shapeproof/runtime/runtime.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <new>

#if defined(__GNUC__) && !defined(__clang__)
// g++ flags free() on memory from this very operator new, which it cannot see is malloc's.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace {
std::atomic<long> allocations{0};
}

void* operator new(std::size_t n)
{
  ++allocations;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

using namespace shapeproof;

namespace {
struct tokens final : dim<dynamic> {};
struct d_model final : dim<96> {};
struct d_ff final : dim<256> {};

template<typename Spec>
long allocations_of_repeated_calls(runtime::weights<Spec>& w)
{
  const auto x = runtime::tensor<shape<tokens, d_model>>::zeros("x", {33, 96});
  auto y = runtime::tensor<shape<tokens, d_model>>::zeros("y", {33, 96});
  runtime::workspace ws;
  runtime::forward(w, x, y, ws);  // warms the workspace
  const long before = allocations.load();
  for (int i = 0; i < 5; ++i) runtime::forward(w, x, y, ws);
  return allocations.load() - before;
}
}  // namespace

TEST_CASE("repeated forward calls allocate nothing once the workspace is warm", "[runtime][workspace]")
{
  auto dense = runtime::weights<gelu_ffn<d_model, d_ff, true>>::init(1);
  CHECK(allocations_of_repeated_calls(dense) == 0);
  auto gated = runtime::weights<swiglu<d_model, d_ff>>::init(1);
  CHECK(allocations_of_repeated_calls(gated) == 0);
  gated.fuse();
  CHECK(allocations_of_repeated_calls(gated) == 0);
  auto moe = runtime::weights<moe_ffn<swiglu<d_model, d_ff>, 4, 2, 1>>::init(1);
  CHECK(allocations_of_repeated_calls(moe) == 0);
  // ... and the counter counts: a call with a fresh workspace allocates
  const auto x = runtime::tensor<shape<tokens, d_model>>::zeros("x", {33, 96});
  const long before = allocations.load();
  const auto y = runtime::forward(gated, x);
  CHECK(allocations.load() > before);
}

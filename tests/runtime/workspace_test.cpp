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

// Every replaceable allocation function counts and uses malloc; every deallocation function
// frees, so that the pairs always match (AddressSanitizer checks that they do).
namespace {
void* counted(std::size_t n, std::size_t alignment = 0)
{
  ++allocations;
  if (n == 0) n = 1;
  return alignment ? std::aligned_alloc(alignment, (n + alignment - 1) / alignment * alignment) : std::malloc(n);
}
void* counted_or_throw(std::size_t n, std::size_t alignment = 0)
{
  if (void* p = counted(n, alignment)) return p;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t n) { return counted_or_throw(n); }
void* operator new[](std::size_t n) { return counted_or_throw(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return counted(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return counted(n); }
void* operator new(std::size_t n, std::align_val_t a) { return counted_or_throw(n, static_cast<std::size_t>(a)); }
void* operator new[](std::size_t n, std::align_val_t a) { return counted_or_throw(n, static_cast<std::size_t>(a)); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

using namespace shapeproof;

namespace {
struct tokens final : dim<dynamic> {};
struct d_model final : dim<96> {};
struct d_ff final : dim<256> {};

struct d_ff_wide final : dim<1024> {};  // 96 · 1024 weights: the few-rows kernel splits them over two threads

template<typename Spec, typename T>
long allocations_of_repeated_calls(runtime::weights<Spec, T>& w, std::size_t rows = 33)
{
  const auto x = runtime::tensor<shape<tokens, d_model>>::zeros("x", {rows, 96});
  auto y = runtime::tensor<shape<tokens, d_model>>::zeros("y", {rows, 96});
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
  // A few rows: the streaming kernel and its helper thread, started once
  auto wide = runtime::weights<swiglu<d_model, d_ff_wide>>::init(1);
  for (const std::size_t rows : {std::size_t{1}, std::size_t{2}, std::size_t{5}, std::size_t{8}})
    CHECK(allocations_of_repeated_calls(wide, rows) == 0);
  CHECK(allocations_of_repeated_calls(moe, 6) == 0);
  // Weights kept [in, out] too, for many rows and few
  gated.store_in_out();
  moe.store_in_out();
  for (const std::size_t rows : {std::size_t{3}, std::size_t{33}}) {
    CHECK(allocations_of_repeated_calls(gated, rows) == 0);
    CHECK(allocations_of_repeated_calls(moe, rows) == 0);
  }
  // Weights kept in bf16: streamed up to 64 rows, 16 at a time beyond 16; converted into the
  // workspace's buffer for more
  auto half = runtime::weights<swiglu<d_model, d_ff_wide>, bf16>::init(1);
  for (const std::size_t rows : {std::size_t{1}, std::size_t{7}, std::size_t{33}, std::size_t{80}})
    CHECK(allocations_of_repeated_calls(half, rows) == 0);
  // Weights kept in GGUF blocks: streamed 16 rows a pass below 64 rows (32 with AVX-512),
  // dequantized into slices of panels from there on, into the workspace's two buffers of slices
  // (one for each side of the split)
  auto blocks = runtime::weights<swiglu<d_model, d_ff_wide>, q8_0>::init(1);
  for (const std::size_t rows : {std::size_t{1}, std::size_t{20}, std::size_t{33}, std::size_t{80}})
    CHECK(allocations_of_repeated_calls(blocks, rows) == 0);
  // ... and the counter counts: a call with a fresh workspace allocates
  const auto x = runtime::tensor<shape<tokens, d_model>>::zeros("x", {33, 96});
  const long before = allocations.load();
  const auto y = runtime::forward(gated, x);
  CHECK(allocations.load() > before);
}

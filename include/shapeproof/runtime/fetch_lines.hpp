// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief Asking for the cache lines of some bytes ahead of their use.
 *
 * The weights' kernels stream W once per call, and ask for its bytes some distance ahead of the
 * step that reads them: the panels and the strips a fixed count of bytes ahead, the quantized rows
 * as stored with x in f32 the same block of the next rows, the integer path over them 1 KiB ahead.
 * Each kernel keeps its own distance, measured where it is declared; they share this one way of
 * asking.
 */

#include <cstddef>
#include <cstdint>

namespace shapeproof::runtime::detail {

/// The cache lines of the `Bytes` bytes `offset` past `base`, asked for into L1: one request per
/// 64 bytes from the first byte, so that a range that starts inside a line may leave its last line
/// to the next range's request (the kernels ask for ranges that follow one another). `Bytes` is a
/// constant: a loop whose count depends on the address's alignment made f32 in panels at one row
/// slower in 4 of 4 rounds (AMD EPYC, Zen 5: 13.2 to 16.4 ms against 12.4 to 13.8). Always inlined:
/// g++ 12 takes a function that only prefetches for one without effects, and drops a call to it
/// that it did not inline. Written as a fold over a lambda, the requests for Q8_0's, Q4_K's and
/// Q6_K's strip blocks were gone from the strips' kernels, and one token over strips ran up to 1.5
/// times slower (Q4_K 1.45 to 1.91 ms against 1.18 to 1.47, seven rounds). The address is computed
/// as an integer: a prefetch past the end of the weights is harmless, a pointer formed there is not.
template<std::size_t Bytes>
[[gnu::always_inline]] inline void fetch_lines(const void* base, std::size_t offset)
{
  const std::uintptr_t first = reinterpret_cast<std::uintptr_t>(base) + offset;
  for (std::size_t line = 0; line < Bytes; line += 64) __builtin_prefetch(reinterpret_cast<const void*>(first + line));
}

}  // namespace shapeproof::runtime::detail

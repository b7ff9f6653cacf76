// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief What one rank holds of a sharded FFN: its slice of each projection, by rule 11.
 *
 * Tensor parallelism splits `d_ff` over `tp` ranks: gate's and up's outputs (column-parallel) and
 * down's inputs (row-parallel); down's bias is read by the first rank only, so that the ranks'
 * partial sums add it once. Expert parallelism splits an MoE's experts over `ep` ranks. A split
 * the widths do not divide is refused with the rule and both numbers (`split_error`).
 */

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

namespace shapeproof::runtime {

/// Where this process sits in a sharded run: rank `rank` of `tp · ep` (one of the two is 1).
struct rank_split {
  int rank = 0;
  std::int64_t tp = 1, ep = 1;
};

/// The part of a projection `[out, in]` one rank holds: outputs [out_begin, out_end)
/// (column-parallel) or inputs [in_begin, in_end) (row-parallel), and whether it reads the bias.
struct slice {
  std::int64_t out_begin = 0, out_end = -1, in_begin = 0, in_end = -1;  ///< -1: to the end
  bool bias = true;
  static slice outputs(std::int64_t begin, std::int64_t end) { return {begin, end, 0, -1, true}; }
  static slice inputs(std::int64_t begin, std::int64_t end, bool bias) { return {0, -1, begin, end, bias}; }
};

/// A split that rule 11 refuses: the ranks do not divide what they split.
class split_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// [begin, end) of `n` units (named `units`) that rank `sp.rank` holds when they split over
/// `ranks` (named `degree`; 1: all of them). `ranks` must divide `n`, or `refusal` is the error.
inline std::pair<std::int64_t, std::int64_t> rank_range(std::int64_t n, const char* units, std::int64_t ranks,
                                                        const char* degree, const rank_split& sp, const char* refusal)
{
  if (ranks < 1 || sp.rank < 0 || (ranks > 1 && sp.rank >= ranks))
    throw split_error("a split over " + std::to_string(ranks) + " ranks has no rank " + std::to_string(sp.rank));
  if (n % ranks != 0)
    throw split_error(std::string("shapeproof rule 11: ") + refusal + " (" + units + " = " + std::to_string(n) + ", " +
                      degree + " = " + std::to_string(ranks) + ")");
  const std::int64_t part = n / ranks, r = ranks > 1 ? sp.rank : 0;
  return {part * r, part * (r + 1)};
}

/// What a rank holds of an FFN of hidden width `dff` under tensor parallelism.
struct ffn_slices {
  slice gate_up, down;
};
inline ffn_slices tp_slices(std::int64_t dff, const rank_split& sp)
{
  const auto [h0, h1] =
      rank_range(dff, "d_ff", sp.tp, "tp", sp, "tensor parallelism splits d_ff over tp ranks, so tp must divide d_ff");
  return {slice::outputs(h0, h1), slice::inputs(h0, h1, sp.tp == 1 || sp.rank == 0)};
}

/// The experts [first, last) that expert-parallel rank `sp.rank` holds of `n`.
inline std::pair<std::int64_t, std::int64_t> ep_range(std::int64_t n, const rank_split& sp)
{
  return rank_range(n, "experts", sp.ep, "ep", sp,
                    "expert parallelism splits the experts over ep ranks, so ep must divide the experts");
}

}  // namespace shapeproof::runtime

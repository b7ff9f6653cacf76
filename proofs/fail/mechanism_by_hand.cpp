// EXPECT-ERROR: my rule 4: a matmul's inner dimensions must agree
// SPDX-License-Identifier: MIT
// The matmul rule built by hand in plain C++20 (chapter 0's listing, included as it is), given a
// weight in PyTorch's stored [out, in] order: the partial specialisation for a mismatch fires its
// static_assert, and the compiler says where it was required from.
#include "../../docs/learn/listings/00_mechanism.cpp"

namespace by_hand {
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using up_stored = my_shape<hidden, model>;  // [out, in], as PyTorch stores it
#else
using up_stored = my_shape<model, hidden>;
#endif
using h = my_matmul_t<x, up_stored>;
}  // namespace by_hand

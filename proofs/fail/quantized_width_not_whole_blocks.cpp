// EXPECT-ERROR: weights kept in GGUF blocks: each row of [out, in] must be whole blocks
// SPDX-License-Identifier: MIT
// Q4_K packs 256 weights a block (a super-block of 8 sub-blocks of 32, each with its own scale and
// minimum), so a row of 4000 inputs would end 160 weights into a block that does not exist: its
// blocks, 4000 / 256 = 15.625, are no whole number. The width is refused where the weights are declared.
#include <shapeproof/runtime/weights.hpp>
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
struct d_model final : model_width<4000> {};
#else
struct d_model final : model_width<4096> {};
#endif
struct d_ff final : hidden_width<11008> {};
using layer = runtime::weights<swiglu<d_model, d_ff>, q4_k>;
static_assert(sizeof(layer) > 0);
}  // namespace example

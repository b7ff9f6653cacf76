// EXPECT-ERROR: the rotary dimension must be even and at most head_dim
// SPDX-License-Identifier: MIT
// A rotary dimension taken from D instead of the head: 4096 values rotated in a head of 128 (rule 12).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct head_dim final : dim<128> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
using attn = gqa_attention<d_model, 32, 8, head_dim, rotary<d_model::extent>>;
#else
using attn = gqa_attention<d_model, 32, 8, head_dim, rotary<head_dim::extent>>;
#endif
static_assert(attn::rotary_dim > 0);
}  // namespace example

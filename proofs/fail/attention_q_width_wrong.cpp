// EXPECT-ERROR: the q projection must map D to heads·head_dim
// SPDX-License-Identifier: MIT
// Qwen3-8B's heads are 128 wide by its config; a q projection sized for heads of D / heads
// elsewhere (40 heads of 128 = 5120, not 4096) does not hold 32 heads of 128 (rule 12).
#include <shapeproof/shapeproof.hpp>

namespace example {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct head_dim final : dim<128> {};
struct kv_width final : dim<1024> {};
#ifdef SHAPEPROOF_SHOULD_FAIL_TO_BUILD
struct q_width final : dim<5120> {};
#else
struct q_width final : dim<4096> {};
#endif
using attn = attention_of<32, 8, head_dim, linear<d_model, q_width>, linear<d_model, kv_width>,
                          linear<d_model, kv_width>, linear<q_width, d_model>>;
static_assert(attn::params() > 0_params);
}  // namespace example

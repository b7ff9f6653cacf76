// SPDX-License-Identifier: MIT
// A solution of exercise 17: Llama-3-8B's 8 KV heads of 128 make k and v 1024 wide, a quarter of
// q's 4096.
#include <shapeproof/shapeproof.hpp>

#include <type_traits>

namespace exercise {
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct head_dim final : dim<128> {};
struct q_width final : dim<4096> {};   // 32 heads of 128
struct kv_width final : dim<1024> {};  // 8 KV heads of 128
using attention = attention_of<32, 8, head_dim, linear<d_model, q_width>, linear<d_model, kv_width>,
                               linear<d_model, kv_width>, linear<q_width, d_model>, rotary<128>>;
static_assert(attention::params() == 41'943'040_params);
static_assert(attention::kv_cache_bytes_per_token<bf16>() == 4'096_bytes);
static_assert(models::checked<presets::llama3_8b::config, void, attention>::valid);
}  // namespace exercise

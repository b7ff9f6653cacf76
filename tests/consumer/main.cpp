// SPDX-License-Identifier: MIT
#include <shapeproof/shapeproof.hpp>

#include <cstdio>

#ifdef CONSUMER_WITH_RUNTIME
#include <xtensor/xtensor.hpp>
#endif

namespace {
struct d_model final : shapeproof::dim<4096> {};
struct d_ff final : shapeproof::dim<11008> {};
using ffn = shapeproof::swiglu<d_model, d_ff>;
static_assert(ffn::params().value() == 135'266'304);
}  // namespace

int main()
{
#ifdef CONSUMER_WITH_RUNTIME
  // The runtime target brings xtensor (with xsimd) onto the consumer's include path.
  xt::xtensor<float, 2> w = xt::zeros<float>({2, 3});
  if (w.size() != 6) return 1;
#endif
  std::printf("swiglu<d_model, d_ff>: %lld parameters\n", static_cast<long long>(ffn::params().value()));
  return ffn::params().value() == 135'266'304 ? 0 : 1;
}

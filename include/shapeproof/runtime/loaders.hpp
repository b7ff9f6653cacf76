// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief Weights loaded into registers as f32, a batch at a time, from each storage type: f32,
 * bf16 and f16.
 */

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif
#include <xsimd/xsimd.hpp>

#include <shapeproof/io/safetensors.hpp>

#include <array>
#include <cstddef>
#include <cstdint>

namespace shapeproof::runtime::detail {

// Loading 16 (AVX-512), 8 (AVX2) or the batch's width of weights as f32, for each storage type.
struct f32_loader {
  using type = float;
  static xsimd::batch<float> load(const float* p) { return xsimd::batch<float>::load_unaligned(p); }
  static float scalar(float v) { return v; }
};
// A batch of 16-bit weights converted one by one by L::scalar, where no instruction converts them at once.
template<class L>
xsimd::batch<float> scalar_batch(const std::uint16_t* p)
{
  using batch = xsimd::batch<float>;
  alignas(64) std::array<float, batch::size> v;
  for (std::size_t i = 0; i < batch::size; ++i) v[i] = L::scalar(p[i]);
  return batch::load_aligned(v.data());
}
struct bf16_loader {
  using type = std::uint16_t;
  using batch = xsimd::batch<float>;
  static float scalar(std::uint16_t v) { return io::safetensors_file::bf16_to_float(v); }
  static xsimd::batch<float> load(const std::uint16_t* p)
  {
    // (xsimd's default batch is as wide as the widest instruction set enabled at compile time.)
#if defined(__AVX512F__)
    static_assert(batch::size == 16);
    const __m256i h = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    return batch(_mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16)));
#elif defined(__AVX2__)
    static_assert(batch::size == 8);
    const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    return batch(_mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16)));
#else
    return scalar_batch<bf16_loader>(p);
#endif
  }
};
struct f16_loader {
  using type = std::uint16_t;
  using batch = xsimd::batch<float>;
  static float scalar(std::uint16_t v) { return io::safetensors_file::half_to_float(v); }
  static xsimd::batch<float> load(const std::uint16_t* p)
  {
#if defined(__AVX512F__)
    static_assert(batch::size == 16);
    return batch(_mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p))));
#elif defined(__AVX2__) && defined(__F16C__)
    static_assert(batch::size == 8);
    return batch(_mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))));
#else
    return scalar_batch<f16_loader>(p);
#endif
  }
};

}  // namespace shapeproof::runtime::detail

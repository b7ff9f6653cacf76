// SPDX-License-Identifier: MIT
#pragma once

#include <shapeproof/core/dim.hpp>

#include <type_traits>

namespace shapeproof {

namespace detail {
template<extent_t N>
void to_dim_base(const dim<N>*);
}  // namespace detail

/// `Dim<T>`: T is a named dimension, a complete type derived from a specialization of `dim`.
template<typename T>
concept Dim = std::is_class_v<T> && requires
{
  detail::to_dim_base(static_cast<const T*>(nullptr));
};

/// A dimension whose extent is known at compile time.
template<typename T>
concept StaticDim = Dim<T> && T::is_static;

/// A dimension whose extent is only known at run time.
template<typename T>
concept DynamicDim = Dim<T> && !T::is_static;

/// `extent_v<D>`: the extent of `D`, or `dynamic`.
template<Dim D>
inline constexpr extent_t extent_v = D::extent;

/// `SameDim<A, B>`: the same dimension, by name (and so by extent).
template<typename A, typename B>
concept SameDim = Dim<A> && Dim<B> && std::is_same_v<A, B>;

}  // namespace shapeproof

// SPDX-License-Identifier: MIT
#pragma once

#include <shapeproof/core/dim.hpp>
#include <shapeproof/detail/rejected_dim.hpp>

#include <type_traits>

namespace shapeproof {

namespace detail {
template<extent_t N, typename Role>
void to_dim_base(const dim<N, Role>*);

template<typename T>
struct is_dim_itself : std::false_type {
};
template<extent_t N, typename Role>
struct is_dim_itself<dim<N, Role>> : std::true_type {
};

template<typename T>
concept derived_from_dim = std::is_class_v<T> && requires
{
  detail::to_dim_base(static_cast<const T*>(nullptr));
};
}  // namespace detail

/// `UnnamedDim<T>`: T is `dim<N>` (or `model_width<N>`, `hidden_width<N>`) itself, not a name
/// derived from it. Not a dimension: see `dim`.
template<typename T>
concept UnnamedDim = detail::is_dim_itself<T>::value;

/// `Dim<T>`: T is a named dimension, a complete type derived from a specialization of `dim`.
template<typename T>
concept Dim = detail::derived_from_dim<T> && !UnnamedDim<T>;

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

/// `ModelWidth<D>` and `HiddenWidth<D>`: a dimension that says it is D, or Dff.
/// (A refused width, whose error has been given, is either: a follow-up adds no error.)
template<typename T>
concept ModelWidth = Dim<T> &&
    (std::is_same_v<typename T::role, role::model> || std::is_same_v<typename T::role, detail::refused_role>);
template<typename T>
concept HiddenWidth = Dim<T> &&
    (std::is_same_v<typename T::role, role::hidden> || std::is_same_v<typename T::role, detail::refused_role>);

}  // namespace shapeproof

// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief Concepts that ask the shape rules without an error, for `requires` clauses and
 * `requires !requires` batteries. The rules themselves live in core/rules.hpp.
 */

#include <shapeproof/core/rules.hpp>
#include <shapeproof/core/shape.hpp>

#include <type_traits>

namespace shapeproof {

/// `SameShape<A, B>`: the same dimensions, by name, in the same order.
template<typename A, typename B>
concept SameShape = Shape<A> && Shape<B> && std::is_same_v<A, B>;

/// `ShapeOf<S, Ds...>`: S is exactly `shape<Ds...>`.
template<typename S, typename... Ds>
concept ShapeOf = Shape<S> && std::is_same_v<S, shape<Ds...>>;

/// `MatmulCompatible<A, B>`: `A · B` is defined (rule 4).
template<typename A, typename B>
concept MatmulCompatible =
    Shape<A> && Shape<B> &&(A::rank >= 1) && (B::rank == 2) &&
    rules::matmul_inner_dimensions_must_agree<detail::last_dim<A>, detail::last_dim<A>::extent, detail::first_dim<B>,
                                              detail::first_dim<B>::extent>::holds;

/// `ElementwiseCompatible<A, B>`: `A ⊙ B` is defined.
template<typename A, typename B>
concept ElementwiseCompatible = SameShape<A, B>;

/// `ConcatCompatible<Axis, A, B>`: `A` and `B` concatenate along `Axis`.
template<std::size_t Axis, typename A, typename B>
concept ConcatCompatible = Shape<A> && Shape<B> && detail::agree_off_axis<Axis, A, B>();

/// `SplitsInto<Axis, S, Parts...>`: `S` splits along `Axis` into `Parts...` (rule 5).
template<std::size_t Axis, typename S, typename... Parts>
concept SplitsInto = Shape<S> &&(Axis < S::rank) &&
                     (sizeof...(Parts) >= 1) && detail::parts_add_up<detail::dim_at<S, Axis>, Parts...>::value;

}  // namespace shapeproof

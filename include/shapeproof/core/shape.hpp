// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief Shapes: ordered lists of named dimensions, and the shape rules of the operations an
 * FFN is made of (matmul, element-wise, concatenation, split).
 *
 * A shape is a type, `shape<tokens, d_model>`; its dimensions are a Boost.Hana type list,
 * on which the operations are computed. Every operation checks its rule (core/rules.hpp)
 * with one hard error when it is broken; the concepts in core/shape_concepts.hpp answer the
 * same questions without an error. See proofs/shape.cpp.
 */

#include <shapeproof/core/dim.hpp>
#include <shapeproof/core/dim_arith.hpp>
#include <shapeproof/core/dim_concepts.hpp>
#include <shapeproof/core/rules.hpp>

#include <boost/hana/at.hpp>
#include <boost/hana/back.hpp>
#include <boost/hana/concat.hpp>
#include <boost/hana/drop_back.hpp>
#include <boost/hana/drop_front.hpp>
#include <boost/hana/front.hpp>
#include <boost/hana/insert.hpp>
#include <boost/hana/remove_at.hpp>
#include <boost/hana/tuple.hpp>
#include <boost/hana/type.hpp>
#include <boost/hana/unpack.hpp>

#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

namespace shapeproof {

namespace hana = boost::hana;

/**
 * @brief An ordered list of named dimensions: `shape<tokens, d_model>`.
 *
 * Two shapes are equal when they are the same type: the same dimensions, by name, in the
 * same order.
 */
template<typename... Ds>
struct shape {
  static_assert(sizeof(enforce<rules::dimension_needs_a_name<Ds>..., rules::must_be_a_dimension<Ds>...>));

  /// The dimensions as a Boost.Hana type list.
  static constexpr auto dims = hana::tuple_t<Ds...>;
  static constexpr std::size_t rank = sizeof...(Ds);
  /// The extents, `dynamic` for a runtime axis.
  static constexpr std::array<extent_t, sizeof...(Ds)> extents{Ds::extent...};
  static constexpr bool is_static = (Ds::is_static && ...);
};

namespace detail {

template<typename T>
struct is_shape : std::false_type {
};
template<typename... Ds>
struct is_shape<shape<Ds...>> : std::true_type {
};

// A Boost.Hana type list back to a shape.
template<typename TypeList>
using to_shape = typename decltype(hana::unpack(std::declval<TypeList>(), hana::template_<shape>))::type;

template<typename S, std::size_t I>
using dim_at = typename decltype(+hana::at_c<I>(S::dims))::type;

template<typename S>
using last_dim = typename decltype(+hana::back(S::dims))::type;

template<typename S>
using first_dim = typename decltype(+hana::front(S::dims))::type;

// `S` with its dimension at `Axis` replaced by `D` (Axis < rank).
template<typename S, std::size_t Axis, typename D>
using replace_at =
    to_shape<decltype(hana::insert(hana::remove_at_c<Axis>(S::dims), hana::size_c<Axis>, hana::type_c<D>))>;

}  // namespace detail

/// `Shape<T>`: T is a `shape<...>`.
template<typename T>
concept Shape = detail::is_shape<T>::value;

/// The dimension of `S` at axis `I`.
template<Shape S, std::size_t I>
  requires(I < S::rank)
using dim_at_t = detail::dim_at<S, I>;

/// The number of elements of a static shape.
template<Shape S>
requires S::is_static inline constexpr extent_t size_v = [] {
  extent_t n = 1;
  for (const extent_t e : S::extents) n *= e;
  return n;
}();

// ---------------------------------------------------------------------------------------------
// matmul: [..., K] x [K, N] -> [..., N]

namespace detail {

template<typename A, typename B>
struct matmul_result {
  static_assert(A::rank >= 1 && B::rank == 2,
                "shapeproof::matmul_t<A, B>: A must have rank >= 1 and B must be a weight [In, Out] of rank 2");
  using left_inner = last_dim<A>;
  using right_inner = first_dim<B>;
  static_assert(sizeof(enforce<rules::matmul_inner_dimensions_must_agree<left_inner, left_inner::extent, right_inner,
                                                                         right_inner::extent>>));
  // After a refused product, the shape that was meant as far as it can be told: a weight in
  // PyTorch's stored [out, in] order (its last dimension is the input's) meant [..., out].
  static constexpr bool stored_order =
      !std::is_same_v<left_inner, right_inner> && std::is_same_v<left_inner, last_dim<B>>;
  using type =
      std::conditional_t<stored_order, replace_at<A, A::rank - 1, right_inner>,
                         to_shape<decltype(hana::concat(hana::drop_back(A::dims), hana::drop_front(B::dims)))>>;
};

}  // namespace detail

/**
 * @brief The shape of `a · b`: `[T, D] x [D, Dff] -> [T, Dff]`.
 *
 * The inner dimensions must agree by name and extent (rule 4); a mismatch is one error naming
 * both dimensions. See proofs/shape.cpp.
 */
template<Shape A, Shape B>
using matmul_t = typename detail::matmul_result<A, B>::type;

// ---------------------------------------------------------------------------------------------
// element-wise

namespace detail {

template<typename A, typename B>
struct elementwise_result {
  static_assert(sizeof(enforce<rules::elementwise_operands_must_have_the_same_shape<A, B>>));
  using type = A;
};

}  // namespace detail

/// The shape of an element-wise operation (`act(g) * u`, a residual add): both operands' shape.
template<Shape A, Shape B>
using elementwise_t = typename detail::elementwise_result<A, B>::type;

// ---------------------------------------------------------------------------------------------
// concatenation and split along an axis

namespace detail {

template<std::size_t Axis, typename A, typename B>
consteval bool agree_off_axis()
{
  if constexpr (A::rank != B::rank || Axis >= A::rank) {
    return false;
  } else {
    return []<std::size_t... I>(std::index_sequence<I...>)
    {
      return ((I == Axis || std::is_same_v<dim_at<A, I>, dim_at<B, I>>)&&...);
    }
    (std::make_index_sequence<A::rank>{});
  }
}

template<std::size_t Axis, typename A, typename B>
struct concat_result {
  static constexpr bool agree = agree_off_axis<Axis, A, B>();
  static_assert(sizeof(enforce<rules::concat_operands_must_agree_off_the_axis<A, B, Axis, agree>>));
  template<bool Ok, typename = void>
  struct compute {
    using type = A;
  };
  template<typename Void>
  struct compute<true, Void> {
    using type = replace_at<A, Axis, cat<dim_at<A, Axis>, dim_at<B, Axis>>>;
  };
  using type = typename compute<agree>::type;
};

// The axis of `S` that `Parts...` make up: `Axis` when they make it up, else the first axis they
// do, else `Axis` (and rule 5 says the parts do not add up).
template<std::size_t Axis, typename S, typename... Parts>
consteval std::size_t fused_axis()
{
  if constexpr (parts_add_up<dim_at<S, Axis>, Parts...>::value) {
    return Axis;
  } else {
    return []<std::size_t... I>(std::index_sequence<I...>)
    {
      std::size_t found = Axis;
      ((found == Axis && parts_add_up<dim_at<S, I>, Parts...>::value ? (found = I, 0) : 0), ...);
      return found;
    }
    (std::make_index_sequence<S::rank>{});
  }
}

template<std::size_t Axis, typename S, typename... Parts>
struct split_result {
  using fused = dim_at<S, Axis>;
  static_assert(sizeof(enforce<rules::split_must_be_along_the_fused_axis<S, Axis, fused_axis<Axis, S, Parts...>()>,
                               rules::split_parts_must_add_up_to_the_fused_dimension<
                                   fused, fused::extent, (Parts::extent + ...), Parts...>>));
  using type = std::tuple<replace_at<S, Axis, Parts>...>;
};

}  // namespace detail

/**
 * @brief The shape of `a` and `b` concatenated along `Axis`: the axis becomes `cat<A_axis, B_axis>`.
 *
 * `concat_t<1, shape<d_model, d_ff>, shape<d_model, d_ff>>` is `shape<d_model, cat<d_ff, d_ff>>`,
 * a fused gate|up weight.
 */
template<std::size_t Axis, Shape A, Shape B>
using concat_t = typename detail::concat_result<Axis, A, B>::type;

/**
 * @brief `S` split along `Axis` into `Parts...`: a `std::tuple` of shapes (rule 5).
 *
 * The parts must add up to the dimension they split: a `cat<...>` splits into its own parts,
 * by name; a named fused dimension (`struct gate_up : dim<22016>`) into parts whose extents add up.
 */
template<std::size_t Axis, Shape S, Dim... Parts>
  requires(Axis < S::rank && sizeof...(Parts) >= 1)
using split_t = typename detail::split_result<Axis, S, Parts...>::type;

/// `S` with its last dimension replaced by `D`.
template<Shape S, Dim D>
  requires(S::rank >= 1)
using replace_last_t = detail::replace_at<S, S::rank - 1, D>;

}  // namespace shapeproof

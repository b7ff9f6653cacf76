// SPDX-License-Identifier: MIT
#pragma once

/**
 * @file
 * @brief shapeproof: a transformer FFN that compiles has the right shapes, and its parameter
 * and FLOP counts are exact constant expressions. The compile-time layers, without xtensor.
 */

// The headers where diagnostics point first: a broken rule's diagnostic then shows the shortest
// include chain (measured: g++ and clang++ print one "In file included from" line per level).
// rules.hpp states the rules, quantity.hpp rule 9 on counts, ffn_concepts.hpp the concepts a
// user's constrained template may fail, attention.hpp and decoder_layer.hpp rule 12.
// clang-format off
#include <shapeproof/core/rules.hpp>
#include <shapeproof/cost/quantity.hpp>
#include <shapeproof/variants/ffn_concepts.hpp>
#include <shapeproof/variants/attention.hpp>
#include <shapeproof/variants/decoder_layer.hpp>
// clang-format on

#include <shapeproof/core/dim.hpp>
#include <shapeproof/core/dim_arith.hpp>
#include <shapeproof/core/dim_concepts.hpp>
#include <shapeproof/core/dim_name.hpp>
#include <shapeproof/core/dyn_shape.hpp>
#include <shapeproof/core/shape.hpp>
#include <shapeproof/core/shape_concepts.hpp>
#include <shapeproof/cost/dtype.hpp>
#include <shapeproof/cost/memory.hpp>
#include <shapeproof/cost/quantity.hpp>
#include <shapeproof/models/kv_cache.hpp>
#include <shapeproof/models/model.hpp>
#include <shapeproof/models/presets.hpp>
#include <shapeproof/models/sharding.hpp>
#include <shapeproof/models/sizing.hpp>
#include <shapeproof/variants/activation.hpp>
#include <shapeproof/variants/dense.hpp>
#include <shapeproof/variants/ffn_base.hpp>
#include <shapeproof/variants/ffn_concepts.hpp>
#include <shapeproof/variants/formulas.hpp>
#include <shapeproof/variants/gated.hpp>
#include <shapeproof/variants/linear.hpp>
#include <shapeproof/variants/moe.hpp>
#include <shapeproof/variants/parallel.hpp>
#include <shapeproof/variants/registry.hpp>

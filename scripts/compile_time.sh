#!/bin/sh
# SPDX-License-Identifier: MIT
# What a typed decoder layer costs at compile time: a translation unit that includes shapeproof.hpp
# and declares one FFN, against one that declares one decoder layer (attention, FFN, norms) and
# checks its counts and KV cache, on g++ 12 and clang++ 14. Best of N runs of each (user + system
# CPU time), the two kinds alternating so that the machine's load weighs on both alike.
#   scripts/compile_time.sh [runs]       (default 5)
set -eu
runs=${1:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/ffn.cpp" <<'CPP'
#include <shapeproof/shapeproof.hpp>
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<14336> {};
using ffn = swiglu<d_model, d_ff>;
static_assert(ffn::params() == 176'160'768_params);
CPP
cat > "$work/layer.cpp" <<'CPP'
#include <shapeproof/shapeproof.hpp>
using namespace shapeproof;
struct d_model final : model_width<4096> {};
struct d_ff final : hidden_width<14336> {};
struct head_dim final : dim<128> {};
using attn = gqa_attention<d_model, 32, 8, head_dim, rotary<128>>;
using layer = decoder_layer<attn, swiglu<d_model, d_ff>, rms_norm<d_model>>;
static_assert(layer::params() == 218'112'000_params);
static_assert(layer::kv_cache_bytes_per_token<bf16>() == 4'096_bytes);
CPP
cat > "$work/empty.cpp" <<'CPP'
int main() { return 0; }
CPP
seconds() {  # user + system CPU seconds of one compile
  /usr/bin/time -f "%U %S" "$1" -std=c++20 -fsyntax-only -I"$root/include" "$2" 2>&1 >/dev/null | tail -1 |
    awk '{ printf "%.3f", $1 + $2 }'
}
best() { sort -n | head -1; }
for cxx in g++-12 clang++-14; do
  : > "$work/ffn.t"; : > "$work/layer.t"; : > "$work/empty.t"
  i=0
  while [ "$i" -lt "$runs" ]; do
    seconds "$cxx" "$work/empty.cpp" >> "$work/empty.t"; echo >> "$work/empty.t"
    seconds "$cxx" "$work/ffn.cpp" >> "$work/ffn.t"; echo >> "$work/ffn.t"
    seconds "$cxx" "$work/layer.cpp" >> "$work/layer.t"; echo >> "$work/layer.t"
    i=$((i + 1))
  done
  printf '%-11s empty TU %s s, one FFN %s s, one decoder layer %s s (best of %s)\n' "$cxx" \
    "$(best < "$work/empty.t")" "$(best < "$work/ffn.t")" "$(best < "$work/layer.t")" "$runs"
done

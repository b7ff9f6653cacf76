#!/usr/bin/env bash
# Runs your capstone (exercise 16) as its last step asks: builds your file's run_layer with the
# runtime, makes a checkpoint of the exercise's config with `shapeproof synth`, checks it, and runs
# layers 0 and 2 with your run_layer and with `shapeproof run`: the two must agree.
#   scripts/run_capstone.sh exercises/16_capstone_from_config.cpp [build/gcc-release]
# Grade it first (scripts/check_exercise.sh); the command must be built (the README's first command).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
file=${1:?usage: scripts/run_capstone.sh exercises/16_capstone_from_config.cpp [build dir]}
build=${2:-$root/build/gcc-release}
shapeproof="$build/tools/shapeproof"
[[ -x "$shapeproof" ]] || {
  echo "run_capstone: no $shapeproof: build it first, with the README's first command" >&2
  exit 2
}
[[ -f "$file" ]] || {
  echo "run_capstone: $file: no such file" >&2
  exit 2
}
work=$(mktemp -d "${TMPDIR:-/tmp}/shapeproof-capstone.XXXXXX")
trap 'rm -rf "$work"' EXIT
absolute=$(cd "$(dirname -- "$file")" && pwd)/$(basename -- "$file")
echo "building your run_layer..."
if ! g++-12 -std=c++20 -O2 -march=native -DXTENSOR_USE_XSIMD -I"$root/include" \
  "-DSHAPEPROOF_EXERCISE_FILE=\"$absolute\"" "$root/exercises/run_capstone.cpp" -lopenblas -o "$work/run_capstone"; then
  echo "run_capstone: your file does not build with the runtime (grade it first: scripts/check_exercise.sh $file)" >&2
  exit 1
fi
if cmake "-DSHAPEPROOF=$shapeproof" "-DRUN_CAPSTONE=$work/run_capstone" \
  "-DCONFIG=$root/exercises/data/capstone/config.json" "-DWORK=$work/checkpoint" -P "$root/exercises/run_capstone.cmake"; then
  echo "solved, and run: your run_layer computes layers 0 and 2 of the checkpoint as shapeproof run does"
else
  exit 1
fi

#!/usr/bin/env bash
# Grades an exercise: compiles it and says "solved" or "not solved", and why (the first error).
#   scripts/check_exercise.sh exercises/03_fix_a_transposed_projection.cpp [c++ compiler]
# Run from the repository's top, after ./scripts/bootstrap.sh.
set -uo pipefail
cd "$(dirname "$0")/.."
file=${1:?usage: scripts/check_exercise.sh exercises/NN_name.cpp [compiler]}
compiler=${2:-g++-12}
out=$("$compiler" -std=c++20 -fsyntax-only -fdiagnostics-color=never -Iinclude "$file" 2>&1)
if [[ $? -eq 0 ]]; then
  echo "solved: $file compiles, so every check in it holds"
  exit 0
fi
first=$(printf '%s\n' "$out" | grep -m1 -E '(^|: )(fatal )?error: ' | sed -E 's/.*(fatal )?error: //')
echo "not solved: $first"
echo "(the whole diagnostic: $compiler -std=c++20 -fsyntax-only -Iinclude $file)"
exit 1

#!/usr/bin/env bash
# Prints, per compiler, the length in lines of every negative proof's diagnostic from the last
# `ctest -L proofs` run in a build directory, and the longest.
set -euo pipefail
build=${1:-build/gcc-release}
dir="$build/diagnostics"
[[ -d "$dir" ]] || { echo "no diagnostics under $dir: run ctest -L proofs there first" >&2; exit 2; }
for compiler in "$dir"/*/; do
  name=$(basename "$compiler")
  max=0 worst="" count=0
  for f in "$compiler"*.txt; do
    [[ -e "$f" ]] || continue
    n=$(wc -l < "$f")
    count=$((count + 1))
    if ((n > max)); then max=$n worst=$(basename "$f" .txt); fi
  done
  printf '%-12s %3d negative proofs, longest diagnostic %2d lines (%s)\n' "$name" "$count" "$max" "$worst"
done

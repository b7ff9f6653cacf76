#!/usr/bin/env bash
# Prints, per compiler, how many negative proofs gave a diagnostic in the last `ctest -L proofs` run
# in a build directory (the library's, proofs/fail, and the user battery, proofs/fail/user), the
# longest in lines and the widest line.
set -euo pipefail
build=${1:-build/gcc-release}
dir="$build/diagnostics"
[[ -d "$dir" ]] || { echo "no diagnostics under $dir: run ctest -L proofs there first" >&2; exit 2; }
for compiler in "$dir"/*/; do
  name=$(basename "$compiler")
  [[ "$name" == user ]] && continue
  max=0 worst="" count=0 widest=0 widest_in=""
  for f in "$compiler"*.txt "$dir/user/$name/"*.txt; do
    [[ -e "$f" ]] || continue
    n=$(wc -l < "$f")
    w=$(awk '{ if (length > m) m = length } END { print m + 0 }' "$f")
    count=$((count + 1))
    if ((n > max)); then max=$n worst=$(basename "$f" .txt); fi
    if ((w > widest)); then widest=$w widest_in=$(basename "$f" .txt); fi
  done
  printf '%-12s %3d negative proofs, longest diagnostic %2d lines (%s), widest line %3d characters (%s)\n' \
    "$name" "$count" "$max" "$worst" "$widest" "$widest_in"
done

#!/usr/bin/env bash
# Builds the libFuzzer targets (clang++ 14, -fsanitize=fuzzer,address,undefined) and runs each for
# a bounded time from the committed seed corpus, JOBS targets at a time (default: one a core). New
# inputs go to a temporary folder; a finding stops its target, leaves its reproducer in that folder,
# and makes the run exit non-zero once every target has ended.
#   scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
jobs=${JOBS:-$(nproc)}
out=$(mktemp -d)
root=$PWD

# One target: built, then run; everything it prints goes to $out/<target>.log, its exit code to
# $out/<target>.rc
fuzz_one() {
  local target=$1 rc=0
  {
    clang++-14 -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
      -Iinclude "fuzz/${target}_fuzz.cpp" -o "$out/${target}_fuzz" &&
      mkdir -p "$out/corpus_$target" &&
      echo "fuzzing $target for ${seconds}s" &&
      (cd "$out" && "./${target}_fuzz" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 "corpus_$target" "$root/fuzz/corpus/$target" 2>&1 | tail -n 12)
  } >"$out/$target.log" 2>&1 || rc=$?
  echo "$rc" >"$out/$target.rc"
}

targets=(safetensors config gguf npy)
running=0
for target in "${targets[@]}"; do
  fuzz_one "$target" &
  running=$((running + 1))
  if ((running >= jobs)); then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true

failed=0
for target in "${targets[@]}"; do
  cat "$out/$target.log"
  rc=$(cat "$out/$target.rc" 2>/dev/null || echo 1)
  if [[ "$rc" != 0 ]]; then
    echo "fuzz: $target failed (exit $rc); its inputs and reproducer are in $out" >&2
    failed=1
  fi
done
((failed == 0)) || exit 1
echo "fuzz: no findings"

#!/usr/bin/env bash
# Builds the libFuzzer targets (clang++ 14, -fsanitize=fuzzer,address,undefined) and runs each for
# a bounded time from the committed seed corpus. New inputs go to a temporary folder; a finding
# stops the run with a non-zero exit and leaves its reproducer in that folder.
#   scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
out=$(mktemp -d)
for target in safetensors config gguf npy; do
  clang++-14 -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -Iinclude "fuzz/${target}_fuzz.cpp" -o "$out/${target}_fuzz"
  mkdir -p "$out/corpus_$target"
  echo "fuzzing $target for ${seconds}s"
  (cd "$out" && "./${target}_fuzz" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
     "corpus_$target" "$OLDPWD/fuzz/corpus/$target" 2>&1 | tail -n 12)
done
echo "fuzz: no findings"

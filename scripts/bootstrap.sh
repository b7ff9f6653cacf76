#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian 12 packages shapeproof needs, and nothing else.
# Idempotent: packages already installed are skipped. As root it runs
# `apt-get update` and installs what is missing; otherwise it prints the
# exact command to run and exits 1.
set -euo pipefail

packages=(
  cmake ninja-build g++-12 clang-14 libclang-rt-14-dev clang-format-14
  libboost1.81-dev
  libxtensor-dev libxtensor-blas-dev libxsimd-dev libopenblas-dev
  catch2 nlohmann-json3-dev libcli11-dev
  libopenmpi-dev openmpi-bin
  python3 mkdocs mkdocs-material chromium
)
if [[ "${1:-}" == "--with-bench" ]]; then
  packages+=(libbenchmark-dev python3-torch)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "bootstrap: all ${#packages[@]} packages present"
  exit 0
fi

if [[ "$(id -u)" != 0 ]]; then
  echo "bootstrap: missing packages: ${missing[*]}" >&2
  echo "run: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "bootstrap: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "bootstrap: done"

#!/usr/bin/env bash
# Rewrites the course's listing and diagnostic blocks, its diagrams, and the error gallery, from their sources, after a build whose
# negative proofs have run (`ctest -L proofs` in that build):
#   scripts/update_docs.sh [build/gcc-release]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/gcc-release}
[[ -d "$build/diagnostics" ]] || { echo "no diagnostics under $build: run ctest -L proofs there first" >&2; exit 2; }
pages=$(ls docs/learn/*.md README.md exercises/README.md | tr '\n' ';')
cmake "-DSOURCE_DIR=$PWD" "-DREPORT_DIR=$build/diagnostics" "-DDOCS=${pages%;}" -DUPDATE=ON -P cmake/check_docs.cmake
cmake "-DSOURCE_DIR=$PWD" "-DREPORT_DIR=$build/diagnostics" "-DOUTPUT=$PWD/docs/errors.md" -P cmake/error_gallery.cmake
# The shape-chain diagrams (and a report of any quoted session that no longer prints what the page says)
python3 scripts/check_transcripts.py --update "$build/tools/shapeproof" . "$build/transcripts" docs/learn/*.md README.md

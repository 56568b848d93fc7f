#!/usr/bin/env bash
# Installs what is missing, builds cleave and runs every test: once in the
# default build, once under AddressSanitizer + UndefinedBehaviorSanitizer.
# Usage: scripts/test.sh [--no-asan]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"

asan=1
for arg in "$@"; do
  case "$arg" in
    --no-asan) asan=0 ;;
  esac
done

# --with-lambda: the generated SAM handlers compile and run against aws-lambda-cpp.
# --with-slurm: tests/slurm starts a single-node Slurm (default preset only).
scripts/install-deps.sh --with-browser --with-lambda --with-slurm
presets=(default)
if [ "$asan" = 1 ]; then presets+=(asan); fi
for preset in "${presets[@]}"; do
  echo "== $preset: build"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  echo "== $preset: test"
  ctest --preset "$preset"
done

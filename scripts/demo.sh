#!/usr/bin/env bash
# Installs what is missing, builds cleave, and runs it on a bundled sample
# monolith. Usage: scripts/demo.sh [sample] (default: vetclinic)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
sample="${1:-vetclinic}"
cd "$here"

scripts/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default --target cleave

# The sample's own build exports its compilation database.
cmake -S "samples/$sample" -B "build/samples/$sample" -G Ninja >/dev/null
out="cleave-out/$sample"
build/default/cleave analyze -p "build/samples/$sample" -o "$out"
echo "report: $here/$out"

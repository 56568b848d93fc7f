#!/usr/bin/env bash
# The checks CI holds the code to besides the tests: one layout
# (.clang-format), the checks of .clang-tidy, the size limits of issue 11 and
# the layering of docs/architecture.md. Usage: scripts/lint.sh [--fix]
# (--fix rewrites the layout instead of failing on it).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
fix=0
for arg in "$@"; do [ "$arg" = --fix ] && fix=1; done

scripts/install-deps.sh --with-lint >/dev/null
status=0
mapfile -t sources < <(git ls-files 'analyzer/*.cpp' 'analyzer/*.hpp' 'reports/*.cpp' 'reports/*.hpp' 'cli/*.cpp' \
                                     'cli/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'fuzz/*.cpp' |
                  grep -v '/golden/')  # golden files hold generated output byte for byte

echo "== layout (clang-format-16)"
if [ "$fix" = 1 ]; then
  clang-format-16 -i "${sources[@]}"
elif ! clang-format-16 --dry-run --Werror "${sources[@]}"; then
  echo "lint: layout differs from .clang-format; run scripts/lint.sh --fix"
  status=1
fi

echo "== sizes (no file over 800 lines in analyzer/, reports/, cli/)"
for f in "${sources[@]}"; do
  case "$f" in analyzer/*|reports/*|cli/*) ;; *) continue ;; esac
  n=$(wc -l <"$f")
  if [ "$n" -gt 800 ]; then echo "lint: $f has $n lines (limit 800): split it by responsibility"; status=1; fi
done

echo "== layering"
layer() {  # layer PATTERN DIRS... : files in DIRS must not include PATTERN
  local pattern="$1"; shift
  local hits
  hits=$(git grep -nE "#include [<\"]($pattern)" -- "$@" || true)
  if [ -n "$hits" ]; then echo "lint: include against the layering:"; echo "$hits"; status=1; fi
}
layer 'reports/|cli/' analyzer            # the analysis never reaches up into outputs or the CLI
layer 'cli/|pipeline/|frontend/|compdb/' reports  # reports read the model and proposal only
layer 'clang-c/' analyzer/core analyzer/compdb analyzer/sql analyzer/model analyzer/config analyzer/decompose \
      analyzer/pipeline analyzer/check reports cli   # only the front end sees libclang
layer 'boost/graph' analyzer/core analyzer/frontend analyzer/sql analyzer/decompose analyzer/pipeline analyzer/check \
      reports cli
layer 'pipeline/|frontend/|compdb/' analyzer/check  # the check judges a model; the CLI makes it

echo "== clang-tidy-16 (.clang-tidy)"
cmake --preset default >/dev/null
mapfile -t tidy < <(git ls-files 'analyzer/*.cpp' 'reports/*.cpp' 'cli/*.cpp' | grep -v '/bench/')
if ! run-clang-tidy-16 -quiet -p build/default -j "$(nproc)" "${tidy[@]/#/$here/}" >build/clang-tidy.log 2>&1; then
  grep -E "(warning|error):" build/clang-tidy.log | sort -u
  echo "lint: clang-tidy found problems (full log: build/clang-tidy.log)"
  status=1
fi
[ "$status" = 0 ] && echo "lint: clean"
exit "$status"

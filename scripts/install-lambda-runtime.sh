#!/usr/bin/env bash
# Builds and installs aws-lambda-cpp, the C++ runtime the generated SAM
# handlers link against, into a prefix inside the project, so the tests can
# compile every generated service and run one bootstrap.
#
# Its source comes from the npm package aws-lambda-ric, which ships
# aws-lambda-cpp as deps/aws-lambda-cpp.tar.xz: Debian has no package of it
# and the npm registry is one we already reach for the browser test.
#
# Usage: scripts/install-lambda-runtime.sh
#   CLEAVE_LAMBDA_RUNTIME_PREFIX  where to install (default build/deps/aws-lambda-runtime)
# Idempotent: a stamp in the prefix records the version; a second run does nothing.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"

ric_version="4.0.2"  # aws-lambda-ric whose deps/ hold aws-lambda-cpp 0.2.6
runtime_version="0.2.6"
# sha256 of that deps/aws-lambda-cpp.tar.xz: the build is of exactly this source.
archive_sha256="2da711fd0c85b8491cc4a3bf86fc9b8b1e48330e8e837c631216c98943f0fa7e"
prefix="${CLEAVE_LAMBDA_RUNTIME_PREFIX:-$here/build/deps/aws-lambda-runtime}"
stamp="$prefix/.cleave-aws-lambda-cpp-$runtime_version"

fail() {
  echo "install-lambda-runtime: $*" >&2
  exit 1
}

if [ -f "$stamp" ] && [ -f "$prefix/lib/aws-lambda-runtime/cmake/aws-lambda-runtime-config.cmake" ]; then
  echo "aws-lambda-cpp $runtime_version already installed in $prefix (remove $stamp to rebuild)"
  exit 0
fi

# The runtime talks HTTP through libcurl (the OpenSSL flavour, as on Amazon
# Linux). Debian's nodejs comes without npm, which is its own package there.
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
missing=()
for p in libcurl4-openssl-dev xz-utils; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    fail "could not install ${missing[*]} with apt-get"
fi

command -v npm >/dev/null 2>&1 ||
  fail "npm is missing: it fetches aws-lambda-ric@$ric_version, which carries aws-lambda-cpp $runtime_version (apt-get install npm)"
command -v cmake >/dev/null 2>&1 || fail "cmake is missing: run scripts/install-deps.sh first"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "fetching aws-lambda-ric@$ric_version from npm"
if ! (cd "$work" && npm pack "aws-lambda-ric@$ric_version" >npm-pack.log 2>&1); then
  cat "$work/npm-pack.log" >&2
  fail "could not download aws-lambda-ric@$ric_version from the npm registry (network or registry down?)"
fi
tgz="$work/aws-lambda-ric-$ric_version.tgz"
[ -f "$tgz" ] || fail "npm pack did not write $tgz"
tar -xzf "$tgz" -C "$work" package/deps/aws-lambda-cpp.tar.xz ||
  fail "aws-lambda-ric@$ric_version has no package/deps/aws-lambda-cpp.tar.xz"
echo "$archive_sha256  $work/package/deps/aws-lambda-cpp.tar.xz" | sha256sum --check --status ||
  fail "deps/aws-lambda-cpp.tar.xz in aws-lambda-ric@$ric_version does not have the expected sha256 $archive_sha256"

# The archive was made on macOS: skip its AppleDouble "._*" files and the
# xattr headers GNU tar does not know (it would warn about each one).
mkdir -p "$work/src"
tar -xJf "$work/package/deps/aws-lambda-cpp.tar.xz" -C "$work/src" \
  --warning=no-unknown-keyword --exclude='._*'
grep -q "VERSION $runtime_version" "$work/src/CMakeLists.txt" ||
  fail "the archive in aws-lambda-ric@$ric_version is not aws-lambda-cpp $runtime_version"

# Static library (its default) without LTO: a static archive of GCC LTO
# objects links only with the same GCC, and handlers may be built by another
# compiler.
echo "building aws-lambda-cpp $runtime_version into $prefix"
cmake -S "$work/src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DENABLE_LTO=OFF -DENABLE_TESTS=OFF \
  -DBUILD_SHARED_LIBS=OFF -DCMAKE_INSTALL_PREFIX="$prefix" >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log" >&2; fail "configuring aws-lambda-cpp failed"; }
cmake --build "$work/build" --parallel "$(nproc)" >"$work/build.log" 2>&1 ||
  { tail -n 40 "$work/build.log" >&2; fail "building aws-lambda-cpp failed"; }
cmake --install "$work/build" >"$work/install.log" 2>&1 ||
  { cat "$work/install.log" >&2; fail "installing aws-lambda-cpp failed"; }

echo "aws-lambda-ric@$ric_version" >"$stamp"
echo "aws-lambda-cpp $runtime_version installed in $prefix"

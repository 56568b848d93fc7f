#!/usr/bin/env bash
# Installs the Debian packages cleave needs, only those missing.
# Usage: scripts/install-deps.sh [--with-browser] [--with-fuzzer] [--with-lint] [--with-lambda] [--with-slurm]
# (--with-lambda also builds aws-lambda-cpp into build/deps: scripts/install-lambda-runtime.sh)
set -euo pipefail

packages=(cmake ninja-build g++ pkg-config
          libboost-graph-dev nlohmann-json3-dev libcli11-dev libgraphviz-dev graphviz
          catch2 libpg-query-dev libvalijson-dev libyaml-cpp-dev libxxhash-dev
          libsqlite3-dev libpq-dev python3 libxml2-utils
          # The database libraries whose real headers tests/sql/libraries_test.cpp parses.
          libsqlitecpp-dev libmysqlcppconn-dev libpoco-dev libsoci-dev libpqxx-dev libcppdb-dev qt6-base-dev)

# libclang: prefer 16 (accepts more C++20), fall back to 14.
apt_has() { apt-cache show "$1" >/dev/null 2>&1; }
need_update=1
maybe_update() {
  if [ "$need_update" = 1 ]; then
    $SUDO apt-get update -qq
    need_update=0
  fi
}
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

maybe_update
if apt_has libclang-16-dev; then
  packages+=(libclang-16-dev libclang-common-16-dev clang-16)
else
  packages+=(libclang-14-dev libclang-common-14-dev clang-14)
fi
lambda=0
for arg in "$@"; do
  case "$arg" in
    --with-lambda) lambda=1 ;;
    --with-browser)
      # The browser test drives Chromium from Node's standard library only.
      packages+=(chromium)
      command -v node >/dev/null 2>&1 || packages+=(nodejs)
      ;;
    --with-lint) packages+=(clang-format-16 clang-tidy-16 git) ;;
    --with-fuzzer) if apt_has libclang-rt-16-dev; then packages+=(libclang-rt-16-dev); fi ;;
    # The Slurm test (tests/slurm) starts its own munged, slurmctld and slurmd;
    # the packages' services are not needed and the test does not use them.
    --with-slurm) packages+=(slurm-wlm munge) ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# After the packages: the runtime build needs cmake and g++ from them.
if [ "$lambda" = 1 ]; then "$(dirname "$0")/install-lambda-runtime.sh"; fi
echo "dependencies ready"

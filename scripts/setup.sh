#!/usr/bin/env bash
# Installs the Debian bookworm packages AcademicHub needs (idempotent) and builds
# the Release configuration into build/. The CLI is build/academichub.
#   scripts/setup.sh            packages + release build
#   scripts/setup.sh --deps     packages only
#   scripts/setup.sh --bench    also the web benchmark's contenders and tools
#                               (bench/web_bench.sh: wrk, nginx, Flask, gunicorn), then build
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libcurl4-openssl-dev libpugixml-dev nlohmann-json3-dev libsqlite3-dev zlib1g-dev
  libcpp-httplib-dev libcli11-dev libtomlplusplus-dev libexpected-dev
  liblinear-dev libstemmer-dev
  libkainjow-mustache-dev libsodium-dev libjs-katex
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev
  python3 python3-yaml sqlite3
)
# Only for the benchmarks (never installed by default, never used by tests).
BENCH_PACKAGES=(wrk nginx-light python3-flask gunicorn)
[ "${1:-}" = "--bench" ] && PACKAGES+=("${BENCH_PACKAGES[@]}")

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[ "${1:-}" = "--deps" ] && exit 0

cmake --preset release >/dev/null
cmake --build --preset release --target academichub

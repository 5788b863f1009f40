#!/usr/bin/env bash
# Installs the Debian bookworm packages AcademicHub needs (idempotent) and builds
# the Release configuration into build/. The CLI is build/academichub.
#   scripts/setup.sh            packages + release build
#   scripts/setup.sh --deps     packages only
#   scripts/setup.sh --test     packages only, with what the tests add: chromium, a CJK font,
#                               node + npm and playwright-core (browser tests), python3-yaml,
#                               python3-aiosmtpd (the digest tests' loopback SMTP server),
#                               postgresql-15 (the PostgreSQL backend's tests run on a
#                               throwaway cluster: scripts/pg_test_cluster.sh)
#   scripts/setup.sh --bench    also the web benchmark's contenders and tools
#                               (bench/web_bench.sh: wrk, nginx, Flask, gunicorn), then build
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libcurl4-openssl-dev libpugixml-dev nlohmann-json3-dev libsqlite3-dev zlib1g-dev
  libcpp-httplib-dev libcli11-dev libtomlplusplus-dev libexpected-dev
  liblinear-dev libstemmer-dev libutf8proc-dev
  libkainjow-mustache-dev libsodium-dev libjs-katex libpq-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev
  python3 sqlite3 tzdata
)
mode="${1:-}"
# The tests also drive a real browser and check the OpenAPI file.
[ "$mode" = "--test" ] && PACKAGES+=(chromium fonts-wqy-microhei python3-yaml python3-aiosmtpd postgresql-15)
# Only for the benchmarks (never installed by default, never used by tests).
BENCH_PACKAGES=(wrk nginx-light python3-flask gunicorn)
[ "$mode" = "--bench" ] && PACKAGES+=("${BENCH_PACKAGES[@]}")

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm drive the browser tests (tests/e2e): Debian's, unless a node
# with its own npm is there already (a NodeSource nodejs conflicts with Debian's npm).
if [ "$mode" = "--test" ]; then
  command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
fi
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ "$mode" = "--test" ]; then
  # playwright-core for the browser tests, exactly as locked (it drives /usr/bin/chromium:
  # no browser is downloaded).
  want=$(node -p "require('./tests/e2e/package-lock.json').packages['node_modules/playwright-core'].version")
  have=$(node -p "require('./tests/e2e/node_modules/playwright-core/package.json').version" 2>/dev/null || true)
  if [ "$want" != "$have" ]; then
    echo "setup: npm ci in tests/e2e (playwright-core $want)"
    (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
  fi
  exit 0
fi
[ "$mode" = "--deps" ] && exit 0

cmake --preset release >/dev/null
cmake --build --preset release --target academichub

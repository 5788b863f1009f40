#!/usr/bin/env bash
# Sets up and runs every test:
#   1. one ASan+UBSan build with warnings as errors (-Werror) that runs every ctest
#      label: unit, store (on SQLite and on a throwaway PostgreSQL cluster that this script
#      starts on a free loopback port and stops at the end: scripts/pg_test_cluster.sh; with
#      AH_REQUIRE_POSTGRES=1 a PostgreSQL test fails instead of skipping when it has no server),
#      web, e2e (the CLI scripts drive the sanitized binary) and browser
#      (tests/e2e: headless chromium on the sanitized server; screenshots in
#      build-asan/artefacts/screenshots);
#   2. every libFuzzer target (clang), built and run briefly on the recorded responses and
#      large, deeply nested inputs (scripts/fuzz_seeds.sh); longer runs: scripts/fuzz_long.sh.
#   AH_FUZZ_SECONDS=N   seconds per fuzz target (default 10; 0 builds them without running)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
JOBS=$(nproc)

echo "== ASan+UBSan build, -Werror: every test"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$JOBS"
echo "== PostgreSQL: a throwaway cluster for the tests"
pg_env=$(scripts/pg_test_cluster.sh start)  # a failed start stops here (set -e)
eval "$pg_env"
trap 'scripts/pg_test_cluster.sh stop "$AH_TEST_POSTGRES_DIR"' EXIT
echo "   $AH_TEST_POSTGRES_URL"
export AH_REQUIRE_POSTGRES=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --preset asan -j "$JOBS"
unset ASAN_OPTIONS UBSAN_OPTIONS
scripts/pg_test_cluster.sh stop "$AH_TEST_POSTGRES_DIR"
trap - EXIT
unset AH_TEST_POSTGRES_URL AH_TEST_POSTGRES_DIR AH_REQUIRE_POSTGRES

echo "== libFuzzer targets"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$JOBS"
secs="${AH_FUZZ_SECONDS:-10}"
if [ "$secs" != "0" ]; then
  for f in build-fuzz/fuzz/*_fuzz; do
    name=$(basename "$f" _fuzz)
    small=$(mktemp -d)
    large=$(mktemp -d)
    # The recorded responses of the matching family, then large and deeply nested inputs:
    # half the time each (scripts/fuzz_seeds.sh says why).
    scripts/fuzz_seeds.sh "$name" "$small" "$large"
    echo "-- $name (${secs}s)"
    first=$(((secs + 1) / 2))
    second=$((secs - first > 0 ? secs - first : 1))  # never 0: that would mean no limit
    "$f" -max_total_time="$first" -max_len=65536 -rss_limit_mb=2048 "$small" 2>&1 | tail -n 1
    "$f" -max_total_time="$second" -max_len=1048576 -rss_limit_mb=2048 "$large" "$small" 2>&1 |
      tail -n 1
    rm -rf "$small" "$large"
  done
fi
echo "== all tests passed"

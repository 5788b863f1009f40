#!/usr/bin/env bash
# The browser suite against the real binary:
#   tests/e2e/run.sh BINARY [ARTEFACT_DIR] [--only REGEX]
# Makes two libraries with `academichub ingest` (the bundled real samples; and
# the samples' latest arXiv day plus the crafted XSS feeds of tests/data/xss),
# serves each with `academichub serve --port 0` (the URL it prints), runs the
# scenarios of scenarios.js in headless Debian chromium, then stops both
# servers with SIGTERM and checks that they exit 0 (under ASan: no leak, no
# error). Screenshots: ARTEFACT_DIR (default: BINARY's folder/artefacts/screenshots).
# Needs tests/e2e/node_modules (scripts/setup.sh runs `npm ci` there). Exits 77
# (skipped) when chromium or node is not installed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=$(realpath "${1:?usage: run.sh BINARY [ARTEFACT_DIR] [--only REGEX]}")
art=$(realpath -m "${2:-$(dirname "$bin")/artefacts/screenshots}")
shift $(($# >= 2 ? 2 : 1))
only=()
[ "${1:-}" = "--only" ] && only=(--only "$2")

fail() {
  echo "browser suite: $*" >&2
  exit 1
}
# Without a browser or node there is nothing to drive: skipped (ctest's SKIP_RETURN_CODE
# 77), loudly. scripts/setup.sh installs both, so CI always runs the suite.
skip() {
  echo "browser suite: SKIPPED: $* (scripts/setup.sh installs it)" >&2
  exit 77
}
[ -x "${AH_CHROMIUM:-/usr/bin/chromium}" ] || skip "no chromium at ${AH_CHROMIUM:-/usr/bin/chromium}"
command -v node >/dev/null || skip "no node on PATH"
[ -d "$here/node_modules/playwright-core" ] ||
  fail "tests/e2e/node_modules is missing: run scripts/setup.sh (npm ci in tests/e2e)"

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

"$bin" -q --db "$tmp/samples.db" ingest "$root/data/samples" >"$tmp/ingest.log" 2>&1 ||
  { cat "$tmp/ingest.log"; fail "ingest of data/samples failed"; }
"$bin" -q --db "$tmp/xss.db" ingest "$root/data/samples/arxiv/2026-06-30.xml" \
  "$root/tests/data/xss" >"$tmp/ingest-xss.log" 2>&1 ||
  { cat "$tmp/ingest-xss.log"; fail "ingest of tests/data/xss failed"; }

# Starts `serve --port 0` on a library; sets $url and appends the pid.
serve() {
  local db=$1 name=$2
  "$bin" --db "$db" serve --port 0 >"$tmp/$name.out" 2>"$tmp/$name.err" &
  pids+=($!)
  url=""
  for _ in $(seq 1 600); do
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$tmp/$name.out" 2>/dev/null | head -n 1)
    [ -n "$url" ] && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  cat "$tmp/$name.out" "$tmp/$name.err" >&2
  fail "the $name server printed no URL"
}
serve "$tmp/samples.db" samples
main_url=$url
serve "$tmp/xss.db" xss
xss_url=$url
echo "browser suite: serving $main_url (samples) and $xss_url (crafted XSS feeds)"

rm -rf "$art"
mkdir -p "$art"
(cd "$here" && node scenarios.js --url "$main_url" --xss-url "$xss_url" --artefacts "$art" "${only[@]}")
rc=$?

# SIGTERM: each server drains and exits 0 (ASan reports leaks and errors in its exit code).
for i in "${!pids[@]}"; do
  p=${pids[$i]}
  kill -TERM "$p" 2>/dev/null
  code=0
  for _ in $(seq 1 300); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$p" 2>/dev/null; then
    echo "browser suite: server $p did not stop within 30 s of SIGTERM" >&2
    rc=1
    continue
  fi
  wait "$p"
  code=$?
  if [ "$code" -ne 0 ]; then
    echo "browser suite: server $p exited $code after SIGTERM" >&2
    rc=1
  fi
done
pids=()
for f in "$tmp"/*.err; do
  if grep -qE 'AddressSanitizer|runtime error:|LeakSanitizer' "$f"; then
    echo "browser suite: sanitizer report in $(basename "$f"):" >&2
    cat "$f" >&2
    rc=1
  fi
done
echo "browser suite: screenshots in $art"
exit $rc

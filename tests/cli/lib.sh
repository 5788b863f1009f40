# Shared helpers for the CLI end-to-end tests (sourced by tests/cli/*_test.sh; not a test itself).
#
# Usage in a test:  source "$(dirname "$0")/lib.sh" "$@"
#   $1 = path to the academichub binary, $2 = tests/data directory (repo root is $2/../..).
# Gives every script a fresh temp dir ($T, removed on exit) used as HOME and XDG_* so nothing
# touches the real home, an empty config file ($CFG), a library file ($DB), and:
#   ah ARGS...            academichub --db "$DB" --config "$CFG" --no-progress ARGS...
#   run ARGS...           ah ARGS... with stdout in $T/out, stderr in $T/err, exit code in $RC
#   check DESC CMD...     passes when CMD succeeds
#   check_rc DESC N       passes when $RC == N (shows the command's stderr otherwise)
#   check_json DESC CODE [FILE...]  Python asserts over j (first file, default $T/out) / js (all)
#   check_grep DESC REGEX FILE      passes when FILE matches the extended regex
#   identical A B / count_is A B    predicates for `check` (non-empty and equal / numeric and equal)
#   papers                the library's paper count (stats --json), or ERR
#   finish                prints "N passed, M failed" and exits non-zero on any failure
set -u
if [ $# -lt 2 ]; then
  echo "usage: $0 <path-to-academichub> <tests/data dir>" >&2
  exit 2
fi
AH_BIN=$(readlink -f "$1")
DATA=$(cd "$2" && pwd)
ROOT=$(cd "$DATA/../.." && pwd)
# shellcheck disable=SC2034  # used by the tests that source this file
SAMPLES=$ROOT/data/samples
CLI_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=/usr/bin/python3
if [ ! -x "$AH_BIN" ]; then
  echo "academichub binary not found: $1" >&2
  exit 2
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/ah-e2e.XXXXXX")
CLEANUP_HOOKS=()
ah_cleanup() {
  local h
  for h in "${CLEANUP_HOOKS[@]+"${CLEANUP_HOOKS[@]}"}"; do eval "$h" || true; done
  rm -rf "$T"
}
trap ah_cleanup EXIT
trap 'exit 130' INT TERM

# Isolation: nothing reads or writes the real home, and no proxy diverts loopback requests.
export HOME=$T/home XDG_DATA_HOME=$T/xdg/data XDG_CONFIG_HOME=$T/xdg/config
export XDG_CACHE_HOME=$T/xdg/cache XDG_STATE_HOME=$T/xdg/state
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY ftp_proxy FTP_PROXY
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost
export LC_ALL=C.UTF-8 TZ=UTC
CFG=$T/config.toml
: >"$CFG"
DB=$T/library.db

PASS=0
FAIL=0
RC=0

ah() { "$AH_BIN" --db "$DB" --config "$CFG" --no-progress "$@"; }
run() {
  ah "$@" >"$T/out" 2>"$T/err"
  RC=$?
}

_pass() {
  PASS=$((PASS + 1))
  echo "ok   - $1"
}
_fail() {
  FAIL=$((FAIL + 1))
  echo "FAIL - $1"
  shift
  local line
  for line in "$@"; do printf '       %s\n' "$line"; done
}
_stderr_excerpt() { head -c 600 "$T/err" | sed 's/^/       stderr: /'; }

check() {
  local desc=$1
  shift
  if "$@"; then _pass "$desc"; else _fail "$desc" "command failed: $*"; fi
}

check_rc() {
  if [ "$RC" -eq "$2" ]; then
    _pass "$1"
  else
    _fail "$1" "expected exit code $2, got $RC"
    _stderr_excerpt
  fi
}

check_json() {
  local desc=$1 code=$2
  shift 2
  [ $# -eq 0 ] && set -- "$T/out"
  local msg
  if msg=$("$PY" "$CLI_DIR/jcheck.py" "$code" "$@" 2>&1); then
    _pass "$desc"
  else
    _fail "$desc" "$msg"
  fi
}

check_grep() {
  if grep -Eq -- "$2" "$3"; then
    _pass "$1"
  else
    _fail "$1" "no match for /$2/ in $(basename "$3"):"
    head -c 600 "$3" | sed 's/^/       | /'
  fi
}

# Prints one value from the JSON in a file: json_get FILE EXPR (EXPR over j).
json_get() { "$PY" -c 'import json,sys; j=json.load(open(sys.argv[1],encoding="utf-8")); print(eval(sys.argv[2]))' "$1" "$2"; }

# identical A B: A is non-empty and byte-identical to B.
identical() { [ -s "$1" ] && cmp -s "$1" "$2"; }
# count_is A B: A is a number and equals B.
count_is() { [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" = "$2" ]; }

# Library paper count (stats --json .papers), or "ERR".
papers() {
  local f=$T/.stats.json
  if ah stats --json >"$f" 2>/dev/null; then json_get "$f" 'j["papers"]'; else echo ERR; fi
}

# PostgreSQL for the scripts that need a server (AH_TEST_POSTGRES_URL, from
# scripts/pg_test_cluster.sh): pg_find_psql sets PSQL (exits 1 naming the
# package when there is none); pg_schema creates a schema of this run's own on
# the server, dropped at exit, and sets PG_SCHEMA and PG_URL (the server's URL
# with search_path set to it). Call pg_schema in the script's own shell, not in
# $(...), so that its drop is registered.
pg_find_psql() {
  PSQL=""
  local d
  for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [ -x "$d/psql" ]; then PSQL=$d/psql; break; fi
  done
  [ -n "$PSQL" ] || PSQL=$(command -v psql || true)
  if [ -z "$PSQL" ]; then
    echo "FAIL - psql not found (postgresql-15)"
    exit 1
  fi
}
pg_schema() {
  [ -n "${PSQL:-}" ] || pg_find_psql
  PG_SCHEMA=ah_e2e_$$_$RANDOM
  PGOPTIONS="-c client_min_messages=warning" "$PSQL" -q -X "$AH_TEST_POSTGRES_URL" -c "CREATE SCHEMA $PG_SCHEMA" >/dev/null || exit 1
  CLEANUP_HOOKS+=("PGOPTIONS='-c client_min_messages=warning' \"$PSQL\" -q -X \"$AH_TEST_POSTGRES_URL\" -c 'DROP SCHEMA IF EXISTS $PG_SCHEMA CASCADE' >/dev/null")
  case "$AH_TEST_POSTGRES_URL" in
    *\?*) PG_URL="$AH_TEST_POSTGRES_URL&options=-csearch_path%3D$PG_SCHEMA" ;;
    *) PG_URL="$AH_TEST_POSTGRES_URL?options=-csearch_path%3D$PG_SCHEMA" ;;
  esac
}

finish() {
  echo "$PASS passed, $FAIL failed"
  [ "$FAIL" -eq 0 ]
  exit $?
}

#!/usr/bin/env bash
# Hardening of briefings, the LLM client and the CLI's edges, end to end on the bundled June 2026
# arXiv feeds with a misbehaving OpenAI-compatible provider on loopback (tests/cli/openai_server.py):
# a hung provider is bounded by [llm] deadline_seconds (timeouts are not retried like 5xx) and a
# refused connection fails at once; answers that fail validation or are huge never reach the
# answer cache; keys and URL credentials echoed by a provider reach neither the terminal, --json
# nor the library; absurd Retry-After and oversized responses get honest messages; `brief --out`
# writes through a fresh temporary (a planted symlink is not followed, a full disk leaves the old
# file and no debris); the query parser bounds what FTS5 must parse and no SQL reaches users;
# counts must not be negative, `search -- -term`, and --json with --out x.md.
source "$(dirname "$0")/lib.sh" "$@"

run ingest "$SAMPLES/arxiv"
check_rc "ingest three days of arXiv feeds" 0
run radar create agents --description "autonomous agents built on large language models: planning, tool use, memory" \
  --query '"language model" OR LLM OR agent'
check_rc "create a topic radar" 0
run radar run agents --date 2026-06-30 --json --limit 1 --no-record
TOP=$(json_get "$T/out" 'j[0]["id"]')

LOG=$T/llm.log
: >"$LOG"
SERVER_PID=
KEY=sk-e2eSECRETkey0123456789abcdef
# start_server MODE [EXTRA_CONFIG_LINES] [USERINFO@]: (re)starts openai_server.py, points [llm] at it.
start_server() {
  [ -n "$SERVER_PID" ] && { kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; }
  rm -f "$T/port"
  "$PY" "$CLI_DIR/openai_server.py" --mode "$1" --model m-hard --log "$LOG" --huge-mb 3 >"$T/port" 2>"$T/server.err" &
  SERVER_PID=$!
  for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.05; done
  PORT=$(head -n1 "$T/port")
  printf '[llm]\nbase_url = "http://%s127.0.0.1:%s/v1"\nmodel = "m-hard"\napi_key = "%s"\nmax_retries = 4\n%b' \
    "${3:-}" "$PORT" "$KEY" "${2:-}" >"$CFG"
}
stop_server() { [ -n "$SERVER_PID" ] && { kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; }; SERVER_PID=; }
CLEANUP_HOOKS+=('[ -n "$SERVER_PID" ] && kill $SERVER_PID 2>/dev/null')
chat_requests() { grep -c '/v1/chat/completions' "$LOG" || true; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# timed ARGS...: run, with the wall time in $MS.
timed() {
  local t0
  t0=$(now_ms)
  run "$@"
  MS=$(($(now_ms) - t0))
}
# library_has TEXT: TEXT occurs in the library's files (the database and its WAL).
library_has() { cat "$DB"* 2>/dev/null | grep -aqF -- "$1"; }

# --- a hung provider: [llm] deadline_seconds bounds the briefing ------------------------------
start_server hang 'timeout_seconds = 2\ndeadline_seconds = 4\n'
: >"$LOG"
timed brief agents --date 2026-06-30 --json --papers 12
check_rc "a hung provider: the briefing still comes" 0
check_json "extractive, saying the provider was too slow" '
assert j["mode"] == "extractive", j["mode"]
assert any("too slow" in n or "deadline" in n for n in j["notes"]), j["notes"]'
check "within the deadline, not after minutes of retries (${MS} ms)" test "$MS" -lt 20000
check "timeouts were retried once at most (chat requests: $(chat_requests))" test "$(chat_requests)" -le 4
: >"$LOG"
timed tldr "$TOP" --json
check_rc "tl;dr with a hung provider" 0
check_json "is extractive" 'assert j[0]["mode"] == "extractive", j'
check "and bounded too (${MS} ms)" test "$MS" -lt 15000

# --- a refused connection fails at once -------------------------------------------------------
stop_server
timed brief agents --date 2026-06-30 --json --papers 12
check_rc "nothing listens: the briefing still comes" 0
check_json "extractive" 'assert j["mode"] == "extractive", j["mode"]'
check_grep "the note says it cannot connect" "note: provider unreachable: .*cannot connect" "$T/err"
check "without backoff and retries (${MS} ms)" test "$MS" -lt 8000

# --- secrets: an echoed Authorization header, credentials in base_url --------------------------
start_server echo-auth '' 'alice:hunter2pass@'
run brief agents --date 2026-06-30 --json --papers 12 --out "$T/secret.md"
check_rc "a provider echoing the Authorization header" 0
check_json "falls back" 'assert j["mode"] == "extractive", j["mode"]'
check_grep "the provider's message is kept" "note: .*Invalid credentials in header Authorization" "$T/err"
for secret in "$KEY" SECRETkey hunter2pass; do
  check "no '$secret' on stderr" bash -c "! grep -qF -- '$secret' '$T/err'"
  check "no '$secret' in --json" bash -c "! grep -qF -- '$secret' '$T/out'"
  check "no '$secret' in the written briefing" bash -c "! grep -qF -- '$secret' '$T/secret.md'"
  check "no '$secret' in the library" bash -c "! { cat '$DB'* | grep -aqF -- '$secret'; }"
done
run tldr "$TOP"
check_rc "tl;dr with that provider" 0
check "its note carries no key" bash -c "grep -q 'note:' '$T/err' && ! grep -qE 'SECRETkey|hunter2pass' '$T/err'"

# --- honest messages --------------------------------------------------------------------------
start_server oversize
run brief agents --date 2026-06-30 --json --papers 12
check_rc "a 65 MB response" 0
check_json "is an unusable answer, not an input too large for the model" '
assert j["mode"] == "extractive", j["mode"]
assert any("answer unusable" in n for n in j["notes"]), j["notes"]
assert not any("input too large" in n for n in j["notes"]), j["notes"]'
start_server retry-after-huge
run brief agents --date 2026-06-30 --json --papers 12
check_rc "Retry-After: 99999999999999999999" 0
check_grep "is reported as a long wait" "retry after [0-9]+ days" "$T/err"
check "never as a negative one" bash -c "! grep -qE 'retry after -' '$T/err'"

# --- the cache keeps validated answers only ---------------------------------------------------
cache_rows() { "$PY" -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT COUNT(*), COALESCE(MAX(LENGTH(value)), 0) FROM llm_cache WHERE key LIKE ?", (sys.argv[2],)).fetchone()[0 if sys.argv[3] == "n" else 1])' "$DB" "$1" "$2"; }
start_server huge-invalid
BEFORE_ROWS=$(cache_rows 'llm:%' n)
run brief agents --date 2026-06-30 --json --papers 12
check_rc "3 MB answers that are not JSON" 0
check_json "fall back" 'assert j["mode"] == "extractive", j["mode"]'
run brief agents --date 2026-06-30 --json --papers 12
check_rc "twice" 0
check "are never cached (rows $(cache_rows 'llm:%' n), before $BEFORE_ROWS)" test "$(cache_rows 'llm:%' n)" = "$BEFORE_ROWS"
check "no cached answer above 1 MB (largest: $(cache_rows '%' max) bytes)" test "$(cache_rows '%' max)" -le 1048576
start_server good
run brief agents --date 2026-06-30 --json --papers 12
check_rc "then a good provider" 0
check_json "writes the LLM briefing" 'assert j["mode"] == "llm", j.get("notes")'
check "and its validated answers are cached" test "$(cache_rows 'llm:%' n)" -gt "$BEFORE_ROWS"
N=$(chat_requests)
run brief agents --date 2026-06-30 --json --papers 12
check "a rerun is served from the cache" test "$(chat_requests)" = "$N"

stop_server

# --- brief --out ----------------------------------------------------------------------------
printf 'precious\n' >"$T/victim"
ln -s "$T/victim" "$T/planted.md.tmp"
run brief agents --date 2026-06-30 --extractive --out "$T/planted.md"
check_rc "--out next to a planted symlink" 0
check "the symlink's target is untouched" bash -c "[ \"\$(cat '$T/victim')\" = precious ]"
check_grep "the briefing is written" "^# " "$T/planted.md"
check "no temporary is left behind" bash -c "! ls -a '$T' | grep -q '^\.planted\.md\.'"
run brief agents --date 2026-06-30 --extractive --json --out "$T/both.md"
check_rc "--json with --out x.md" 0
check_grep "the file is Markdown, as its extension says" "^# " "$T/both.md"
check_json "stdout has the JSON" 'assert j["mode"] == "extractive" and j["themes"], j.get("mode")'

# A full disk: a 64 KB tmpfs in a private mount namespace, filled up but for a few KB.
FULL=$T/full
mkdir -p "$FULL"
if unshare -rm true 2>/dev/null; then
  unshare -rm bash -c '
    dir=$1
    shift
    mount -t tmpfs -o size=64k tmpfs "$dir" || exit 99
    printf "old briefing\n" >"$dir/b.md"
    head -c 56000 /dev/zero >"$dir/filler" 2>/dev/null
    "$@" >/dev/null 2>"$0.err"
    echo "rc=$?" >"$0.rc"
    cat "$dir/b.md" >"$0.old" 2>/dev/null
    ls -a "$dir" >"$0.ls"
  ' "$T/full" "$FULL" "$AH_BIN" --db "$DB" --config "$CFG" --no-progress brief agents --date 2026-06-30 \
    --extractive --papers 30 --out "$FULL/b.md"
  check "a full disk fails the command ($(cat "$T/full.rc" 2>/dev/null))" grep -q '^rc=3$' "$T/full.rc"
  check_grep "saying why" "b\.md: cannot write the file .*No space left on device" "$T/full.err"
  check "the old file is intact" grep -qx "old briefing" "$T/full.old"
  check "and no partial temporary is left" bash -c "! grep -qE '^\.b\.md\.|^b\.md\.tmp$' '$T/full.ls'"
else
  echo "skip - a full disk (no private mount namespace here: unshare -rm failed)"
fi

# --- search: bounded queries, no SQL for users ------------------------------------------------
Q=x
for i in $(seq 0 99); do Q="$Q -a$i"; done
run search "$Q"
check_rc "100 exclusions are a usage error" 2
check_grep "with a clear message" "too many search terms \(more than 64\)" "$T/err"
check "and no SQL" bash -c "! grep -qiE 'select|papers_fts|while running' '$T/err'"
Q=agent
for i in $(seq 0 62); do Q="$Q -a$i"; done
run search "$Q" --limit 3
check_rc "63 exclusions still run" 0
Q=z
for i in $(seq 0 15); do Q="a$i -(b$i $Q)"; done
run search "$Q"
check_rc "the deepest nesting accepted runs" 0

# --- counts and options ---------------------------------------------------------------------
for args in "search agent --limit -1" "search agent --offset -5" "today --limit -1" \
  "radar run agents --limit -3" "brief agents --papers -1"; do
  # shellcheck disable=SC2086  # word splitting intended
  run $args
  check_rc "$args is a usage error" 2
done
run search agent --offset -5
check_grep "--offset names the bound" "offset: must be at least 0, not -5" "$T/err"
run search -survey agent
check_rc "search -survey agent: '-survey' is read as an option" 2
check_grep "and the error says to use --" "academichub search -- -survey agent" "$T/err"
run search --limit 2 -- agent -survey
check_rc "search --limit 2 -- agent -survey" 0
finish

#!/bin/bash
# End-to-end: `academichub daemon --once` across a simulated week (the clock moved with --now),
# against a loopback server standing in for arXiv's RSS (tests/cli/schedule_server.py) that
# serves the recorded days of tests/data and data/samples on schedule: a day's feed, a late feed
# (yesterday's still served), a 503 with Retry-After, and no announcement on Friday/Saturday.
# Then a daemon killed with SIGKILL mid-job and restarted: no job lost, none run twice.
# No network beyond 127.0.0.1.
# usage: daemon_test.sh <path-to-academichub> <tests/data dir>
source "$(dirname "$0")/lib.sh" "$@"

STATE=$T/state
LOG=$T/server.log
: >"$LOG"
D25=$DATA/arxiv_rss_daily/2026-06-25.xml
D26=$SAMPLES/arxiv/2026-06-26.xml
D29=$SAMPLES/arxiv/2026-06-29.xml
D30=$SAMPLES/arxiv/2026-06-30.xml
echo "file $D25" >"$STATE"
"$PY" "$CLI_DIR/schedule_server.py" --state "$STATE" --log "$LOG" >"$T/port" 2>"$T/server.err" &
SERVER_PID=$!
CLEANUP_HOOKS+=("kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null")
for _ in $(seq 100); do
  [ -s "$T/port" ] && break
  sleep 0.05
done
PORT=$(head -n1 "$T/port")
if ! [[ "$PORT" =~ ^[0-9]+$ ]]; then
  _fail "loopback server started" "no port printed; $(head -c 300 "$T/server.err")"
  finish
fi
_pass "loopback arXiv stand-in on 127.0.0.1:$PORT"
cat >"$CFG" <<TOML
contact = "tests@example.org"
[arxiv]
categories = ["cs.CL"]
rss_url = "http://127.0.0.1:$PORT/rss/"
[biorxiv]
servers = []
[journals]
follow = []
TOML
KEY_PREFIX="fetch:arxiv:rss:cs.CL"
requests() { wc -l <"$LOG" | tr -d ' '; }
job() { # job KEY EXPR: EXPR over j (the job's JSON object) is true
  ah jobs --json >"$T/jobs.json" 2>"$T/err"
  "$PY" -c 'import json,sys
jobs={x["key"]: x for x in json.load(open(sys.argv[1]))}
j=jobs.get(sys.argv[2])
ok = eval(sys.argv[3])
if not ok: print(json.dumps(j), file=sys.stderr)
sys.exit(0 if ok else 1)' "$T/jobs.json" "$1" "$2"
}
daemon_at() { run daemon --once --now "$1"; }

echo "# Wednesday 20:30 EDT: the announcement listed Thursday 2026-06-25"
run --create radar create llm --description "large language models, reasoning and evaluation benchmarks"
check_rc "a radar exists for the daemon to run" 0
daemon_at 2026-06-25T00:30:00Z
check_rc "daemon --once exits 0" 0
check "the day's fetch job is done" job "$KEY_PREFIX:2026-06-25" 'j and j["state"] == "done" and j["attempts"] == 1'
check "one request was made" count_is "$(requests)" 1
check "the radar's day ran after the fetch" job "radar:local:1:2026-06-25" 'j and j["state"] == "done"'
P25=$(papers)
check "papers were stored" test "$P25" != ERR -a "$P25" != 0

echo "# Thursday 20:30 EDT: the feed is late (still Thursday's)"
daemon_at 2026-06-26T00:30:00Z
check_rc "daemon --once exits 0 with a late feed" 0
check "the day's fetch job waits, saying the feed is late" job "$KEY_PREFIX:2026-06-26" \
  'j["state"] == "pending" and "does not list 2026-06-26 yet" in j["last_error"] and j["due"] == "2026-06-26T01:00:00Z"'
check "no radar job before the day's papers are in" job "radar:local:1:2026-06-26" 'j is None'
daemon_at 2026-06-26T00:45:00Z
check "nothing is retried before the retry window's next try" count_is "$(requests)" 2

echo "# 21:05 EDT: arXiv answers 503 with Retry-After"
echo "503 1" >"$STATE"
daemon_at 2026-06-26T01:05:00Z
check_rc "daemon --once exits 0 after 503s" 0
check "the fetch loop retried the 503s (Retry-After honoured, instantly on the test clock)" test "$(grep -c '"status": 503' "$LOG")" -ge 2
check "the job is pending again with the 503 as its error, backing off" job "$KEY_PREFIX:2026-06-26" \
  'j["state"] == "pending" and "503" in j["last_error"] and j["attempts"] == 2'

echo "# 00:40 EDT: the feed has the day"
echo "file $D26" >"$STATE"
daemon_at 2026-06-26T04:40:00Z
check "the late day's fetch is done on the third attempt" job "$KEY_PREFIX:2026-06-26" 'j["state"] == "done" and j["attempts"] == 3'
check "its radar day ran" job "radar:local:1:2026-06-26" 'j and j["state"] == "done"'
BEFORE=$(requests)

echo "# Friday and Saturday evenings: no announcement"
daemon_at 2026-06-27T00:30:00Z
daemon_at 2026-06-28T00:30:00Z
daemon_at 2026-06-28T15:00:00Z
check "no request on days without an announcement" count_is "$(requests)" "$BEFORE"
ah jobs --json >"$T/jobs.json"
check "no fetch job for a Saturday or Sunday listing" test "$(grep -c '2026-06-2[78]"' "$T/jobs.json")" = 0

echo "# Sunday and Monday 20:30 EDT"
echo "file $D29" >"$STATE"
daemon_at 2026-06-29T00:30:00Z
check "Monday's listing is fetched on Sunday evening" job "$KEY_PREFIX:2026-06-29" 'j["state"] == "done"'
echo "file $D30" >"$STATE"
daemon_at 2026-06-30T00:30:00Z
check "Tuesday's listing is fetched on Monday evening" job "$KEY_PREFIX:2026-06-30" 'j["state"] == "done"'
BEFORE=$(requests)
daemon_at 2026-06-30T00:31:00Z
daemon_at 2026-06-30T02:00:00Z
check "a restart runs no finished job again" count_is "$(requests)" "$BEFORE"
run jobs
check_rc "jobs lists the jobs" 0
check_grep "jobs shows states and keys" "done +$KEY_PREFIX:2026-06-30" "$T/out"
run jobs --failed
check_grep "jobs --failed says there are none" "No failed jobs" "$T/out"

echo "# SIGKILL mid-job, then restarts: no job lost, none run twice"
echo "slow $D30 2" >"$STATE"  # Tuesday 20:30 EDT: Wednesday's listing (served as Tuesday's file: late)
"$AH_BIN" --db "$DB" --config "$CFG" --no-progress daemon --once --now 2026-07-01T00:30:00Z >"$T/kill.out" 2>&1 &
DPID=$!
for _ in $(seq 100); do
  grep -q "slow" "$LOG" 2>/dev/null && break
  ah jobs --json 2>/dev/null | grep -q '"lease_owner": "[^"]' && break
  sleep 0.05
done
sleep 0.$((RANDOM % 9 + 1))
kill -9 $DPID 2>/dev/null
wait $DPID 2>/dev/null
check "the killed daemon left its job leased, not lost" job "$KEY_PREFIX:2026-07-01" 'j is not None and j["state"] == "pending"'
echo "file $D30" >"$STATE"
daemon_at 2026-07-01T00:35:00Z  # the lease (10 min) still holds: nobody takes the job
check "a leased job is not taken while its lease runs" job "$KEY_PREFIX:2026-07-01" 'j["state"] == "pending" and j["lease_owner"] != ""'
daemon_at 2026-07-01T00:45:00Z  # lease expired
check "after the lease expired the job was taken and finished (late feed: retried)" job "$KEY_PREFIX:2026-07-01" \
  'j["state"] == "pending" and j["lease_owner"] == "" and "does not list 2026-07-01" in j["last_error"]'
ah jobs --json >"$T/jobs.json"
check "every job key is unique" "$PY" -c 'import json,sys; k=[x["key"] for x in json.load(open(sys.argv[1]))]; sys.exit(len(k) != len(set(k)))' "$T/jobs.json"
check "no job failed for good" count_is "$("$PY" -c 'import json,sys; print(sum(x["state"]=="failed" for x in json.load(open(sys.argv[1]))))' "$T/jobs.json")" 0

echo "# SIGTERM: the running job finishes (or is given back), exit 0"
echo "slow $D30 1" >"$STATE"
"$AH_BIN" --db "$DB" --config "$CFG" --no-progress daemon --now 2026-07-02T00:30:00Z >"$T/term.out" 2>&1 &
DPID=$!
for _ in $(seq 100); do
  ah jobs --json 2>/dev/null | grep -q '"lease_owner": "[^"]' && break
  sleep 0.05
done
kill -TERM $DPID
wait $DPID
RC=$?
check_rc "daemon exits 0 on SIGTERM" 0
check "the job it was running is not left leased" job "$KEY_PREFIX:2026-07-02" 'j is not None and j["lease_owner"] == ""'

finish

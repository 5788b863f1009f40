#!/usr/bin/env bash
# Three daemons on one PostgreSQL, one SIGKILLed in the middle of a job: every job completes,
# every digest arrives exactly once. The PostgreSQL form of daemon_week_test.sh's crash rule,
# with concurrent workers instead of one process at a time.
#
# Six users (Berlin, daily at 07:00), a radar, the recorded arXiv days 2026-06-29 and 30 (cut to
# 25 items each), a real SMTP server on loopback (tests/cli/delivery_sink.py, RCPT TO: slowed
# down and logged). Round 1: three `daemon --once --now 2026-06-30T05:01Z` at once; at the first
# RCPT TO: the test reads which worker is sending (the delivery record's lease owner, host:pid)
# and SIGKILLs that process 0-180 ms later. Round 2, 11 simulated minutes later (the dead
# worker's 10-minute job lease has expired): three daemons again take over what it held.
# Then: every job done, every user's digest arrived, every delivery record "sent", and a second
# copy of a digest only with the same Message-ID and only while the killed process was alive
# (a kill between the server's acceptance and the "sent" record: store/delivery_store.h).
# AH_WORKERS_KEEP=DIR keeps the jobs, deliveries, receiver and process logs for a look.
# Needs a server: AH_TEST_POSTGRES_URL; skipped (exit 77) without one, unless AH_REQUIRE_POSTGRES=1.
source "$(dirname "$0")/lib.sh" "$@"

if [ -z "${AH_TEST_POSTGRES_URL:-}" ]; then
  if [ "${AH_REQUIRE_POSTGRES:-}" = "1" ]; then
    echo "FAIL - AH_REQUIRE_POSTGRES=1 but AH_TEST_POSTGRES_URL is not set"
    exit 1
  fi
  echo "SKIP - no PostgreSQL server (set AH_TEST_POSTGRES_URL: scripts/pg_test_cluster.sh start)"
  exit 77
fi
if ! "$PY" -c 'import aiosmtpd' 2>/dev/null; then
  _fail "python3-aiosmtpd is installed (scripts/setup.sh --test)" "import aiosmtpd failed"
  finish
fi
pg_schema
SCHEMA=$PG_SCHEMA
DB=$PG_URL
sql() { PGOPTIONS="-c search_path=$SCHEMA -c client_min_messages=warning" "$PSQL" -q -X -A -t "$AH_TEST_POSTGRES_URL" -c "$1"; }

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
SMTP_PORT=$(free_port)
HTTP_PORT=$(free_port)
SINK_LOG=$T/sink.log
: >"$SINK_LOG"
"$PY" "$CLI_DIR/delivery_sink.py" "$SMTP_PORT" "$HTTP_PORT" "$SINK_LOG" 0.15 2>"$T/sink.err" &
SINK_PID=$!
CLEANUP_HOOKS+=("kill $SINK_PID 2>/dev/null; wait $SINK_PID 2>/dev/null")
for _ in $(seq 100); do
  "$PY" -c "import socket; socket.create_connection(('127.0.0.1',$SMTP_PORT),1)" 2>/dev/null && break
  sleep 0.1
done
cat >"$CFG" <<TOML
contact = "tests@example.org"
[arxiv]
categories = []
[biorxiv]
servers = []
[journals]
follow = []
[smtp]
url = "smtp://127.0.0.1:$SMTP_PORT"
from = "AcademicHub <hub@example.org>"
[web]
base_url = "https://hub.example.org"
TOML

mkdir -p "$T/feeds"
for d in 2026-06-29 2026-06-30; do
  "$PY" - "$SAMPLES/arxiv/$d.xml" "$T/feeds/$d.xml" <<'PY'
import sys
import xml.etree.ElementTree as ET
tree = ET.parse(sys.argv[1])
channel = tree.getroot().find("channel")
for item in channel.findall("item")[25:]:
    channel.remove(item)
tree.write(sys.argv[2], encoding="utf-8", xml_declaration=True)
PY
done
run ingest "$T/feeds"
check_rc "ingest the recorded arXiv days into PostgreSQL" 0
USERS="local u1 u2 u3 u4 u5"
for u in $USERS; do
  printf 'correct horse battery\n' | ah user add "$u" >"$T/out" 2>"$T/err"; RC=$?
  check_rc "user add $u" 0
done
run radar create lm --description "large language models, reasoning and retrieval"
check_rc "a radar" 0
for u in $USERS; do
  sql "UPDATE users SET settings = '{\"digest\": {\"email\": \"$u@example.org\", \"empty\": \"nothing_new\", \"lang\": \"en\", \"frequency\": \"daily\"}, \"delivery\": {\"time\": \"07:00\", \"time_zone\": \"Europe/Berlin\"}}' WHERE name = '$u'" >/dev/null
done
check "six users' delivery settings written" test "$(sql "SELECT count(*) FROM users WHERE settings LIKE '%Europe/Berlin%'")" = 6

PROCS=$T/procs.log
: >"$PROCS"
now_s() { "$PY" -c 'import time; print(time.time())'; }
# round NOW KILL: three `daemon --once --now NOW` at once; KILL=1: SIGKILL the sending one.
round() {
  local now=$1 kill_one=$2 pids=() i pid owner victim="" t0 t1
  local before
  before=$(grep -c '"rcpt"' "$SINK_LOG")
  t0=$(now_s)
  for i in 1 2 3; do
    "$AH_BIN" --db "$DB" --config "$CFG" --no-progress --quiet daemon --once --now "$now" \
      >>"$T/daemon.out" 2>>"$T/daemon.err" &
    pids+=($!)
  done
  if [ "$kill_one" = 1 ]; then
    while [ "$(grep -c '"rcpt"' "$SINK_LOG")" = "$before" ]; do
      kill -0 "${pids[0]}" 2>/dev/null || kill -0 "${pids[1]}" 2>/dev/null || kill -0 "${pids[2]}" 2>/dev/null || break
      sleep 0.01
    done
    owner=$(sql "SELECT lease_owner FROM deliveries WHERE state = 'sending' ORDER BY updated_unix LIMIT 1")
    for pid in "${pids[@]}"; do
      [ "${owner##*:}" = "$pid" ] && victim=$pid
    done
    if [ -n "$victim" ]; then
      sleep "0.$(printf '%03d' $((RANDOM % 180)))"
      kill -KILL "$victim" 2>/dev/null
    fi
  fi
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null
    echo "$pid $?" >>"$T/rcs"
  done
  t1=$(now_s)
  echo "$t0 $t1 ${victim:-none}" >>"$PROCS"
  KILLED=$victim
}
round 2026-06-30T05:01:00Z 1
check "a daemon was SIGKILLed in the middle of a send" test -n "$KILLED"
check "the other daemons of round 1 exit 0" \
  test "$(grep -v "^$KILLED " "$T/rcs" | awk '$2 != 0' | wc -l)" = 0
: >"$T/rcs"
round 2026-06-30T05:12:00Z 0
check "the three daemons of round 2 exit 0" test "$(awk '$2 != 0' "$T/rcs" | wc -l)" = 0

sql "SELECT coalesce(json_agg(json_build_object('key', key, 'kind', kind, 'state', state, 'attempts', attempts, 'payload', payload)), '[]') FROM jobs" >"$T/jobs.json"
sql "SELECT coalesce(json_agg(json_build_object('key', key, 'state', state, 'attempts', attempts)), '[]') FROM deliveries" >"$T/deliveries.json"
"$PY" - "$T/jobs.json" "$T/deliveries.json" "$SINK_LOG" "$PROCS" "$USERS" >"$T/verdict" 2>&1 <<'PY'
import collections, json, sys
jobs = json.load(open(sys.argv[1]))
records = {d["key"]: d for d in json.load(open(sys.argv[2]))}
sink = [json.loads(l) for l in open(sys.argv[3], encoding="utf-8")]
procs = [l.split() for l in open(sys.argv[4])]
users = sys.argv[5].split()
errors = []
for j in jobs:
    if j["state"] != "done":
        errors.append("job %s is %s" % (j["key"], j["state"]))
deliver = {j["key"]: j for j in jobs if j["kind"] == "deliver"}
expected = set()
for u in users:
    j = deliver.get("deliver:%s:2026-06-30" % u)
    if j is None:
        errors.append("no deliver job for %s" % u)
        continue
    expected.add("digest:%s:%s" % (u, json.loads(j["payload"] or "{}")["day"]))
mails = collections.defaultdict(list)
for e in sink:
    if e["kind"] == "mail":
        mails[e["key"]].append((e["t"], e["message_id"]))
if set(mails) != expected:
    errors.append("digests missing: %s; unexpected: %s" % (sorted(expected - set(mails)), sorted(set(mails) - expected)))
killed = [(float(a), float(b)) for a, b, v in procs if v != "none"]
tolerated = 0
for key, copies in sorted(mails.items()):
    copies.sort()
    if len({m for _, m in copies}) != 1:
        errors.append("%s arrived with different Message-IDs" % key)
    for t, _ in copies[:-1]:
        if any(a <= t <= b for a, b in killed):
            tolerated += 1
        else:
            errors.append("%s arrived twice, the first copy not during the round with the kill" % key)
for key in expected:
    if records.get(key, {}).get("state") != "sent":
        errors.append("delivery record %s is %s" % (key, records.get(key)))
retried = [j["key"] for j in jobs if j["attempts"] > 1]
print("%d jobs done, %d digests arrived; jobs run again after the kill: %s; %d copies from the "
      "kill inside the acceptance window" % (len(jobs), len(mails), retried, tolerated))
for e in errors:
    print("ERROR", e)
sys.exit(1 if errors else 0)
PY
RC=$?
sed 's/^/# /' "$T/verdict"
[ -n "${AH_WORKERS_KEEP:-}" ] && cp "$T"/*.json "$T"/*.log "$T"/daemon.err "$AH_WORKERS_KEEP"/
check "every job done once, every digest exactly once (a copy only from the kill, same Message-ID)" test "$RC" = 0
finish

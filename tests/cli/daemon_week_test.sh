#!/bin/bash
# End-to-end, issue 12's crash test: "A daemon killed with SIGKILL at random points across a
# simulated week (injected clock) delivers every digest exactly once."
#
# Three users in three time zones (Shanghai 08:30 daily, Berlin 07:00 daily with a radar and a
# generic JSON webhook, New York 09:00 weekly), the bundled recorded arXiv days in the library,
# a real SMTP server and a webhook receiver on loopback (tests/cli/delivery_sink.py, which slows
# RCPT TO: down and logs it, so that the test can kill a daemon in the middle of a send). The clock
# is injected with `daemon --once --now T`: for each user's delivery time on each of 7 days the
# daemon is started and, by a seeded random choice, SIGKILLed either after a random delay from its
# start or 0-180 ms into its next SMTP send (at most two kills in a row, each restart 11 minutes of
# simulated time later so that the dead process's job lease, 10 minutes, has expired and the job,
# with its delivery, is taken again). The seed is printed;
# AH_WEEK_SEED=N repeats a run's choices (the kills' timing is real time, so not its outcome);
# AH_WEEK_KEEP=DIR keeps the processes' log, the receivers' log and the library for a look.
#
# At the end: every user x local day has its deliver job done; every expected digest (daily:
# one per radar day the user's deliver jobs saw; weekly: the local Monday's) arrived with its
# Message-ID; no digest key with two Message-IDs; every delivery record "sent"; each webhook
# post (radar, day) arrived.
#
# Duplicates. A send that a kill interrupts before the server accepted it is sent again by the
# restarted daemon: that must be the only copy. What no record can close is the window between the
# server's acceptance (the end of DATA) and the library's "sent" record (store/delivery_store.h):
# a kill inside it makes the next attempt send a second copy, with the same Message-ID. This test
# accepts a second copy ONLY when (a) it has the same Message-ID and delivery key as the first,
# and (b) every earlier copy arrived while a daemon process was alive that this test then killed
# with SIGKILL (so the copy is explained by a kill in the window, not by a daemon that resent a
# delivery it had recorded). It counts and prints such copies. Any other duplicate fails the test.
# The same rule holds for webhook posts (keyed by radar and day).
#
# usage: daemon_week_test.sh <path-to-academichub> <tests/data dir>
source "$(dirname "$0")/lib.sh" "$@"

if ! "$PY" -c 'import aiosmtpd' 2>/dev/null; then
  _fail "python3-aiosmtpd is installed (scripts/setup.sh --test)" "import aiosmtpd failed"
  finish
fi
SEED=${AH_WEEK_SEED:-$(( $(date +%s%N) % 100000 ))}
echo "# seed $SEED (AH_WEEK_SEED=$SEED repeats the choices of this run)"
RANDOM=$SEED

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
SMTP_PORT=$(free_port)
HTTP_PORT=$(free_port)
SINK_LOG=$T/sink.log
: >"$SINK_LOG"
"$PY" "$CLI_DIR/delivery_sink.py" "$SMTP_PORT" "$HTTP_PORT" "$SINK_LOG" 0.15 2>"$T/sink.err" &
SINK_PID=$!
CLEANUP_HOOKS+=("kill $SINK_PID 2>/dev/null; wait $SINK_PID 2>/dev/null")
for _ in $(seq 100); do
  "$PY" -c "import socket; socket.create_connection(('127.0.0.1',$SMTP_PORT),1); socket.create_connection(('127.0.0.1',$HTTP_PORT),1)" 2>/dev/null && break
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
export AH_WEBHOOKS_ALLOW_PRIVATE=1

# The recorded arXiv days, cut to their first 25 items each (every daemon start builds the
# radar's index: small enough for the test to stay fast under ASan).
mkdir -p "$T/feeds"
for d in 2026-06-26 2026-06-29 2026-06-30; do
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
check_rc "ingest the recorded arXiv days 2026-06-26, 29, 30" 0
check "75 papers in the library" count_is "$(papers)" 75
for u in local mei nora; do
  printf 'correct horse battery\n' | ah user add "$u" >"$T/out" 2>"$T/err"; RC=$?
  check_rc "user add $u" 0
done
run radar create lm --description "large language models, reasoning and retrieval"
check_rc "a radar for the Berlin user" 0
"$PY" - "$DB" "$HTTP_PORT" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
radar = db.execute("SELECT id FROM radars WHERE owner = 'local' AND name = 'lm'").fetchone()[0]
def put(user, digest, delivery, **more):
    s = {"digest": dict({"email": user + "@example.org", "empty": "nothing_new", "lang": "en"},
                        **digest),
         "delivery": delivery}
    s.update(more)
    db.execute("UPDATE users SET settings = ? WHERE name = ?", (json.dumps(s), user))
put("local", {"frequency": "daily"}, {"time": "07:00", "time_zone": "Europe/Berlin"},
    webhooks=[{"id": "h1", "radar": radar, "kind": "json",
               "url": "http://127.0.0.1:%s/hook" % sys.argv[2], "secret": "s3cret"}])
put("mei", {"frequency": "daily"}, {"time": "08:30", "time_zone": "Asia/Shanghai"})
put("nora", {"frequency": "weekly"}, {"time": "09:00", "time_zone": "America/New_York"})
db.commit()
PY
check "users' delivery settings written" true

# One daemon process at a time; its lifetime (start, end, killed?) is logged for the
# duplicate rule above.
PROCS=$T/procs.log
: >"$PROCS"
STARTS=0
KILLS=0
KILL_MAX_MS=${AH_WEEK_KILL_MAX_MS:-1000}
rcpts() { grep -c '"rcpt"' "$SINK_LOG"; }
sleep_ms() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }
# start_at UNIX [MODE]: one `daemon --once --now UNIX`. MODE "kill": SIGKILL after a random
# delay of 0-KILL_MAX_MS ms from the start; "midsend": SIGKILL 0-180 ms after the next RCPT TO:
# the SMTP server sees (the server answers RCPT after 150 ms: mostly before it accepted the
# message, sometimes after). Returns 1 when the process was killed.
start_at() {
  local now=$1 mode=$2 t0 t1 pid rc killed=0 before
  before=$(rcpts)
  t0=$("$PY" -c 'import time; print(time.time())')
  # The binary itself, not the `ah` function: $! must be the daemon's pid, not a subshell's.
  "$AH_BIN" --db "$DB" --config "$CFG" --no-progress --quiet daemon --once --now "$now" \
    >>"$T/daemon.out" 2>>"$T/daemon.err" &
  pid=$!
  STARTS=$((STARTS + 1))
  if [ "$mode" = kill ]; then
    sleep_ms $((RANDOM % KILL_MAX_MS))
  elif [ "$mode" = midsend ]; then
    while kill -0 "$pid" 2>/dev/null && [ "$(rcpts)" = "$before" ]; do sleep 0.01; done
    sleep_ms $((RANDOM % 180))
  fi
  if [ -n "$mode" ] && kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null && killed=1
  fi
  { wait "$pid"; } 2>/dev/null
  rc=$?
  t1=$("$PY" -c 'import time; print(time.time())')
  echo "$t0 $t1 $killed $rc $now $mode" >>"$PROCS"
  if [ "$killed" = 1 ]; then
    KILLS=$((KILLS + 1))
    return 1
  fi
  if [ "$rc" != 0 ]; then
    _fail "daemon --once --now $now exits 0" "exit code $rc; $(tail -c 400 "$T/daemon.err")"
  fi
  return 0
}

# The week: Sunday 2026-06-28 to Saturday 2026-07-04 (UTC days), each user's local time + 1 min:
# Shanghai 08:30 CST = 00:30Z, Berlin 07:00 CEST = 05:00Z, New York 09:00 EDT = 13:00Z.
WEEK_START=$("$PY" -c 'import calendar,time; print(calendar.timegm(time.strptime("2026-06-28","%Y-%m-%d")))')
for day in 0 1 2 3 4 5 6; do
  for slot in $((30 * 60)) $((5 * 3600)) $((13 * 3600)); do
    now=$((WEEK_START + day * 86400 + slot + 60))
    in_a_row=0
    while :; do
      dice=$((RANDOM % 100))
      if [ $in_a_row -lt 2 ] && [ $dice -lt 60 ]; then
        mode=midsend
        [ $dice -lt 20 ] && mode=kill
        if start_at "$now" $mode; then break; fi
        in_a_row=$((in_a_row + 1))
        now=$((now + 11 * 60))
      else
        start_at "$now" ""
        break
      fi
    done
  done
done
echo "# $STARTS daemon starts, $KILLS killed with SIGKILL"
check "the daemon was killed at least once" test "$KILLS" -gt 0

"$PY" - "$DB" "$SINK_LOG" "$PROCS" "$WEEK_START" >"$T/verdict" 2>&1 <<'PY'
import collections, datetime, json, sqlite3, sys
from zoneinfo import ZoneInfo
db = sqlite3.connect(sys.argv[1])
sink = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
procs = [l.split() for l in open(sys.argv[3])]
procs = [(float(a), float(b), k == "1") for a, b, k, *_ in procs]
week_start = int(sys.argv[4])
errors = []
users = {"local": ("Europe/Berlin", 7 * 60, "daily"), "mei": ("Asia/Shanghai", 8 * 60 + 30, "daily"),
         "nora": ("America/New_York", 9 * 60, "weekly")}
first_run = week_start
last_run = week_start + 6 * 86400 + 13 * 3600 + 60 + 2 * 11 * 60
jobs = {k: (s, json.loads(p or "{}")) for k, s, p in
        db.execute("SELECT key, state, payload FROM jobs WHERE kind = 'deliver'")}
expected = set()
for user, (zone, minutes, freq) in users.items():
    z = ZoneInfo(zone)
    for d in range(-1, 9):
        local = (datetime.date(2026, 6, 28) + datetime.timedelta(days=d))
        due = datetime.datetime.combine(local, datetime.time(minutes // 60, minutes % 60), z)
        if not (first_run <= due.timestamp() <= last_run):
            continue
        key = "deliver:%s:%s" % (user, local.isoformat())
        state, payload = jobs.get(key, (None, {}))
        if state != "done":
            errors.append("%s is %s, not done" % (key, state))
            continue
        if freq == "daily":
            expected.add("digest:%s:%s" % (user, payload["day"]))
        elif local.weekday() == 0:
            expected.add("digest:%s:week:%s" % (user, payload["day"]))
weekly = [k for k in expected if ":week:" in k]
if len(weekly) != 1:
    errors.append("one weekly digest expected, got %s" % weekly)

def killed_during(t):
    return any(a <= t <= b and killed for a, b, killed in procs)

def judge(what, arrivals, ident):
    """arrivals: key -> list of (time, identity). Returns tolerated duplicate count."""
    tolerated = 0
    for key, copies in sorted(arrivals.items()):
        copies.sort()
        ids = {ident(c) for c in copies}
        if len(ids) != 1:
            errors.append("%s %s arrived with different identities: %s" % (what, key, sorted(ids)))
        for t, _ in copies[:-1]:
            if killed_during(t):
                tolerated += 1
            else:
                errors.append("%s %s arrived twice, the first copy from a daemon that was not "
                              "killed (at %.3f)" % (what, key, t))
    return tolerated

mails = collections.defaultdict(list)
for e in sink:
    if e["kind"] == "mail":
        mails[e["key"]].append((e["t"], e["message_id"]))
got = set(mails)
if got != expected:
    errors.append("digests missing: %s; unexpected: %s" % (sorted(expected - got), sorted(got - expected)))
for key, copies in mails.items():
    mid = "<" + key.replace(":", ".") + "@example.org>"
    if copies[0][1] != mid:
        errors.append("%s has Message-ID %s, not %s" % (key, copies[0][1], mid))
dup_mail = judge("digest", mails, lambda c: c[1])
records = dict(db.execute("SELECT key, state FROM deliveries"))
for key in expected:
    if records.get(key) != "sent":
        errors.append("delivery record %s is %s" % (key, records.get(key)))
retried = db.execute("SELECT count(*) FROM deliveries WHERE attempts > 1").fetchone()[0]
hooks = collections.defaultdict(list)
for e in sink:
    if e["kind"] == "hook":
        hooks["%s:%s" % (e["radar"], e["date"])].append((e["t"], e["path"]))
hook_records = {k: s for k, s in records.items() if k.startswith("webhook:")}
if not hook_records:
    errors.append("no webhook was posted")
for key, state in hook_records.items():
    if state != "sent":
        errors.append("webhook record %s is %s" % (key, state))
if len(hooks) != len(hook_records):
    errors.append("webhook posts %s for records %s" % (sorted(hooks), sorted(hook_records)))
dup_hook = judge("webhook post", hooks, lambda c: c[1])
print("%d digests expected and arrived (%d retried deliveries); %d webhook posts; "
      "%d digest and %d webhook copies from kills inside the SMTP/HTTP acceptance window" %
      (len(expected), retried, len(hooks), dup_mail, dup_hook))
for e in errors:
    print("ERROR", e)
sys.exit(1 if errors else 0)
PY
RC=$?
sed 's/^/# /' "$T/verdict"
check "every digest of the week arrived exactly once (duplicates only from kills in the window, same Message-ID)" test "$RC" = 0

# Pruning finished jobs (their clock is the real one: the simulated week is months ago) never
# sends a digest again: the deliveries keep their own records.
run jobs --prune --older-than 3650
check_rc "jobs --prune --older-than 3650" 0
check_grep "nothing that recent to prune" '^Pruned 0 finished jobs older than 3650 days' "$T/out"
FINISHED=$("$PY" -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM jobs WHERE state != '"'pending'"'").fetchone()[0])' "$DB")
run jobs --prune --json
check_rc "jobs --prune (30 days)" 0
check_json "every finished job of the week pruned" "assert j['pruned'] == $FINISHED and j['pruned'] > 0, j"
MAILS=$(grep -c '"kind": "mail"' "$SINK_LOG")
start_at "$((WEEK_START + 6 * 86400 + 13 * 3600 + 60 + 30 * 60))" ""
check "a daemon after the pruning plans the day's jobs again but sends nothing twice" \
  count_is "$(grep -c '"kind": "mail"' "$SINK_LOG")" "$MAILS"

[ -n "${AH_WEEK_KEEP:-}" ] && cp "$PROCS" "$SINK_LOG" "$DB" "$AH_WEEK_KEEP"/
finish

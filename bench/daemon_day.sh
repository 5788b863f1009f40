#!/bin/bash
# The daemon's day (issue 12, "Benchmark"): USERS users with RADARS radars each on a real
# ~1,000-paper day, every user with a daily email digest at 07:00 in one of a dozen time zones;
# `academichub daemon --once` at 2026-06-02T12:00Z (injected clock) runs the day: every radar's
# run (ranked, recorded as shown), then each user's digest rendered and sent through SMTP to a
# loopback sink (bench/smtp_sink.py). Measures wall, CPU, peak RSS (/usr/bin/time -v), mails
# received, and a per-phase breakdown from the daemon's job log.
#
# usage: bench/daemon_day.sh [USERS] [RADARS]          (default 10000 3)
# env:   AH=binary        the academichub to measure (default build/academichub)
#        BEFORE=binary    also run this build on the same library, interleaved (ratio per pair)
#        ROUNDS=n         rounds of (AH [, BEFORE]) (default 1)
#        CALLGRIND=1      run under valgrind --tool=callgrind instead (instruction counts; use a
#                         small USERS, e.g. 20)
#        SAVE=1           the sink keeps every message (OUT/mail-*/NNNNNN.eml)
#        OUT=dir          where the library, logs and results go (default a new /tmp dir)
#
# The day: the June 2026 feeds (/work/benchdata/june.db, copied; never opened in place), with
# the announcements of 1 and 2 June merged into one day of 1,007 papers (the largest real day
# of the month has 714). No source is configured: the day's papers are in the library.
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${1:-10000}
RADARS=${2:-3}
AH=$(readlink -f "${AH:-build/academichub}")
BEFORE=${BEFORE:+$(readlink -f "$BEFORE")}
ROUNDS=${ROUNDS:-1}
SRC_DB=${SRC_DB:-/work/benchdata/june.db}
OUT=${OUT:-$(mktemp -d /tmp/ah-daemon-day.XXXX)}
mkdir -p "$OUT"
NOW=2026-06-02T12:00:00Z
echo "# daemon day: $USERS users x $RADARS radars; out $OUT; load: $(cut -d' ' -f1-3 /proc/loadavg)"

# The library, once (each run gets a copy: the day writes jobs, shown papers, deliveries).
BASE="$OUT/base.db"
if [ ! -f "$BASE" ]; then
  sqlite3 "$SRC_DB" ".backup '$BASE'"
  sqlite3 "$BASE" "UPDATE listings SET date = '2026-06-02' WHERE date = '2026-06-01';"
  cat >"$OUT/migrate.toml" <<'TOML'
contact = "bench@example.org"
[arxiv]
categories = []
[biorxiv]
servers = []
[journals]
follow = []
TOML
  # Any writing command migrates the library; a month before the day nothing is due.
  "$AH" --db "$BASE" --config "$OUT/migrate.toml" -q --no-progress daemon --once \
    --now 2026-05-01T00:00:00Z
  python3 bench/daemon_day_users.py "$BASE" "$USERS" "$RADARS"
  echo "papers on 2026-06-02: $(sqlite3 "$BASE" "SELECT count(DISTINCT paper_id) FROM listings WHERE date = '2026-06-02'")"
fi

SINK_PID=
stop_sink() { [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null && wait "$SINK_PID" 2>/dev/null; SINK_PID=; }
trap stop_sink EXIT

# run NAME BINARY: one day on a fresh copy; appends a JSON line to $OUT/results.jsonl.
run() {
  local name=$1 bin=$2 dir="$OUT/$1-$(date +%H%M%S)"
  mkdir -p "$dir"
  sqlite3 "$BASE" ".backup '$dir/library.db'"
  local save=""
  [ -n "${SAVE:-}" ] && save="$dir/mail" && mkdir -p "$save"
  python3 bench/smtp_sink.py "$dir/sink.port" $save &
  SINK_PID=$!
  for _ in $(seq 100); do [ -s "$dir/sink.port" ] && break; sleep 0.05; done
  cat >"$dir/config.toml" <<TOML
contact = "bench@example.org"
[arxiv]
categories = []
[biorxiv]
servers = []
[journals]
follow = []
[smtp]
url = "smtp://127.0.0.1:$(cat "$dir/sink.port")"
from = "AcademicHub <hub@bench.example.org>"
[web]
base_url = "https://hub.example.org"
TOML
  local pre=(/usr/bin/time -v -o "$dir/time.txt")
  if [ -n "${CALLGRIND:-}" ]; then
    pre+=(valgrind --tool=callgrind --callgrind-out-file="$dir/callgrind.out" -q)
  fi
  local start
  start=$(date +%s.%N)
  # The job log, each line stamped with the seconds since the start (the phases).
  nice -n 10 "${pre[@]}" "$bin" --db "$dir/library.db" --config "$dir/config.toml" --no-progress \
    daemon --once --now "$NOW" 2>&1 >/dev/null |
    python3 -c '
import sys, time
t0 = float(sys.argv[1])
for line in sys.stdin:
    sys.stdout.write("%.3f %s" % (time.time() - t0, line))
    sys.stdout.flush()' "$start" >"$dir/jobs.log"
  kill -USR1 "$SINK_PID"
  sleep 0.5
  stop_sink
  python3 - "$name" "$dir" "$USERS" "$RADARS" <<'PY' | tee -a "$OUT/results.jsonl"
import json, re, sys
name, d, users, radars = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
t = open(f"{d}/time.txt").read()
def f(pat):
    m = re.search(pat, t)
    return m.group(1) if m else "0"
wall = f(r"Elapsed \(wall clock\) time.*: (\S+)")
parts = [float(x) for x in wall.split(":")]
wall_s = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
msgs, nbytes, conns = (int(x) for x in open(f"{d}/sink.port.count").read().split())
# Phases from the job log: the time before the first job (opening the library, building the
# index, planning), and the gaps before each job's line, by the job's kind.
phase = {"start": 0.0}
prev, kinds, first = 0.0, {}, None
for line in open(f"{d}/jobs.log"):
    m = re.match(r"(\d+\.\d+) academichub daemon: (\w+) (\w+):", line)
    if not m:
        continue
    ts, outcome, kind = float(m.group(1)), m.group(2), m.group(3)
    if first is None:
        first = prev = ts  # (the first job's own time is in "start")
    phase[kind] = phase.get(kind, 0.0) + ts - prev
    kinds[f"{kind}:{outcome}"] = kinds.get(f"{kind}:{outcome}", 0) + 1
    prev = ts
phase["start"] = first or 0.0
phase["after the last job"] = max(0.0, wall_s - prev)
r = {"run": name, "users": users, "radars": users * radars, "wall_s": round(wall_s, 2),
     "user_s": float(f(r"User time \(seconds\): (\S+)")),
     "sys_s": float(f(r"System time \(seconds\): (\S+)")),
     "max_rss_mb": round(int(f(r"Maximum resident set size \(kbytes\): (\d+)")) / 1024, 1),
     "mails": msgs, "mail_mb": round(nbytes / 1e6, 1), "smtp_connections": conns,
     "jobs": kinds, "phases_s": {k: round(v, 2) for k, v in phase.items()}, "dir": d}
print(json.dumps(r))
PY
}

for _ in $(seq "$ROUNDS"); do
  run ours "$AH"
  [ -n "$BEFORE" ] && run before "$BEFORE"
done
echo "# results: $OUT/results.jsonl; load now: $(cut -d' ' -f1-3 /proc/loadavg)"

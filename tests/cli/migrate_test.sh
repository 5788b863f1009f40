#!/usr/bin/env bash
# `academichub migrate` end to end on a real library: the bundled sample feeds
# ingested, a radar with feedback and shown papers, an extractive briefing, a
# user, a job. SQLite -> SQLite: the copy answers stats, today, search, show,
# radar show, the briefing's export, user list and jobs exactly as the source
# does; a second run into the now non-empty copy is refused, naming what it
# holds. With a PostgreSQL server (AH_TEST_POSTGRES_URL): SQLite -> PostgreSQL
# -> SQLite round trip of the whole library (radars, feedback, briefings,
# users, jobs), compared the same way, and a second migration into the
# PostgreSQL library refused without printing the URL's password.
source "$(dirname "$0")/lib.sh" "$@"

SRC=$DB
run ingest "$SAMPLES"
check_rc "ingest the bundled samples" 0
run radar create agents --description "autonomous agents built on large language models" \
  --query '"language model" OR LLM OR agent'
check_rc "create a radar" 0
run radar run agents --date 2026-06-30 --json --limit 5
check_rc "run the radar (records the shown papers)" 0
cp "$T/out" "$T/day.json"
TOP=$(json_get "$T/day.json" 'j[0]["id"]')
SECOND=$(json_get "$T/day.json" 'j[1]["id"]')
run radar feedback agents "$TOP" like
check_rc "like a paper" 0
run radar feedback agents "$SECOND" hide
check_rc "hide another" 0
run brief agents --date 2026-06-30 --extractive --json --papers 20
check_rc "an extractive briefing (stored)" 0
printf 'correct horse battery\n' | ah user add alice --admin >"$T/out" 2>"$T/err"
RC=$?
check_rc "user add alice" 0
# A job as the daemon queues them (no network here to run the daemon's fetches).
"$PY" - "$SRC" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT INTO jobs(kind, key, payload, due_unix, created_unix) "
           "VALUES('radar', 'radar:local:1:2026-07-01', '', 1782900000, 1782806400)")
db.commit()
EOF
check_rc "queue a job" 0

# Every read the comparison uses, of the library at $1, into $2.
snapshot() {
  local lib=$1 out=$2
  mkdir -p "$out"
  DB=$lib ah stats --json | "$PY" -c 'import json,sys; j=json.load(sys.stdin); j.pop("db", None); print(json.dumps(j, sort_keys=True))' >"$out/stats.json"
  DB=$lib ah today --json --date 2026-06-30 >"$out/today.json"
  DB=$lib ah search '"language model" OR ocean OR protein' --json --limit 500 >"$out/search.json"
  DB=$lib ah show "$TOP" --json >"$out/show.json"
  DB=$lib ah user list --json >"$out/users.json"
  DB=$lib ah jobs --json --limit 100 >"$out/jobs.json"
  if [ "${3:-radars}" = radars ]; then
    DB=$lib ah radar show agents --json >"$out/radar.json"
    DB=$lib ah radar list --json >"$out/radars.json"
    DB=$lib ah export briefing 1 --format json >"$out/briefing.json"
  fi
}
# Compares two snapshots file by file.
same_snapshots() {
  local a=$1 b=$2 what=$3 f
  for f in "$a"/*.json; do
    check "$what: $(basename "$f" .json) identical" identical "$f" "$b/$(basename "$f")"
  done
}
snapshot "$SRC" "$T/src"
check_json "the source has papers, a radar with feedback, a user and a job" '
stats, radar, users, jobs = js
assert stats["papers"] > 20, stats
assert len(radar["feedback"]) == 2, radar
assert [u["name"] for u in users] == ["alice"], users
assert len(jobs) == 1, jobs' "$T/src/stats.json" "$T/src/radar.json" "$T/src/users.json" "$T/src/jobs.json"

# --- SQLite -> SQLite ----------------------------------------------------------------------------
run migrate --from "sqlite:$SRC" --to "sqlite:$T/copy.db" --json
check_rc "migrate sqlite -> sqlite exits 0" 0
check_json "every kind matches, with what the library holds" '
assert j["ok"] is True, j
k = {c["kind"]: c for c in j["kinds"]}
for kind in ["papers", "radars", "feedback", "shown_papers", "briefings", "users", "jobs"]:
    assert k[kind]["source_count"] > 0 and k[kind]["matches"], (kind, k[kind])
assert k["feedback"]["target_count"] == 2, k["feedback"]
assert all(len(c["source_checksum"]) == 64 for c in j["kinds"]), j'
snapshot "$T/copy.db" "$T/copy"
same_snapshots "$T/src" "$T/copy" "sqlite -> sqlite"

run migrate --from "sqlite:$SRC" --to "sqlite:$T/copy.db"
check "a second migration into the copy is refused (exit $RC)" test "$RC" -ne 0 -a "$RC" -lt 128
check_grep "the refusal names what the target holds and what to do" "not empty: it holds [0-9]+ papers.*delete the file" "$T/err"
run migrate --from "sqlite:$T/missing.db" --to "sqlite:$T/other.db"
check "a missing source is an error (exit $RC)" test "$RC" -ne 0 -a "$RC" -lt 128
check_grep "naming it" "no library at .*missing.db" "$T/err"
check "and creates nothing" test ! -e "$T/missing.db"

# --- SQLite -> PostgreSQL -> SQLite -----------------------------------------------------------
if [ -z "${AH_TEST_POSTGRES_URL:-}" ]; then
  if [ "${AH_REQUIRE_POSTGRES:-}" = "1" ]; then
    echo "FAIL - AH_REQUIRE_POSTGRES=1 but AH_TEST_POSTGRES_URL is not set"
    FAIL=$((FAIL + 1))
  else
    echo "SKIP - the PostgreSQL round trip (set AH_TEST_POSTGRES_URL: scripts/pg_test_cluster.sh start)"
  fi
  finish
fi
# A schema of this run's own on the server, dropped at the end.
pg_schema
PG1=$PG_URL
run migrate --from "sqlite:$SRC" --to "$PG1" --json
check_rc "sqlite -> postgresql exits 0" 0
check_json "sqlite -> postgresql: every kind matches" '
assert j["ok"] is True, j
k = {c["kind"]: c for c in j["kinds"]}
for kind in ["papers", "users", "jobs", "radars", "briefings"]:
    assert k[kind]["target_count"] > 0, (kind, k[kind])'
run migrate --from "$PG1" --to "sqlite:$T/back.db" --json
check_rc "postgresql -> sqlite exits 0" 0
check_json "postgresql -> sqlite: every kind matches" 'assert j["ok"] is True, j'
snapshot "$T/back.db" "$T/back"
same_snapshots "$T/src" "$T/back" "sqlite -> postgresql -> sqlite"
run migrate --from "sqlite:$SRC" --to "$PG1"
check "a second migration into the PostgreSQL library is refused (exit $RC)" test "$RC" -ne 0 -a "$RC" -lt 128
check_grep "naming what it holds and what to do" "not empty: it holds [0-9]+ papers.*drop and recreate the database" "$T/err"
check "the refusal does not print the password of the URL" test -z "$(grep -o 'postgresql://[^@ ]*:[^*@ ][^@ ]*@' "$T/err")"

finish

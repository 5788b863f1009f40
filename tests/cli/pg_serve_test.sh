#!/usr/bin/env bash
# Radars, briefings, serve and the daemon on PostgreSQL, end to end through the
# real binary: the bundled samples ingested into a schema of this run's own,
# `radar create/run`, an extractive `brief`, two `serve` processes on loopback
# ports sharing the database as stateless front ends (a session cookie of one
# works on the other; a radar created through one's API is the other's; feedback;
# the radar's Atom feed by its token), and `daemon --once` against a loopback
# stand-in for arXiv's RSS (tests/cli/schedule_server.py).
# Needs a server: AH_TEST_POSTGRES_URL (scripts/pg_test_cluster.sh start);
# skipped (exit 77) without one, unless AH_REQUIRE_POSTGRES=1 (CI), where that fails.
source "$(dirname "$0")/lib.sh" "$@"

if [ -z "${AH_TEST_POSTGRES_URL:-}" ]; then
  if [ "${AH_REQUIRE_POSTGRES:-}" = "1" ]; then
    echo "FAIL - AH_REQUIRE_POSTGRES=1 but AH_TEST_POSTGRES_URL is not set"
    exit 1
  fi
  echo "SKIP - no PostgreSQL server (set AH_TEST_POSTGRES_URL: scripts/pg_test_cluster.sh start)"
  exit 77
fi

# A schema of this run's own on the server, dropped at the end.
pg_schema
SCHEMA=$PG_SCHEMA
DB=$PG_URL
sql() { PGOPTIONS="-c search_path=$SCHEMA" "$PSQL" -q -X -A -t "$AH_TEST_POSTGRES_URL" -c "$1"; }

run ingest "$SAMPLES"
check_rc "ingest of the bundled samples into PostgreSQL exits 0" 0
run radar create agents --description "autonomous agents built on large language models: planning, tool use, memory" \
  --query '"language model" OR LLM OR agent' --category cs.AI --category cs.CL
check_rc "radar create on PostgreSQL" 0
run radar create agents --description "again"
check_rc "a second radar of the same name is refused (usage error)" 2
run radar run agents --date 2026-06-29 --json
check_rc "radar run on PostgreSQL" 0
check_json "the radar ranks the day's papers" 'assert len(j) >= 10 and j[0]["rank"] == 1, len(j)'
TOP=$(json_get "$T/out" 'j[0]["id"]')
check "the run recorded its shown papers in PostgreSQL" test "$(sql 'SELECT count(*) FROM radar_shown')" -ge 10
run brief agents --date 2026-06-29 --json
check_rc "brief (extractive) on PostgreSQL" 0
check_json "the briefing is extractive and has themes" 'assert j["mode"] == "extractive" and j["themes"], list(j)'
check "the briefing is stored in PostgreSQL" test "$(sql 'SELECT count(*) FROM briefings')" = 1

# Two front ends on the same database.
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
P1=$(free_port)
P2=$(free_port)
"$AH_BIN" --db "$DB" --config "$CFG" --no-progress serve --port "$P1" >"$T/s1.out" 2>"$T/s1.err" &
S1=$!
CLEANUP_HOOKS+=('kill $S1 2>/dev/null; wait $S1 2>/dev/null')
"$AH_BIN" --db "$DB" --config "$CFG" --no-progress serve --port "$P2" >"$T/s2.out" 2>"$T/s2.err" &
S2=$!
CLEANUP_HOOKS+=('kill $S2 2>/dev/null; wait $S2 2>/dev/null')
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$P1/healthz" >/dev/null 2>&1 && curl -sf "http://127.0.0.1:$P2/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
check "serve 1 answers /healthz" curl -sf "http://127.0.0.1:$P1/healthz" -o /dev/null
check "serve 2 answers /healthz" curl -sf "http://127.0.0.1:$P2/healthz" -o /dev/null
check "no folder or key file is named after the URL" test ! -e "postgresql:"
check_grep "serve names the database it serves" "serving postgresql://" "$T/s1.out"

# Sign up on front end 1.
curl -s -c "$T/jar" "http://127.0.0.1:$P1/register" -o /dev/null
CSRF=$(awk '/ah_csrf/ {print $7}' "$T/jar")
CODE=$(curl -s -b "$T/jar" -c "$T/jar" -X POST --data-urlencode "username=ada" \
  --data-urlencode "password=long enough pw" --data-urlencode "csrf=$CSRF" \
  "http://127.0.0.1:$P1/register" -o /dev/null -w '%{http_code}')
check "sign up on front end 1 (303 to /radars)" test "$CODE" = 303
check_grep "the session cookie is set" "ah_session" "$T/jar"
curl -s -b "$T/jar" "http://127.0.0.1:$P2/api/v1/me" >"$T/me.json"
check_json "front end 2 knows the session of front end 1" 'assert j["name"] == "ada", j' "$T/me.json"
# The signed-in CSRF token is the session's (kept in the database): read it from a page of 2.
curl -s -b "$T/jar" "http://127.0.0.1:$P2/radars" >"$T/radars.html"
SCSRF=$(sed -n 's/.*<meta name="csrf-token" content="\([^"]*\)".*/\1/p' "$T/radars.html" | head -n1)
check "front end 2 shows ada's pages with the session's CSRF token" test -n "$SCSRF"
api() { # api PORT METHOD PATH [JSON]: body in $T/api.json, status in $T/code
  local port=$1 method=$2 path=$3
  local body=()
  [ $# -ge 4 ] && body=(-d "$4")
  curl -s -b "$T/jar" -X "$method" -H 'Content-Type: application/json' -H "X-CSRF-Token: $SCSRF" \
    "http://127.0.0.1:$port$path" "${body[@]}" -o "$T/api.json" -w '%{http_code}' >"$T/code"
}
api "$P1" POST /api/v1/radars '{"name": "agents", "description": "LLM agents that plan and use tools", "query": "agent OR LLM OR \"language model\"", "categories": ["cs.AI", "cs.CL"]}'
check "create a radar through the API of front end 1 (201)" test "$(cat "$T/code")" = 201
RID=$(json_get "$T/api.json" 'j["id"]')
api "$P1" POST /api/v1/radars '{"name": "agents", "description": "twice"}'
check "the same name again is a conflict (409)" test "$(cat "$T/code")" = 409
api "$P2" GET /api/v1/radars
check_json "front end 2 lists ada's radar" "assert [r['name'] for r in j] == ['agents'] and j[0]['id'] == $RID, j" "$T/api.json"
api "$P2" GET "/api/v1/radars/$RID/run?date=2026-06-29&record=0"
check_json "front end 2 ranks it" 'assert len(j) >= 10, len(j)' "$T/api.json"
api "$P2" POST "/api/v1/radars/$RID/feedback" "{\"paper\": \"$TOP\", \"action\": \"save\"}"
check_json "feedback through front end 2" "assert j == {'paper': '$TOP', 'action': 'save'}, j" "$T/api.json"
api "$P1" GET "/api/v1/radars/$RID/feedback"
check_json "front end 1 sees the feedback" "assert '$TOP' in json.dumps(j), j" "$T/api.json"
# The local user's radar of the CLI is not ada's.
api "$P1" GET "/api/v1/radars/1"
check "another user's radar is not found (404)" test "$(cat "$T/code")" = 404
api "$P1" POST "/api/v1/radars/$RID/feed" '{"action": "rotate"}'
check "a feed address for the radar on front end 1 (201)" test "$(cat "$T/code")" = 201
FEED=$(json_get "$T/api.json" 'j["url"]')
FEEDPATH=/${FEED#*://*/}
curl -s "http://127.0.0.1:$P2$FEEDPATH" -o "$T/feed.xml" -w '%{http_code}' >"$T/code"
check "the Atom feed by its token on front end 2 (no session)" test "$(cat "$T/code")" = 200
# (Its entries are the radar's papers of the last days by the wall clock: none of the June samples.)
check_grep "the feed is the radar's Atom feed" "<title>AcademicHub · agents</title>" "$T/feed.xml"
api "$P2" DELETE "/api/v1/radars/$RID"
curl -s "http://127.0.0.1:$P1$FEEDPATH" -o /dev/null -w '%{http_code}' >"$T/code"
check "the feed is gone with its radar (404)" test "$(cat "$T/code")" = 404
curl -s -b "$T/jar" -X POST --data-urlencode "csrf=$SCSRF" "http://127.0.0.1:$P2/logout" -o /dev/null
curl -s -b "$T/jar" "http://127.0.0.1:$P1/api/v1/me" -o /dev/null -w '%{http_code}' >"$T/code"
check "signed out on 2 is signed out on 1" test "$(cat "$T/code")" = 401
kill "$S1" "$S2" 2>/dev/null
wait "$S1" "$S2" 2>/dev/null

# The daemon on PostgreSQL: a day's fetch from a loopback arXiv stand-in.
STATE=$T/state
LOG=$T/server.log
: >"$LOG"
echo "file $DATA/arxiv_rss_daily/2026-06-25.xml" >"$STATE"
"$PY" "$CLI_DIR/schedule_server.py" --state "$STATE" --log "$LOG" >"$T/port" 2>"$T/server.err" &
FEED_PID=$!
CLEANUP_HOOKS+=('kill $FEED_PID 2>/dev/null; wait $FEED_PID 2>/dev/null')
for _ in $(seq 100); do
  [ -s "$T/port" ] && break
  sleep 0.05
done
FPORT=$(head -n1 "$T/port")
cat >"$CFG" <<TOML
contact = "tests@example.org"
[arxiv]
categories = ["cs.CL"]
rss_url = "http://127.0.0.1:$FPORT/rss/"
[biorxiv]
servers = []
[journals]
follow = []
TOML
BEFORE=$(papers)
run daemon --once --now 2026-06-25T00:30:00Z
check_rc "daemon --once on PostgreSQL exits 0" 0
run jobs --json
check_json "the day's fetch job is done, once" '
f = [x for x in j if x["key"] == "fetch:arxiv:rss:cs.CL:2026-06-25"]
assert len(f) == 1 and f[0]["state"] == "done" and f[0]["attempts"] == 1, j'
check "the daemon added the day's papers" test "$(papers)" -gt "$BEFORE"
check "the politeness turn is kept in PostgreSQL" test "$(sql 'SELECT count(*) FROM rate_turns')" -ge 1
run daemon --once --now 2026-06-25T00:35:00Z
check_rc "a second daemon --once exits 0" 0
run jobs --json
check_json "nothing ran twice" '
f = [x for x in j if x["key"] == "fetch:arxiv:rss:cs.CL:2026-06-25"]
assert len(f) == 1 and f[0]["attempts"] == 1, f'

finish

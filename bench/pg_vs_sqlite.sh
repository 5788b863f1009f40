#!/usr/bin/env bash
# PostgreSQL beside SQLite (issue 13, "Benchmark"), every contender in the same run, interleaved:
#   ingest   `academichub ingest` of the first PAGES pages of the 2016 arXiv cs OAI harvest
#            (1,000 records a page; 103 = all 102,538) into a fresh SQLite file and into a fresh
#            PostgreSQL database (and, with BEFORE, the same with that build: before/after), then
#            an incremental ingest (the next INCR pages into the library just filled: the path
#            where every record is looked up among stored papers)
#   search   p50/p90/p99 of Store::Search (first page of 20) over bench/web/search_queries.txt
#            (62 realistic queries: words, phrases, fields, prefixes, boolean), ROUNDS rounds, on
#            both libraries; also on a 10k-paper library of each (latency growth 10k -> PAGES k)
#   size     bytes per paper: table + indexes (PostgreSQL, per relation) and the SQLite file
#   jobs     claims+completions per second of trivial jobs with 1, 2 and 4 worker processes
#            (bench/backend_tool.cc jobs; PgJobStore's FOR UPDATE SKIP LOCKED vs SQLite)
# PostgreSQL is a throwaway cluster of this run (scripts/pg_test_cluster.sh: fsync off, loopback).
#
# usage: bench/pg_vs_sqlite.sh [PAGES=103] [INCR=3]
# env:   N=n           ingest rounds (default 1); every round runs each contender once, in turn
#        BEFORE=binary also ingest into PostgreSQL with this build (e.g. main's), paired per round
#        ROUNDS=n      search rounds (default 3)   JOBS=n jobs per throughput run (default 3000)
#        AH_DATASETS   the datasets folder (default ../shared/datasets, or ../../shared/datasets)
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES=${1:-103}
INCR=${2:-3}
N=${N:-1}
ROUNDS=${ROUNDS:-3}
JOBS=${JOBS:-3000}
BEFORE=${BEFORE:+$(readlink -f "$BEFORE")}
DATA="${AH_DATASETS:-$PWD/../shared/datasets}"
[ -d "$DATA" ] || DATA=$PWD/../../shared/datasets  # a worktree under wt/
OAI="$DATA/arxiv-cs-oai-2016"
QUERIES=bench/web/search_queries.txt
if [ -z "${NO_BUILD:-}" ]; then
  cmake --preset release >/dev/null
  cmake --build build -j2 --target academichub backend_tool >/dev/null
fi
AH=$PWD/build/academichub
TOOL=$PWD/build/bench/backend_tool
TMP=$(mktemp -d /tmp/ah-pgbench.XXXXXX)
chmod 755 "$TMP"  # the cluster runs as postgres when we are root
eval "$(scripts/pg_test_cluster.sh start "$TMP/pg")"
PGURL=$AH_TEST_POSTGRES_URL
trap 'scripts/pg_test_cluster.sh stop "$TMP/pg" || true; rm -rf "$TMP"' EXIT
db_url() { echo "${PGURL%/postgres}/$1"; }
newdb() { PGOPTIONS="-c client_min_messages=warning" psql -q "$PGURL" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null; db_url "$1"; }
pages() { for i in $(seq "$1" "$2"); do printf '%s/page_%03d.xml.gz\n' "$OAI" "$i"; done; }
load() { cut -d' ' -f1 /proc/loadavg; }
json() { python3 -c "import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])['$1'])"; }
# secs BIN LOCATION FILES...: wall seconds of one ingest (after a sync, so that the previous
# contender's writeback does not land in this one's time)
secs() {
  local bin=$1 loc=$2; shift 2
  sync
  /usr/bin/time -f "%e" -o "$TMP/t" "$bin" --db "$loc" -q ingest "$@" >/dev/null ||
    { echo "ingest failed: $bin --db $loc" >&2; exit 1; }
  tail -1 "$TMP/t"
}
mapfile -t FIRST < <(pages 1 "$PAGES")
mapfile -t NEXT < <(pages $((PAGES + 1)) $((PAGES + INCR)))
[ "$((PAGES + INCR))" -le 103 ] || { echo "PAGES + INCR must be <= 103" >&2; exit 2; }
records=$(( PAGES * 1000 )); [ "$PAGES" -eq 103 ] && records=102538

echo "# PostgreSQL beside SQLite: $PAGES pages (~$records records) + $INCR incremental; $(nproc) cores," \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load at start $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# PostgreSQL $(psql -Atc 'show server_version' "$PGURL"), fsync off, loopback; commit $(git rev-parse --short HEAD)"

echo
echo "## ingest (wall s; load average at start of each run)"
echo "| round | contender | first import s | records/s | incremental s (+$INCR pages) | load |"
echo "|---|---|---|---|---|---|"
for r in $(seq "$N"); do
  rm -f "$TMP"/lite.db*
  l=$(load); a=$(secs "$AH" "$TMP/lite.db" "${FIRST[@]}"); b=$(secs "$AH" "$TMP/lite.db" "${NEXT[@]}")
  echo "| $r | SQLite | $a | $(python3 -c "print(f'{$records/$a:,.0f}')") | $b | $l |"
  url=$(newdb "lib$r")
  l=$(load); a=$(secs "$AH" "$url" "${FIRST[@]}"); b=$(secs "$AH" "$url" "${NEXT[@]}")
  echo "| $r | PostgreSQL | $a | $(python3 -c "print(f'{$records/$a:,.0f}')") | $b | $l |"
  if [ -n "$BEFORE" ]; then
    url=$(newdb "before$r")
    l=$(load); a=$(secs "$BEFORE" "$url" "${FIRST[@]}"); b=$(secs "$BEFORE" "$url" "${NEXT[@]}")
    echo "| $r | PostgreSQL, BEFORE build | $a | $(python3 -c "print(f'{$records/$a:,.0f}')") | $b | $l |"
  fi
done
PGLIB=$(db_url "lib$N")
[ "$(psql -Atc 'select count(*) from papers' "$PGLIB")" = "$(sqlite3 "$TMP/lite.db" 'select count(*) from papers')" ] ||
  echo "WARNING: the two libraries hold different paper counts"
echo "papers: PostgreSQL $(psql -Atc 'select count(*) from papers' "$PGLIB"), SQLite $(sqlite3 "$TMP/lite.db" 'select count(*) from papers')"

echo
echo "## size (bytes per paper, table + its indexes + TOAST)"
npg=$(psql -Atc 'select count(*) from papers' "$PGLIB")
psql -Atc "VACUUM ANALYZE" "$PGLIB" >/dev/null
psql -At -F ' ' "$PGLIB" -c "select c.relname, pg_table_size(c.oid), pg_indexes_size(c.oid)
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind = 'r' order by pg_total_relation_size(c.oid) desc limit 4" |
  while read -r rel tbl idx; do echo "PostgreSQL $rel: table $((tbl / npg)) B/paper, indexes $((idx / npg)) B/paper"; done
psql -At -F ' ' "$PGLIB" -c "select indexrelid::regclass, pg_relation_size(indexrelid) from pg_index
  where indrelid = 'papers'::regclass order by 2 desc" |
  while read -r ix sz; do echo "  index $ix: $((sz / npg)) B/paper"; done
echo "PostgreSQL database total: $(( $(psql -Atc 'select pg_database_size(current_database())' "$PGLIB") / npg )) B/paper"
echo "SQLite file: $(( $(stat -c %s "$TMP/lite.db") / npg )) B/paper"

echo
echo "## search (ms, Store::Search first page of 20, $ROUNDS rounds of $(grep -vc '^#' $QUERIES) queries)"
url10=$(newdb "small")
"$AH" --db "$url10" -q ingest "${FIRST[@]:0:10}" >/dev/null
rm -f "$TMP"/small.db*; "$AH" --db "$TMP/small.db" -q ingest "${FIRST[@]:0:10}" >/dev/null
echo "| library | backend | p50 | p90 | p99 | max | cold p50 | cold p99 | load |"
echo "|---|---|---|---|---|---|---|---|---|"
row() {  # row NAME BACKEND LOCATION
  local l; l=$(load)
  "$TOOL" search "$3" "$QUERIES" "$ROUNDS" > "$TMP/s.json"
  python3 - "$TMP/s.json" "$1" "$2" "$l" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"| {sys.argv[2]} | {sys.argv[3]} | {d['p50_ms']:.2f} | {d['p90_ms']:.2f} | {d['p99_ms']:.2f} | "
      f"{d['max_ms']:.1f} | {d['cold_p50_ms']:.2f} | {d['cold_p99_ms']:.2f} | {sys.argv[4]} |")
PY
}
# Just after a bulk import, before autovacuum has run: the GIN index's pending list and no statistics.
row "10k, as imported (no VACUUM yet)" PostgreSQL "$url10"
psql -Atc "VACUUM ANALYZE" "$url10" >/dev/null
for pair in "10k|$url10|$TMP/small.db" "${PAGES}k|$PGLIB|$TMP/lite.db"; do
  IFS='|' read -r name pgloc liteloc <<<"$pair"
  for rep in 1 2; do  # paired, alternating
    row "$name" PostgreSQL "$pgloc"
    row "$name" SQLite "$liteloc"
  done
done

echo
echo "## job throughput ($JOBS trivial jobs: claim + complete; jobs/s)"
echo "| workers | PostgreSQL | SQLite | load |"
echo "|---|---|---|---|"
jurl=$(newdb "jobs")
for w in 1 2 4; do
  l=$(load)
  p=$("$TOOL" jobs "$jurl" "$JOBS" "$w"); s=$("$TOOL" jobs "$TMP/jobs.db" "$JOBS" "$w")
  [ "$(echo "$p" | json exactly_once)" = True ] && [ "$(echo "$s" | json exactly_once)" = True ] ||
    echo "WARNING: a job was not done exactly once: $p $s"
  echo "| $w | $(echo "$p" | json jobs_per_s) | $(echo "$s" | json jobs_per_s) | $l |"
done
echo
echo "load at end $(cut -d' ' -f1-3 /proc/loadavg)"

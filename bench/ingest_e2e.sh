#!/usr/bin/env bash
# End-to-end ingest and parse benchmarks for issue 2, each against a baseline
# measured in the same run, interleaved and repeated (median of N):
#   ours    `academichub ingest` of the full 2016 arXiv cs OAI harvest into a fresh library
#   floor   SQLite alone inserting the same rows + FTS5 index from pre-parsed text (bench/sqlite_floor_tool)
#   python  ElementTree + sqlite3 FTS5 pipeline (bench/baselines/python_ingest.py, Debian's python3)
#   parse   our arXiv RSS parser on the June 2026 feeds vs feedparser (python3-feedparser)
# Usage: bench/ingest_e2e.sh [N=3]   (datasets from ../shared/datasets or $AH_DATASETS)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-3}"
DATA="${AH_DATASETS:-$PWD/../shared/datasets}"
OAI="$DATA/arxiv-cs-oai-2016"
RSS="$DATA/arxiv-daily-2026-06-rss"
dpkg-query -W -f='${Status}' python3-feedparser 2>/dev/null | grep -q "install ok" ||
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-feedparser >/dev/null; }
cmake --preset release >/dev/null
cmake --build --preset release --target academichub sqlite_floor_tool parse_bench >/dev/null
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
json() { /usr/bin/python3 -c "import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])['$1'])"; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
: > "$TMP/ours"; : > "$TMP/floor"; : > "$TMP/python"; : > "$TMP/rss"
# Each timed run starts with the previous runs' writes flushed (sync), so that
# kernel writeback of one contender does not land in the next one's time.
for i in $(seq "$N"); do
  rm -f "$TMP"/lib.db*
  sync
  /usr/bin/time -f "%e %M" -o "$TMP/time" build/academichub --db "$TMP/lib.db" -q ingest "$OAI" >/dev/null
  read -r secs kb < "$TMP/time"; echo "$secs" >> "$TMP/ours"; echo "$kb" > "$TMP/peak_kb"
  sync
  build/bench/sqlite_floor_tool --bulk "$TMP/floor.db" "$OAI"/page_*.xml.gz | json seconds >> "$TMP/floor"
  sync
  /usr/bin/python3 bench/baselines/python_ingest.py "$TMP/py.db" "$OAI"/page_*.xml.gz | json seconds >> "$TMP/python"
done
records=102538
mb=$(for f in "$OAI"/page_*.xml.gz; do gzip -dc "$f"; done | wc -c)
ours=$(median < "$TMP/ours"); floor=$(median < "$TMP/floor"); py=$(median < "$TMP/python")
build/bench/parse_bench --benchmark_filter=BM_ParseArxivRss --benchmark_format=json --benchmark_repetitions="$N" \
  --benchmark_report_aggregates_only=true > "$TMP/parse.json" 2>/dev/null
rss_mbs=$(/usr/bin/python3 -c "import json; d=json.load(open('$TMP/parse.json')); m=[b for b in d['benchmarks'] if b['name'].endswith('_median')][0]; print(m['bytes_per_second']/1e6)")
rss_ips=$(/usr/bin/python3 -c "import json; d=json.load(open('$TMP/parse.json')); m=[b for b in d['benchmarks'] if b['name'].endswith('_median')][0]; print(m['items_per_second'])")
/usr/bin/python3 bench/baselines/feedparser_parse.py "$RSS"/*.xml > "$TMP/fp.json"
fp_mbs=$(json mb_per_s < "$TMP/fp.json"); fp_ips=$(json items_per_s < "$TMP/fp.json")
/usr/bin/python3 - "$ours" "$floor" "$py" "$records" "$mb" "$(cat "$TMP/peak_kb")" "$rss_mbs" "$rss_ips" "$fp_mbs" "$fp_ips" <<'PY'
import sys
ours, floor, py, rec, nbytes, kb, rss_mbs, rss_ips, fp_mbs, fp_ips = map(float, sys.argv[1:])
print(f"| measure | value | baseline (same run) | ratio |")
print(f"|---|---|---|---|")
print(f"| ingest 102,538 OAI records, wall s (median) | {ours:.2f} s = {rec/ours:,.0f} rec/s, {nbytes/ours/1e6:.1f} MB/s | python ElementTree+FTS5 {py:.2f} s = {rec/py:,.0f} rec/s | **{py/ours:.2f}x** faster (target >= 2x) |")
print(f"| ingest vs SQLite floor | {ours:.2f} s | floor {floor:.2f} s | **{ours/floor:.2f}x** the floor (target <= 1.5x) |")
print(f"| ingest peak memory | {kb/1024:.0f} MB RSS | | |")
print(f"| parse-only arXiv RSS, June 2026 (13.8 MB) | {rss_mbs:.1f} MB/s, {rss_ips:,.0f} items/s | feedparser {fp_mbs:.2f} MB/s, {fp_ips:,.0f} items/s | **{rss_mbs/fp_mbs:.1f}x** (target >= 20x) |")
PY
echo "raw: ours=[$(paste -sd' ' "$TMP/ours")] floor=[$(paste -sd' ' "$TMP/floor")] python=[$(paste -sd' ' "$TMP/python")]"
# Each python run against the ours run just before it: the spread of the ratio.
paste "$TMP/python" "$TMP/ours" | awk '{r = $1 / $2; s = s sprintf(" %.2f", r); if (NR == 1 || r < lo) lo = r}
  END {printf "paired python/ours ratios:%s (lowest %.2fx)\n", s, lo}'


#!/usr/bin/env bash
# Web benchmarks of issue 10 (`academichub serve`), each against baselines measured
# in the same run, interleaved, on loopback. Not a test: never run by CI.
#
#   bench/web_bench.sh home     the Curated Daily page (visitors): ours vs nginx serving the
#                               same HTML bytes as a static file vs Flask + Jinja2 + SQLite under
#                               gunicorn (the peers' stack), with wrk at several connection counts,
#                               on the June 2026 library, without and with three public radars
#   bench/web_bench.sh search   GET /api/v1/search over the 102,538-paper 2016 harvest: each query
#                               of a mix (bench/web/search_queries.txt) alone, then the mix with
#                               wrk at 1, 4, 16 and 64 connections (with BEFORE: both, interleaved)
#   bench/web_bench.sh click    a feedback click to a re-ranked day (bench/web_feedback_click.py)
#                               on the 2016 harvest plus the sample days
#   bench/web_bench.sh soak     SOAK_SECS (600) of mixed traffic against one server
#                               (bench/web/soak.py): errors counted, RSS sampled from /proc
#   bench/web_bench.sh all      all four
#
# Environment: VARIANTS ("plain radars": the home page without / with public radars), ROUNDS (5: rounds at 64 connections; 2 at the other levels), SECS (10: one wrk
# run), LEVELS ("16 256": the other connection counts), SOAK_SECS (600), OUT (where the raw
# results go; default a new /tmp/ah-web-bench.XXXX, kept), AH_BENCHDATA (/work/benchdata: june.db,
# cs2016.db; built with `academichub ingest` from AH_DATASETS (../shared/datasets) when absent),
# PORT (18120: PORT..PORT+6 are used), GUNICORN_WORKERS (5), GUNICORN_THREADS (4),
# AH (the academichub binary to measure; default: build/academichub, built first),
# BEFORE (another academichub binary, e.g. one built before an optimisation: `home` and `search` run it
# too, as "before", in the same interleaved rounds; its ratios to ours are the optimisation's figure).
# Packages: scripts/setup.sh --bench.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MODE="${1:-home}"
ROUNDS="${ROUNDS:-5}"
SECS="${SECS:-10}"
LEVELS="${LEVELS:-16 256}"
SOAK_SECS="${SOAK_SECS:-600}"
DATA="${AH_DATASETS:-$ROOT/../shared/datasets}"
BENCHDATA="${AH_BENCHDATA:-/work/benchdata}"
PORT="${PORT:-18120}"
P_OURS=$PORT P_NGINX=$((PORT + 1)) P_FLASK=$((PORT + 2)) P_CLICK=$((PORT + 3))
P_SEARCH=$((PORT + 4)) P_SOAK=$((PORT + 5)) P_BEFORE=$((PORT + 6))
BEFORE="${BEFORE:-}"
SERVERS=(ours nginx flask)
[ -n "$BEFORE" ] && SERVERS=(before ours nginx flask)
GUNICORN_WORKERS="${GUNICORN_WORKERS:-5}"
GUNICORN_THREADS="${GUNICORN_THREADS:-4}"
PY=/usr/bin/python3  # Debian's, with python3-flask
AH="${AH:-}"

for tool in wrk nginx gunicorn; do
  command -v "$tool" >/dev/null || { echo "web_bench: $tool missing: run scripts/setup.sh --bench" >&2; exit 2; }
done
if [ -z "$AH" ]; then  # the release build of this tree, brought up to date
  AH="$ROOT/build/academichub"
  cmake --preset release >/dev/null
  cmake --build --preset release --target academichub >/dev/null
fi

TMP=$(mktemp -d /tmp/ah-web-bench.XXXX)
chmod 755 "$TMP"  # nginx's workers (nobody) read the page from here
OUT="${OUT:-$TMP/results}"
mkdir -p "$OUT"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$TMP"/lib* "$TMP"/ngx
}
trap cleanup EXIT

log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$OUT/log.txt" >&2; }
machine() {
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
    "$(free -g | awk '/Mem:/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "busiest other processes: $(ps -eo pcpu,comm --sort=-pcpu | sed -n 2,6p | awk '{printf "%s %s%%; ", $2, $1}')"
}
stop() {  # PID: ends one process we started and waits for it
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
wait_http() {  # URL: until it answers 200 (30 s at most)
  for _ in $(seq 300); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = 200 ] && return 0
    sleep 0.1
  done
  echo "web_bench: $1 did not answer" >&2
  return 1
}

# A copy of a benchmark library (a copy per run: the server writes to it), built
# with `academichub ingest` when the prepared one is absent.
library() {  # NAME DEST
  local name=$1 dest=$2
  if [ ! -f "$BENCHDATA/$name.db" ]; then
    mkdir -p "$TMP/built"
    if [ ! -f "$TMP/built/$name.db" ]; then
      local src
      case $name in
        june) src="$DATA/arxiv-daily-2026-06-rss" ;;
        cs2016) src="$DATA/arxiv-cs-oai-2016" ;;
      esac
      log "building the $name library from $src with academichub ingest"
      "$AH" --db "$TMP/built/$name.db" -q ingest "$src" >/dev/null
    fi
    cp "$TMP/built/$name.db" "$dest"
  else
    cp "$BENCHDATA/$name.db" "$dest"
  fi
  rm -f "$dest-wal" "$dest-shm" "$dest.key"
}

serve() {  # DB PORT [serve options...]: starts ours, sets SERVE_PID
  local db=$1 port=$2 bin=$AH
  [ "$port" = "$P_BEFORE" ] && bin=$BEFORE
  shift 2
  "$bin" --db "$db" serve --port "$port" "$@" >"$OUT/serve-$port.log" 2>&1 &
  SERVE_PID=$!
  PIDS+=("$SERVE_PID")
  wait_http "http://127.0.0.1:$port/healthz"
}

wait_idle() {  # PID: until the process used under 2% of a core for 2 s (120 s at most)
  local t0 t1
  for _ in $(seq 60); do
    t0=$(awk '{print $14 + $15}' "/proc/$1/stat")
    sleep 2
    t1=$(awk '{print $14 + $15}' "/proc/$1/stat")
    [ $((t1 - t0)) -lt 4 ] && return 0
  done
}

# The kernel's count of connections dropped because a listen queue was full.
listen_overflows() { awk '/^TcpExt:/ {if (!h) {split($0, k); h = 1} else {split($0, v); for (i in k) if (k[i] == "ListenOverflows") print v[i]}}' /proc/net/netstat; }

# wrk with the JSON reporter; prints one JSON line (plus the listen queue overflows meanwhile).
run_wrk() {  # CONNS SECS URL
  local c=$1 s=$2 url=$3 t=2 o res
  [ "$c" -lt 2 ] && t=1
  o=$(listen_overflows)
  res=$(wrk -t"$t" -c"$c" -d"${s}s" --timeout 5s --latency -s "$ROOT/bench/web/report.lua" "$url" | tail -1)
  echo "${res%\}},\"listen_overflows\":$(($(listen_overflows) - o))}"
}

# ---------------------------------------------------------------- home page
home_variant() {  # VARIANT (plain | radars)
  local variant=$1 db="$TMP/lib-home-$1.db"
  library june "$db"
  if [ "$variant" = radars ]; then
    "$AH" --db "$db" -q radar create llm-agents --public --description \
      "large language models as autonomous agents: planning, tool use, memory, multi-agent collaboration" >/dev/null
    "$AH" --db "$db" -q radar create generative-vision --public --category cs.CV --description \
      "image and video generation with diffusion models, 3D reconstruction, neural rendering" >/dev/null
    "$AH" --db "$db" -q radar create learning-theory --public --description \
      "learning theory, optimization, generalization bounds, sample complexity" >/dev/null
  fi
  local before_pid=""
  if [ -n "$BEFORE" ]; then
    cp "$db" "$db.before.db"
    serve "$db.before.db" "$P_BEFORE"
    before_pid=$SERVE_PID
  fi
  serve "$db" "$P_OURS"
  local ours_pid=$SERVE_PID
  # With public radars the page is curated once the radar index is built (a few s).
  for _ in $(seq 120); do
    curl -s "http://127.0.0.1:$P_OURS/" -o "$TMP/page.html"
    if [ "$variant" = plain ] || ! grep -q 'class="filters"' "$TMP/page.html"; then break; fi
    sleep 0.5
  done
  # The exact bytes for nginx: a visitor's page (no cookie, no Accept-Language).
  mkdir -p "$TMP/ngx/html" "$TMP/ngx/tmp"
  chmod 755 "$TMP/ngx" "$TMP/ngx/html"
  curl -s "http://127.0.0.1:$P_OURS/" -o "$TMP/ngx/html/index.html"
  chmod 644 "$TMP/ngx/html/index.html"
  local cards bytes
  cards=$(grep -c '<article class="card"' "$TMP/ngx/html/index.html")
  bytes=$(wc -c <"$TMP/ngx/html/index.html")
  # nginx: the same page as a static file, the same security and cache headers, no gzip.
  cat >"$TMP/ngx/nginx.conf" <<EOF
worker_processes 2;
pid $TMP/ngx/nginx.pid;
error_log $TMP/ngx/error.log warn;
daemon off;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 5;
  keepalive_requests 1000;
  gzip off;
  server_tokens off;
  charset utf-8;
  types { text/html html; }
  client_body_temp_path $TMP/ngx/tmp;
  proxy_temp_path $TMP/ngx/tmp;
  fastcgi_temp_path $TMP/ngx/tmp;
  uwsgi_temp_path $TMP/ngx/tmp;
  scgi_temp_path $TMP/ngx/tmp;
  server {
    listen 127.0.0.1:$P_NGINX;
    root $TMP/ngx/html;
    location = / {
      try_files /index.html =404;
      add_header Cache-Control "no-cache";
      add_header Content-Security-Policy "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
      add_header X-Content-Type-Options nosniff;
      add_header Referrer-Policy same-origin;
      add_header X-Frame-Options DENY;
      add_header Cross-Origin-Opener-Policy same-origin;
      add_header Vary "Cookie, Accept-Language, Authorization, Accept-Encoding";
    }
  }
}
EOF
  nginx -c "$TMP/ngx/nginx.conf" -e "$TMP/ngx/error.log" &
  local nginx_pid=$!
  PIDS+=("$nginx_pid")
  wait_http "http://127.0.0.1:$P_NGINX/"
  cmp -s "$TMP/ngx/html/index.html" <(curl -s "http://127.0.0.1:$P_NGINX/") ||
    { echo "web_bench: nginx serves other bytes" >&2; exit 1; }
  if [ -n "$BEFORE" ]; then
    for _ in $(seq 120); do
      cmp -s "$TMP/ngx/html/index.html" <(curl -s "http://127.0.0.1:$P_BEFORE/") && break
      sleep 0.5
    done
    cmp -s "$TMP/ngx/html/index.html" <(curl -s "http://127.0.0.1:$P_BEFORE/") ||
      log "home/$variant: the 'before' binary serves other bytes"
  fi
  # The peers' stack: the same day's cards, as many, from the same library file.
  AH_DB="$db" AH_CARDS="$cards" gunicorn --chdir "$ROOT/bench/baselines/flask_home" \
    --workers "$GUNICORN_WORKERS" --worker-class gthread --threads "$GUNICORN_THREADS" \
    --bind "127.0.0.1:$P_FLASK" --log-level warning app:app >"$OUT/flask-$variant.log" 2>&1 &
  local flask_pid=$!
  PIDS+=("$flask_pid")
  wait_http "http://127.0.0.1:$P_FLASK/"
  local fbytes fcards
  fbytes=$(curl -s "http://127.0.0.1:$P_FLASK/" | wc -c)
  fcards=$(curl -s "http://127.0.0.1:$P_FLASK/" | grep -c '<article class="card"')
  log "home/$variant: ours $bytes bytes, $cards cards; nginx the same bytes; flask $fbytes bytes, $fcards cards"
  echo "{\"variant\":\"$variant\",\"bytes\":$bytes,\"cards\":$cards,\"flask_bytes\":$fbytes}" >>"$OUT/pages.jsonl"
  cp "$TMP/ngx/html/index.html" "$OUT/home-$variant.html"
  declare -A url=([ours]="http://127.0.0.1:$P_OURS/" [nginx]="http://127.0.0.1:$P_NGINX/"
    [flask]="http://127.0.0.1:$P_FLASK/" [before]="http://127.0.0.1:$P_BEFORE/")
  for s in "${SERVERS[@]}"; do run_wrk 64 3 "${url[$s]}" >/dev/null; done  # warm-up
  # Interleaved rounds: ours, nginx, flask back to back at each level, so that
  # the machine's load (other developers' builds) hits the three alike.
  local levels=(64) r c s rounds
  for c in $LEVELS; do levels+=("$c"); done
  for c in "${levels[@]}"; do
    rounds=$ROUNDS
    [ "$c" != 64 ] && rounds=$(((ROUNDS + 2) / 3))
    for r in $(seq "$rounds"); do
      for s in "${SERVERS[@]}"; do
        local load res
        load=$(cut -d' ' -f1 /proc/loadavg)
        res=$(run_wrk "$c" "$SECS" "${url[$s]}")
        echo "{\"bench\":\"home\",\"variant\":\"$variant\",\"conns\":$c,\"round\":$r,\"server\":\"$s\",\"load\":$load,\"wrk\":$res}" >>"$OUT/home.jsonl"
        log "home/$variant c=$c round $r $s: $res"
      done
    done
  done
  log "ours RSS at the end: $(grep VmRSS /proc/$ours_pid/status | awk '{print $2/1024 " MB"}')"
  stop "$flask_pid"
  stop "$nginx_pid"
  stop "$ours_pid"
  [ -n "$before_pid" ] && stop "$before_pid"
  return 0
}

home_report() {
  "$PY" - "$OUT/home.jsonl" "$OUT/pages.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
pages = {p["variant"]: p for p in map(json.loads, open(sys.argv[2]))}
med = statistics.median
for variant in dict.fromkeys(r["variant"] for r in rows):
    p = pages[variant]
    print(f"\n### home page, {variant} ({p['bytes']:,} bytes, {p['cards']} cards; Flask page {p['flask_bytes']:,} bytes)\n")
    print("| conns | ours req/s | nginx req/s | flask req/s | ours/nginx (per round) | ours/flask (per round) | p99 ms ours / nginx / flask | errors ours/nginx/flask |")
    print("|---|---|---|---|---|---|---|---|")
    for c in dict.fromkeys(r["conns"] for r in rows if r["variant"] == variant):
        sel = [r for r in rows if r["variant"] == variant and r["conns"] == c]
        by = lambda s: [r["wrk"] for r in sel if r["server"] == s]
        rounds = sorted(set(r["round"] for r in sel))
        def per_round(a, b):
            out = []
            for k in rounds:
                x = [r["wrk"]["rps"] for r in sel if r["round"] == k and r["server"] == a]
                y = [r["wrk"]["rps"] for r in sel if r["round"] == k and r["server"] == b]
                if x and y and y[0] > 0: out.append(x[0] / y[0])
            return out
        on, of = per_round("ours", "nginx"), per_round("ours", "flask")
        err = lambda s: sum(w["connect_errors"] + w["read_errors"] + w["write_errors"] + w["timeouts"] + w["status_errors"] for w in by(s))
        rps = lambda s: med([w["rps"] for w in by(s)])
        p99 = lambda s: med([w["p99"] for w in by(s)])
        print(f"| {c} | {rps('ours'):,.0f} | {rps('nginx'):,.0f} | {rps('flask'):,.0f} | "
              f"**{med(on):.2f}** ({', '.join(f'{x:.2f}' for x in on)}) | **{med(of):.0f}x** ({', '.join(f'{x:.0f}' for x in of)}) | "
              f"{p99('ours'):.1f} / {p99('nginx'):.1f} / {p99('flask'):.0f} | {err('ours')}/{err('nginx')}/{err('flask')} |")
        if by("before"):
            ob = per_round("ours", "before")
            print(f"|   | before: {rps('before'):,.0f} req/s, p99 {p99('before'):.1f} ms, errors {err('before')} | ours/before **{med(ob):.2f}** ({', '.join(f'{x:.2f}' for x in ob)}) | | | | | |")
    sel = [r for r in rows if r["variant"] == variant and r["conns"] == 64]
    if sel:
        ours = [r["wrk"] for r in sel if r["server"] == "ours"]
        ng = [r["wrk"] for r in sel if r["server"] == "nginx"]
        print(f"\nat 64 connections: ours p50 {med([w['p50'] for w in ours]):.2f} ms, p99 {med([w['p99'] for w in ours]):.2f} ms "
              f"(per round {', '.join('%.1f' % w['p99'] for w in ours)}), max {max(w['max'] for w in ours):.0f} ms; "
              f"nginx p99 {med([w['p99'] for w in ng]):.2f} ms (per round {', '.join('%.1f' % w['p99'] for w in ng)}); "
              f"load average during the rounds {min(r['load'] for r in sel):.1f}-{max(r['load'] for r in sel):.1f}")
PY
}

bench_home() {
  machine | tee -a "$OUT/log.txt"
  : >"$OUT/home.jsonl"
  : >"$OUT/pages.jsonl"
  local v
  for v in ${VARIANTS:-plain radars}; do home_variant "$v"; done
  machine | tee -a "$OUT/log.txt"
  home_report | tee "$OUT/home.md"
}

# ---------------------------------------------------------------- search
bench_search() {
  machine | tee -a "$OUT/log.txt"
  local db="$TMP/lib-search.db" servers=(ours) s
  library cs2016 "$db"
  # Searches are rate-limited per client (10/s after a burst of 30): the mix
  # comes from 4,096 client addresses (X-Forwarded-For through --trust-proxy),
  # as many visitors would, so that it measures the search, not the limiter.
  serve "$db" "$P_SEARCH" --trust-proxy
  declare -A pid=([ours]=$SERVE_PID) port=([ours]=$P_SEARCH [before]=$P_BEFORE)
  if [ -n "$BEFORE" ]; then
    cp "$db" "$db.before.db"
    serve "$db.before.db" "$P_BEFORE" --trust-proxy
    pid[before]=$SERVE_PID
    servers=(before ours)
  fi
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$P_SEARCH/api/v1/search?q=graph")
  if [ "$code" != 200 ]; then
    log "search: GET /api/v1/search answers $code on this build (not built yet?): skipped"
    return 0
  fi
  # The library's index snapshot is built in the background at start: wait for it.
  for s in "${servers[@]}"; do wait_idle "${pid[$s]}"; done
  local n
  n=$(grep -c $'\t' "$ROOT/bench/web/search_queries.txt")
  # Each query alone, one at a time, first time for the server's connection (its
  # ranking not kept yet; SQLite's page cache aside): the latency of each kind.
  : >"$OUT/search_kinds.txt"
  for s in "${servers[@]}"; do
    echo "### $s: each query alone, one at a time, 3 times over (a connection keeps its last 8 rankings: each is ranked anew)" | tee -a "$OUT/search_kinds.txt"
    "$PY" "$ROOT/bench/web/search_kinds.py" "${port[$s]}" "$ROOT/bench/web/search_queries.txt" 3 "${pid[$s]}" |
      tee -a "$OUT/search_kinds.txt"
  done
  : >"$OUT/search.jsonl"
  local c r
  for r in $(seq 3); do
    for c in 1 4 16 64; do
      for s in "${servers[@]}"; do
        local res t=2
        [ "$c" = 1 ] && t=1
        res=$(WRK_QUERIES="$ROOT/bench/web/search_queries.txt" wrk -t"$t" -c"$c" -d"${SECS}s" --timeout 5s \
          -s "$ROOT/bench/web/search.lua" "http://127.0.0.1:${port[$s]}" | tail -1)
        echo "{\"bench\":\"search\",\"server\":\"$s\",\"conns\":$c,\"round\":$r,\"load\":$(cut -d' ' -f1 /proc/loadavg),\"wrk\":$res}" >>"$OUT/search.jsonl"
        log "search $s c=$c round $r: $res"
      done
    done
  done
  log "search: $n queries; server RSS $(for s in "${servers[@]}"; do echo -n "$s $(grep VmRSS /proc/${pid[$s]}/status | awk '{print int($2/1024)}') MB; "; done)"
  for s in "${servers[@]}"; do stop "${pid[$s]}"; done
  "$PY" - "$OUT/search.jsonl" <<'PY' | tee "$OUT/search.md"
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
med = statistics.median
print("\n| server | clients | req/s (median) | p50 ms | p90 ms | p99 ms (per round) | max ms | errors |")
print("|---|---|---|---|---|---|---|---|")
for s in ("before", "ours"):
    for c in (1, 4, 16, 64):
        w = [r["wrk"] for r in rows if r["conns"] == c and r.get("server", "ours") == s]
        if not w:
            continue
        err = sum(x["connect_errors"] + x["read_errors"] + x["write_errors"] + x["timeouts"] + x["status_errors"] for x in w)
        print(f"| {s} | {c} | {med([x['rps'] for x in w]):,.0f} | {med([x['p50'] for x in w]):.2f} | {med([x['p90'] for x in w]):.2f} | "
              f"**{med([x['p99'] for x in w]):.2f}** ({', '.join('%.1f' % x['p99'] for x in w)}) | {max(x['max'] for x in w):.0f} | {err} |")
PY
}

# ---------------------------------------------------------------- feedback click
bench_click() {
  machine | tee -a "$OUT/log.txt"
  local db="$TMP/lib-click.db"
  library cs2016 "$db"
  # The 2016 harvest holds OAI listings only: give it real announced days.
  "$AH" --db "$db" -q ingest "$ROOT/data/samples/arxiv" >/dev/null
  serve "$db" "$P_CLICK" --single-user
  echo "$SERVE_PID" >"$TMP/click.pid"
  "$PY" "$ROOT/bench/web_feedback_click.py" "$P_CLICK" "$TMP/click.pid" agents 1 | tee "$OUT/click.txt"
  "$PY" "$ROOT/bench/web_feedback_click.py" "$P_CLICK" "$TMP/click.pid" agents-week 7 | tee -a "$OUT/click.txt"
  log "click: server RSS $(grep VmRSS /proc/$SERVE_PID/status | awk '{print $2/1024 " MB"}')"
  stop "$SERVE_PID"
}

# ---------------------------------------------------------------- soak
bench_soak() {
  machine | tee -a "$OUT/log.txt"
  local db="$TMP/lib-soak.db"
  library june "$db"
  "$AH" --db "$db" -q radar create llm-agents --public --description \
    "large language models as autonomous agents: planning, tool use, memory, multi-agent collaboration" >/dev/null
  "$AH" --db "$db" -q radar create generative-vision --public --category cs.CV --description \
    "image and video generation with diffusion models, 3D reconstruction, neural rendering" >/dev/null
  : >"$TMP/tokens"
  local u
  for u in $(seq 1 8); do
    echo "bench-password-$u" | "$AH" --db "$db" -q user add "reader$u" >/dev/null
    echo "reader$u $("$AH" --db "$db" user token "reader$u")" >>"$TMP/tokens"
  done
  serve "$db" "$P_SOAK" --trust-proxy
  log "soak: $SOAK_SECS s of mixed traffic on port $P_SOAK (server pid $SERVE_PID)"
  "$PY" "$ROOT/bench/web/soak.py" --port "$P_SOAK" --pid "$SERVE_PID" --tokens "$TMP/tokens" \
    --seconds "$SOAK_SECS" --queries "$ROOT/bench/web/search_queries.txt" --out "$OUT/soak.json" |
    tee "$OUT/soak.txt"
  stop "$SERVE_PID"
  grep -v "^AcademicHub is serving" "$OUT/serve-$P_SOAK.log" | head -20 || true
}

log "results in $OUT"
case $MODE in
  home) bench_home ;;
  search) bench_search ;;
  click) bench_click ;;
  soak) bench_soak ;;
  all) bench_home; bench_search; bench_click; bench_soak ;;
  *) echo "usage: bench/web_bench.sh [home|search|click|soak|all]" >&2; exit 2 ;;
esac
log "results in $OUT"

#!/bin/bash
# End-to-end for issue 12's remaining gaps, through the real binary on loopback only:
#  - a standalone `daemon` knows the single-user mode as `serve` does (`--single-user`, or
#    `[web] single_user = true` in config.toml): its webhooks may post to loopback, and the local
#    account exists so the CLI's radars are delivered;
#  - `daemon --metrics-listen HOST:PORT` serves the daemon's own /metrics (administrator's token).
# usage: i12_rest_test.sh <path-to-academichub> <tests/data dir>
source "$(dirname "$0")/lib.sh" "$@"
unset AH_WEBHOOKS_ALLOW_PRIVATE

"$PY" "$CLI_DIR/webhook_receiver.py" "$T/port" "$T/received.jsonl" &
RECV_PID=$!
CLEANUP_HOOKS+=("kill $RECV_PID 2>/dev/null")
for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.1; done
PORT=$(cat "$T/port")
received() { [ -f "$T/received.jsonl" ] && wc -l <"$T/received.jsonl" | tr -d ' ' || echo 0; }

# No source to fetch (the library holds the bundled days), no SMTP: webhooks only.
write_config() {
  cat >"$CFG" <<TOML
contact = "tests@example.org"
[arxiv]
categories = []
[biorxiv]
servers = []
[journals]
follow = []
[web]
base_url = "https://hub.example.org"
$1
TOML
}
write_config ""
run ingest "$SAMPLES"
check_rc "ingest the bundled samples" 0
run radar create lm --description "large language models, reasoning and retrieval" --query "src:medrxiv OR language"
check_rc "a radar" 0
run webhook add lm --kind json --url "http://127.0.0.1:$PORT/hook" --secret "json-secret"
check_rc "a webhook to a loopback receiver" 0

echo "# A standalone daemon in multi-user mode: webhooks to loopback refused"
run daemon --once --now 2026-06-30T08:10:00Z
check_rc "daemon --once" 0
check "no post to a private address" count_is "$(received)" 0

echo "# [web] single_user = true: the daemon behaves as serve --single-user"
write_config "single_user = true"
run daemon --once --now 2026-06-30T08:20:00Z
check_rc "daemon --once in single-user mode (config)" 0
check "the radar's day posted to the loopback webhook" count_is "$(received)" 1
run jobs --json
check_json "the local user's deliver job is done" \
  'd=[x for x in j if x["key"]=="deliver:local:2026-06-30"]; assert d and d[0]["state"]=="done", j'

echo "# daemon --single-user (the flag serve has), another day of the samples"
write_config ""
run daemon --once --single-user --now 2026-06-29T08:20:00Z
check_rc "daemon --once --single-user" 0
check "that day's post arrived" count_is "$(received)" 2

echo "# daemon --metrics-listen: its own /metrics, administrators' API tokens only"
printf 'correct horse battery\n' | ah user add admin --admin >"$T/out" 2>"$T/err"; RC=$?
check_rc "user add admin --admin" 0
ADMIN_TOKEN=$(ah user token admin 2>/dev/null | tail -1)
printf 'correct horse battery\n' | ah user add bob >"$T/out" 2>"$T/err"; RC=$?
BOB_TOKEN=$(ah user token bob 2>/dev/null | tail -1)
check "two API tokens" test -n "$ADMIN_TOKEN" -a -n "$BOB_TOKEN"
run daemon --metrics-listen nonsense
check_rc "a bad --metrics-listen is refused" 2
check_grep "naming the option" "metrics-listen: 'nonsense' is not HOST:PORT" "$T/err"
# Multi-user, loopback webhooks allowed by the environment (serve's rule); runs until SIGTERM.
AH_WEBHOOKS_ALLOW_PRIVATE=1 "$AH_BIN" --db "$DB" --config "$CFG" --no-progress daemon --now 2026-06-26T08:20:00Z --metrics-listen 127.0.0.1:0 \
  >"$T/daemon.out" 2>"$T/daemon.err" &
DAEMON_PID=$!
CLEANUP_HOOKS+=("kill $DAEMON_PID 2>/dev/null")
for _ in $(seq 300); do [ "$(received)" -ge 3 ] && grep -q "metrics at" "$T/daemon.out" && break; sleep 0.1; done
MPORT=$(sed -n 's/.*metrics at http:\/\/127.0.0.1:\([0-9]*\)\/metrics.*/\1/p' "$T/daemon.out")
check "the daemon says where its metrics are" test -n "$MPORT"
check "the daemon delivered the day's webhook" count_is "$(received)" 3
status() { curl -s -o "$T/body" -w '%{http_code}' "$@"; }
check "no token: 401" count_is "$(status "http://127.0.0.1:$MPORT/metrics")" 401
check "a user's token: 403" count_is "$(status -H "Authorization: Bearer $BOB_TOKEN" "http://127.0.0.1:$MPORT/metrics")" 403
check "an administrator's token: 200" count_is "$(status -H "Authorization: Bearer $ADMIN_TOKEN" "http://127.0.0.1:$MPORT/metrics")" 200
check_grep "the daemon's delivery counter" 'academichub_deliveries_total\{channel="webhook",outcome="sent"\} 1' "$T/body"
check_grep "its jobs counter" 'academichub_jobs_total\{kind="deliver",outcome="done"\}' "$T/body"
check_grep "the queue gauges" 'academichub_job_queue_depth\{state="pending"\}' "$T/body"
check "/healthz there too" count_is "$(status "http://127.0.0.1:$MPORT/healthz")" 200
check "nothing else: 404" count_is "$(status -H "Authorization: Bearer $ADMIN_TOKEN" "http://127.0.0.1:$MPORT/radars")" 404
kill -TERM $DAEMON_PID
wait $DAEMON_PID; RC=$?
check_rc "SIGTERM: the daemon and its metrics port stop, exit 0" 0
check "the port is closed" test "$(status "http://127.0.0.1:$MPORT/healthz")" = 000

finish

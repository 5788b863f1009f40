#!/usr/bin/env bash
# `academichub serve` and `user` end to end through the real binary: accounts from the command
# line, the server printing its URL, pages and the JSON API over loopback with an API token and
# without, single-user mode, and SIGTERM draining the requests in flight before exit 0.
source "$(dirname "$0")/lib.sh" "$@"

run ingest "$SAMPLES"
check_rc "ingest the bundled samples" 0

# --- accounts ----------------------------------------------------------------------------------
printf 'correct horse battery\n' | ah user add ada --admin >"$T/out" 2>"$T/err"; RC=$?
check_rc "user add (password on standard input)" 0
printf 'short\n' | ah user add bob >"$T/out" 2>"$T/err"; RC=$?
check_rc "a too short password is a usage error" 2
printf 'another long password\n' | ah user add ada >"$T/out" 2>"$T/err"; RC=$?
check_rc "the same name twice is refused" 2
run user token ada
check_rc "user token prints a new token" 0
TOKEN=$(cat "$T/out")
check "the token is 43 URL-safe characters" test "$(printf %s "$TOKEN" | tr -cd 'A-Za-z0-9_-' | wc -c)" -eq 43
run user list --json
check_json "user list" 'assert [u["name"] for u in j] == ["ada"] and j[0]["admin"] is True, j'

# --- serve -------------------------------------------------------------------------------------
start_server() {  # start_server [serve options...]: sets PID and URL
  "$AH_BIN" --db "$DB" --config "$CFG" serve --port 0 "$@" >"$T/serve.out" 2>"$T/serve.err" &
  PID=$!
  CLEANUP_HOOKS+=("kill $PID 2>/dev/null")
  URL=""
  for _ in $(seq 1 100); do
    URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$T/serve.out" 2>/dev/null | head -n 1)
    [ -n "$URL" ] && break
    sleep 0.1
  done
}
start_server
check "serve prints the URL it listens on" test -n "$URL"
check_grep "on 127.0.0.1 unless told" '127\.0\.0\.1' "$T/serve.out"
code() { curl -s -o "$T/body" -w '%{http_code}' "$@"; }
check "GET /healthz is 200" test "$(code "${URL}healthz")" = 200
check "the home page is 200" test "$(code "$URL")" = 200
check_grep "the home page is the Curated Daily" 'Academic Intelligence' "$T/body"
check "GET /api/v1/today is 200" test "$(code "${URL}api/v1/today?limit=5")" = 200
check_json "today: the objects of today --json" '
assert isinstance(j, list) and 0 < len(j) <= 5, j
assert all("id" in p and "title" in p and "listings" in p for p in j), j' "$T/body"
check "no credentials: 401" test "$(code "${URL}api/v1/radars")" = 401
check_json "the one error format" 'assert j["error"]["code"] == "unauthenticated" and j["error"]["message"], j' "$T/body"
check "a token: 200" test "$(code -H "Authorization: Bearer $TOKEN" "${URL}api/v1/radars")" = 200
check "a wrong token: 401" test "$(code -H "Authorization: Bearer x$TOKEN" "${URL}api/v1/radars")" = 401
check "a radar by API token (no CSRF needed)" test "$(code -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"agents","description":"autonomous agents built on large language models"}' "${URL}api/v1/radars")" = 201
check_json "201 with the radar id" 'assert isinstance(j["id"], int) and j["name"] == "agents", j' "$T/body"
RID=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$T/body")
check "run it" test "$(code -H "Authorization: Bearer $TOKEN" "${URL}api/v1/radars/$RID/run?date=2026-06-29")" = 200
check_json "the array of radar run --json" 'assert len(j) > 0 and all("score" in p and "reasons" in p and "rank" in p for p in j), j' "$T/body"
check "a cookie POST without CSRF is 403" test "$(code -b 'ah_csrf=abc' -d 'username=ada&password=x' "${URL}login")" = 403
check "an oversized body is refused" test "$(head -c 9000000 /dev/zero | code -H 'Content-Type: application/json' \
  -H "Authorization: Bearer $TOKEN" --data-binary @- "${URL}api/v1/radars")" = 413

# SIGTERM while a request is in flight: it is answered, then the server exits 0.
curl -s -o "$T/inflight" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
  "${URL}api/v1/radars/$RID/run?date=2026-06-30&days=3" >"$T/inflight.code" &
CURL=$!
# Wait until the server holds the connection (established in /proc/net/tcp on its port), so that
# the signal really arrives with a request in flight however loaded the machine is.
PORT_HEX=$(printf '%04X' "$(printf %s "$URL" | sed -E 's#.*:([0-9]+)/?$#\1#')")
for _ in $(seq 1 200); do
  awk -v p=":$PORT_HEX" '$2 ~ p"$" && $4 == "01" {found=1} END {exit !found}' /proc/net/tcp && break
  sleep 0.01
done
sleep 0.05
kill -TERM "$PID"
wait "$CURL"
wait "$PID"; RC=$?
check_rc "SIGTERM: exit 0" 0
check "the request in flight was answered" test "$(cat "$T/inflight.code")" = 200
check_grep "it says it is stopping" 'stopping' "$T/serve.err"

# --- single-user mode ---------------------------------------------------------------------------
start_server --single-user
check_grep "single-user mode is said" 'single-user' "$T/serve.out"
check "no sign-in needed for the radars page" test "$(code "${URL}radars")" = 200
check "nor for the API" test "$(code "${URL}api/v1/radars")" = 200
check_json "the local user's radars (the CLI's)" 'assert isinstance(j, list), j' "$T/body"
kill -TERM "$PID"; wait "$PID"; RC=$?
check_rc "SIGTERM again: exit 0" 0

finish

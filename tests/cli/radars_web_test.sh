#!/usr/bin/env bash
# The radar API of `academichub serve` answers with the CLI's objects: the same radar as
# `radar show --json` (plus id and public) and the same ranked day as `radar run --json`, on the
# bundled real feeds, through the real binary (single-user mode: the CLI's local user).
source "$(dirname "$0")/lib.sh" "$@"

run ingest "$SAMPLES"
check_rc "ingest the bundled samples" 0
run radar create agents --description "autonomous agents built on large language models: planning, tool use, memory" \
  --query '"language model" OR LLM OR agent' --category cs.AI --category cs.CL --author "Yann LeCun"
check_rc "create a radar with the CLI" 0
ah radar show agents --json >"$T/show.json"
check_json "radar show --json has id and public" 'assert j["id"] == 1 and j["public"] is False, j' "$T/show.json"
ah radar run agents --date 2026-06-29 --json --no-record >"$T/cli_run.json"
check_json "the CLI ranks the day" 'assert len(j) == 20 and j[0]["rank"] == 1, len(j)' "$T/cli_run.json"

PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# The binary itself, not the ah function: $! must be the server (a function would run in a
# subshell whose pid is $!, and killing it would leave the server running).
"$AH_BIN" --db "$DB" --config "$CFG" --no-progress serve --port "$PORT" --single-user >"$T/serve.out" 2>"$T/serve.err" &
SERVE_PID=$!
CLEANUP_HOOKS+=('kill $SERVE_PID 2>/dev/null; wait $SERVE_PID 2>/dev/null')
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
check "serve answers /healthz" curl -sf "http://127.0.0.1:$PORT/healthz" -o /dev/null

curl -s "http://127.0.0.1:$PORT/api/v1/radars/1" >"$T/api_show.json"
check_json "GET /api/v1/radars/1 is radar show --json" 'assert js[0] == js[1], (js[0], js[1])' "$T/api_show.json" "$T/show.json"
curl -s "http://127.0.0.1:$PORT/api/v1/radars/1/run?date=2026-06-29&record=0" >"$T/api_run.json"
check_json "GET /api/v1/radars/1/run is radar run --json (ids, ranks, scores, reasons, badges)" '
cli, api = js
assert len(api) == len(cli) == 20, (len(api), len(cli))
for a, c in zip(api, cli):
    assert a["id"] == c["id"] and a["rank"] == c["rank"], (a["id"], c["id"])
    assert abs(a["score"] - c["score"]) < 1e-9 and a["reasons"] == c["reasons"], a["id"]
    assert a == c, sorted(k for k in a if a[k] != c.get(k))' "$T/cli_run.json" "$T/api_run.json"

# A change through the API is what the CLI sees next.
TOP=$(json_get "$T/api_run.json" 'j[0]["id"]')
curl -s -X POST -H 'Content-Type: application/json' \
  -H "X-CSRF-Token: $(awk '/ah_csrf/ {print $7}' "$T/jar" 2>/dev/null)" \
  "http://127.0.0.1:$PORT/api/v1/radars/1/feedback" -d "{\"paper\": \"$TOP\", \"action\": \"hide\"}" \
  -o "$T/nocsrf.json" -w '%{http_code}' >"$T/code"
check "a cookie-less, token-less POST without the CSRF token is refused" test "$(cat "$T/code")" = 403
curl -s -c "$T/jar" "http://127.0.0.1:$PORT/radars" -o /dev/null
CSRF=$(awk '/ah_csrf/ {print $7}' "$T/jar")
curl -s -b "$T/jar" -X POST -H 'Content-Type: application/json' -H "X-CSRF-Token: $CSRF" \
  "http://127.0.0.1:$PORT/api/v1/radars/1/feedback" -d "{\"paper\": \"$TOP\", \"action\": \"hide\"}" \
  >"$T/fb.json"
check_json "feedback through the API" "assert j == {'paper': '$TOP', 'action': 'hide'}, j" "$T/fb.json"
run radar show agents --json
check_json "the CLI sees it" "assert [(f['paper'], f['action']) for f in j['feedback']] == [('$TOP', 'hide')], j['feedback']"

finish

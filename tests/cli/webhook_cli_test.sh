#!/bin/bash
# End-to-end: `webhook add|list|remove|test` on the local user's radars, with a webhook receiver on
# loopback (tests/cli/webhook_receiver.py, started here): refused URLs say why, lists mask the URL
# and never show the secret, a test posts the radar's day signed and reports the receiver's status,
# and a test is not the day's delivery. No network beyond 127.0.0.1.
# usage: webhook_cli_test.sh <path-to-academichub> <tests/data dir>
source "$(dirname "$0")/lib.sh" "$@"

"$PY" "$CLI_DIR/webhook_receiver.py" "$T/port" "$T/received.jsonl" &
RECV_PID=$!
CLEANUP_HOOKS+=("kill $RECV_PID 2>/dev/null")
for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.1; done
PORT=$(cat "$T/port")
received() { [ -f "$T/received.jsonl" ] && wc -l <"$T/received.jsonl" | tr -d ' ' || echo 0; }

run ingest "$SAMPLES"
check_rc "ingest the bundled samples" 0
run radar create lm --description "large language models, reasoning and retrieval" --query "src:medrxiv OR language"
check_rc "a radar" 0

run webhook list
check_rc "webhook list with none" 0
check_grep "says how to add one" "webhook add RADAR" "$T/err"

run webhook add lm --kind json --url "ftp://127.0.0.1:$PORT/hook"
check_rc "an ftp URL is refused" 2
check_grep "saying why" "url: .*only http:// and https://" "$T/err"
run webhook add lm --kind json --url "http://127.0.0.1:$PORT/my hook"
check_rc "a URL with a space is refused" 2
check_grep "saying why" "space" "$T/err"
run webhook add lm --kind pigeon --url "http://127.0.0.1:$PORT/hook"
check_rc "an unknown kind is refused" 2
check_grep "naming the kinds" "kind: must be slack, feishu, dingtalk or json" "$T/err"
run webhook add lm --kind slack --url "http://127.0.0.1:$PORT/hook" --secret s
check_rc "a secret for an unsigned kind is refused" 2
run webhook add nosuch --kind json --url "http://127.0.0.1:$PORT/hook"
check_rc "an unknown radar is refused" 1
check_grep "naming it" "nosuch" "$T/err"

run webhook add lm --kind json --url "http://127.0.0.1:$PORT/hook?key=CREDENTIALabcd" --secret "json-secret"
check_rc "webhook add" 0
HOOK=$(head -1 "$T/out")
check "prints the webhook's id" test -n "$HOOK"
run webhook add lm --kind slack --url "http://127.0.0.1:$PORT/fail"
check_rc "a second webhook" 0
FAILING=$(head -1 "$T/out")

run webhook list --json
check_rc "webhook list --json" 0
check_json "two webhooks, URLs masked, no secret" '
assert len(j) == 2, j
h = [x for x in j if x["kind"] == "json"][0]
assert h["radar"] == "lm" and h["signed"] is True, h
assert "CREDENTIAL" not in json.dumps(j) and "json-secret" not in json.dumps(j), j
assert h["url"].startswith("http://127.0.0.1:") and h["url"].endswith("abcd"), h'
run webhook list lm
check_rc "webhook list RADAR" 0
check "one line per webhook" count_is "$(wc -l <"$T/out" | tr -d ' ')" 2
check "no credential in the plain list" bash -c "! grep -q CREDENTIAL '$T/out'"

run webhook test "$HOOK"
check_rc "webhook test: accepted" 0
check_grep "reports the receiver's status" "accepted: HTTP 200" "$T/out"
check "the receiver got one post" count_is "$(received)" 1
check "signed with HMAC-SHA256 over timestamp.body, the day's papers, marked as a test" "$PY" -c '
import hashlib, hmac, json, sys
r = json.loads(open(sys.argv[1]).readline())
assert r["path"].startswith("/hook?key=CREDENTIALabcd"), r["path"]
ts, sig = r["headers"]["x-academichub-timestamp"], r["headers"]["x-academichub-signature"]
want = "sha256=" + hmac.new(b"json-secret", (ts + "." + r["body"]).encode(), hashlib.sha256).hexdigest()
assert sig == want, (sig, want)
b = json.loads(r["body"])
assert "(test)" in json.dumps(b), b' "$T/received.jsonl"

run webhook test "$FAILING"
check_rc "webhook test: refused by the receiver" 1
check_grep "reports the receiver's status" "refused the test: HTTP 500" "$T/err"
check "no URL in the message" bash -c "! grep -q '/fail' '$T/err'"

run webhook remove "$FAILING"
check_rc "webhook remove" 0
run webhook remove "$FAILING"
check_rc "removing it again: not found" 1
check_grep "naming it" "no webhook '$FAILING'" "$T/err"
run webhook test nosuchhook
check_rc "testing an unknown webhook: not found" 1
run webhook list --json
check_json "one webhook left" 'assert len(j) == 1 and j[0]["kind"] == "json", j'

finish

#!/bin/bash
# End-to-end: `academichub fetch` against a loopback HTTP server serving a recorded feed
# (tests/cli/feed_server.py): first fetch, conditional GET (ETag -> 304), 503 + Retry-After then
# success, a server that stays down, an HTML page served as 200, and the fetch log in stats.
# No network beyond 127.0.0.1.
# usage: fetch_test.sh <path-to-academichub> <tests/data dir>
source "$(dirname "$0")/lib.sh" "$@"

FEED=$DATA/journal_feeds/nature_current_rss1_prism.rss
LOG=$T/server.log
: >"$LOG"
"$PY" "$CLI_DIR/feed_server.py" --file "$FEED" --name nature.rss --fail-first 1 --log "$LOG" >"$T/port" 2>"$T/server.err" &
SERVER_PID=$!
CLEANUP_HOOKS+=("kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null")
for _ in $(seq 100); do
  [ -s "$T/port" ] && break
  sleep 0.05
done
PORT=$(head -n1 "$T/port")
if ! [[ "$PORT" =~ ^[0-9]+$ ]]; then
  _fail "loopback server started" "no port printed; server stderr: $(head -c 300 "$T/server.err")"
  finish
fi
_pass "loopback server started on 127.0.0.1:$PORT"
BASE=http://127.0.0.1:$PORT
SPEC=feed:$BASE/nature.rss
SLUG=127-0-0-1  # listing source derived from the feed URL's host

# requests_log PATH: the server log entries for PATH, as a JSON array, in $T/req.json
requests_log() { "$PY" -c 'import json,sys; print(json.dumps([e for e in map(json.loads, open(sys.argv[1])) if e["path"] == sys.argv[2]]))' "$LOG" "$1" >"$T/req.json"; }

echo "# first fetch"
run fetch --source "$SPEC" --json
check_rc "fetch $SPEC exits 0" 0
check_json "first fetch: one page, 75 added, complete, no retries" '
assert len(j) == 1, j
r = j[0]
assert r["source"] == "'"$SPEC"'", r["source"]
assert (r["pages"], r["added"], r["updated"], r["rejected"]) == (1, 75, 0, 0), r
assert r["complete"] is True and r["not_modified"] is False and r["errors"] == [], r
assert r["requests"] == 1 and r["retries"] == 0, r'
check "library has 75 papers" count_is "$(papers)" 75
run show doi:10.1038/s41586-024-07811-4 --json
check_rc "a fetched paper is retrievable by DOI" 0
check_json "the fetched paper records its listing source and date" '
assert j["title"] == "Catalysis of an SN2 pathway by geometric preorganization", j["title"]
ls = j["listings"]
assert len(ls) == 1 and ls[0]["source"].startswith("'"$SLUG"'") and ls[0]["date"] == "2024-07-18", ls
assert j["journal"] == "Nature", j["journal"]'
cp "$T/out" "$T/show-before.json"
requests_log /nature.rss
check_json "the server saw one plain GET with a descriptive User-Agent and a feed Accept header" '
assert len(j) == 1 and j[0]["status"] == 200, j
assert j[0]["if_none_match"] is None, j[0]
assert j[0]["user_agent"] and j[0]["user_agent"].startswith("AcademicHub/"), j[0]["user_agent"]
assert "application/rss+xml" in (j[0]["accept"] or ""), j[0]["accept"]' "$T/req.json"
ah stats --json >"$T/stats1.json"

echo "# second fetch: conditional GET"
run fetch --source "$SPEC" --json
check_rc "second fetch exits 0" 0
check_json "second fetch: not modified, nothing changed" '
r = j[0]
assert r["not_modified"] is True, r
assert (r["added"], r["updated"], r["rejected"]) == (0, 0, 0), r
assert r["errors"] == [], r'
requests_log /nature.rss
check_json "the second request carried If-None-Match with the ETag and got 304" '
assert [e["status"] for e in j] == [200, 304], [e["status"] for e in j]
assert j[1]["if_none_match"], j[1]' "$T/req.json"
ETAG_SENT=$(json_get "$T/req.json" 'j[1]["if_none_match"]')
ETAG_SERVED=\"$(sha1sum "$FEED" | cut -c1-16)\"
check "If-None-Match equals the ETag served ($ETAG_SERVED)" test "$ETAG_SENT" = "$ETAG_SERVED"
ah stats --json >"$T/stats2.json"
check_json "not modified: paper and listing counts unchanged" '
a, b = js
assert (a["papers"], a["listings"]) == (b["papers"], b["listings"]), (a["papers"], b["papers"])' \
  "$T/stats1.json" "$T/stats2.json"
ah show doi:10.1038/s41586-024-07811-4 --json >"$T/show-after.json"
check "not modified: stored paper byte-identical" identical "$T/show-before.json" "$T/show-after.json"
run fetch --source "$SPEC"
check_rc "fetch (text) exits 0" 0
check_grep "fetch (text) says not modified" "not modified" "$T/out"

echo "# 503 + Retry-After, then 200"
run fetch --source "feed:$BASE/flaky/nature.rss" --json
check_rc "fetch through one 503 exits 0" 0
check_json "retried once, then stored the page (all 75 unchanged)" '
r = j[0]
assert r["retries"] == 1 and r["requests"] == 2, r
assert r["pages"] == 1 and r["complete"] is True and r["errors"] == [], r
assert (r["added"], r["updated"], r["unchanged"]) == (0, 0, 75), r'
requests_log /flaky/nature.rss
check_json "the server saw 503 then 200, the retry waited for Retry-After (1 s)" '
assert [e["status"] for e in j] == [503, 200], [e["status"] for e in j]
assert j[1]["t"] - j[0]["t"] >= 0.9, j[1]["t"] - j[0]["t"]' "$T/req.json"
check "the 503 path left the paper count at 75" count_is "$(papers)" 75

echo "# a server that stays down"
run fetch --source "feed:$BASE/down/nature.rss" --retries 0 --json
if [ "$RC" -lt 128 ]; then _pass "fetch from a down server: no crash (exit $RC)"; else _fail "no crash" "exit $RC"; fi
check_rc "fetch from a down server exits 1" 1
check_json "down server: the error names the URL and the status" '
r = j[0]
assert r["pages"] == 0 and r["added"] == 0 and r["complete"] is False, r
assert r["errors"] and "'"$BASE/down/nature.rss"'" in r["errors"][0] and "503" in r["errors"][0], r["errors"]'
run fetch --source "feed:$BASE/html/nature.rss" --json
check_rc "fetch of an HTML page served as 200 exits 1" 1
check_json "HTML page: a parse error naming the URL; nothing stored" '
r = j[0]
assert r["added"] == 0 and r["pages"] == 0, r
assert r["errors"] and "'"$BASE/html/nature.rss"'" in r["errors"][0], r["errors"]
assert re.search(r"HTML|byte [0-9]+", r["errors"][0]), r["errors"]'
check "failed fetches left the paper count at 75" count_is "$(papers)" 75
ah show doi:10.1038/s41586-024-07811-4 --json >"$T/show-after.json"
check "failed fetches: stored paper byte-identical" identical "$T/show-before.json" "$T/show-after.json"
run fetch --source "feed:ftp://127.0.0.1/x.rss"
check_rc "a feed spec that is not http(s) exits 2" 2
check_grep "bad spec: the message names it" "ftp://127\.0\.0\.1/x\.rss" "$T/err"

echo "# the fetch log"
run stats --json
check_rc "stats --json exits 0" 0
check_json "stats --json: recent_fetches logs every exchange, newest first, with URL and status" '
f = j["recent_fetches"]
assert isinstance(f, list) and len(f) >= 6, len(f)
for e in f:
    for k in ("source", "url", "started", "status", "added", "updated", "unchanged", "rejected", "error"):
        assert k in e, (k, e)
    assert e["url"].startswith("'"$BASE"'/"), e["url"]
    assert e["source"].startswith("'"$SLUG"'"), e["source"]
assert [e["started"] for e in f] == sorted([e["started"] for e in f], reverse=True), "not newest first"
seq = [(e["url"].replace("'"$BASE"'", ""), e["status"]) for e in reversed(f)]
want = [("/nature.rss", 200), ("/nature.rss", 304), ("/nature.rss", 304), ("/flaky/nature.rss", 503),
        ("/flaky/nature.rss", 200), ("/down/nature.rss", 503), ("/html/nature.rss", 200)]
assert seq == want, seq
first = f[-1]
assert first["added"] == 75 and first["error"] == "", first
assert "503" in f[-4]["error"], f[-4]
assert f[0]["error"], "the HTML page fetch logged no error: %r" % f[0]'
check_json "stats --json: papers by listing source" '
assert j["papers"] == 75, j["papers"]
assert sum(v for k, v in j["papers_by_source"].items() if k.startswith("'"$SLUG"'")) == 75, j["papers_by_source"]'

finish

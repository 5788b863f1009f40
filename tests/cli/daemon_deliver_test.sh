#!/bin/bash
# End-to-end: the daemon delivers each user's email digest at their local time, through a real SMTP
# server on loopback (python3-aiosmtpd, started here), once per user and day whatever restarts:
# `daemon --once --now T` with the clock moved, on the bundled real feeds. No network beyond 127.0.0.1.
# usage: daemon_deliver_test.sh <path-to-academichub> <tests/data dir>
source "$(dirname "$0")/lib.sh" "$@"

if ! "$PY" -c 'import aiosmtpd' 2>/dev/null; then
  _fail "python3-aiosmtpd is installed (scripts/setup.sh --test)" "import aiosmtpd failed"
  finish
fi
PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$PY" -m aiosmtpd -n -l "127.0.0.1:$PORT" -c aiosmtpd.handlers.Mailbox "$T/maildir" &
SMTP_PID=$!
CLEANUP_HOOKS+=("kill $SMTP_PID 2>/dev/null")
for _ in $(seq 100); do "$PY" -c "import socket; socket.create_connection(('127.0.0.1',$PORT),1)" 2>/dev/null && break; sleep 0.1; done

# No source to fetch (the library holds the bundled days); mail through the loopback server.
cat >"$CFG" <<TOML
contact = "tests@example.org"
[arxiv]
categories = []
[biorxiv]
servers = []
[journals]
follow = []
[smtp]
url = "smtp://127.0.0.1:$PORT"
from = "AcademicHub <hub@example.org>"
[web]
base_url = "https://hub.example.org"
TOML

run ingest "$SAMPLES"
check_rc "ingest the bundled samples" 0
# The account of the CLI's radars ("local"), with a daily digest at 07:00 in Berlin (UTC+2 in June).
printf 'correct horse battery\n' | ah user add local >"$T/out" 2>"$T/err"; RC=$?
check_rc "user add local" 0
run radar create lm --description "large language models, reasoning and retrieval"
check_rc "a radar" 0
"$PY" - "$DB" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE users SET settings = ? WHERE name = 'local'", (json.dumps({
    "digest": {"email": "ada@example.org", "frequency": "daily", "empty": "skip", "lang": "en"},
    "delivery": {"time": "07:00", "time_zone": "Europe/Berlin"}}),))
db.commit()
PY
messages() { ls "$T/maildir/new" 2>/dev/null | wc -l | tr -d ' '; }

echo "# 2026-06-30 06:30 in Berlin (04:30 UTC; arXiv's day 2026-06-30 is out): not yet the user's time"
run daemon --once --now 2026-06-30T04:30:00Z
check_rc "daemon --once exits 0" 0
check "no digest before 07:00 local time" count_is "$(messages)" 0

echo "# 07:10 in Berlin: the day's radar ran, the digest goes out"
run daemon --once --now 2026-06-30T05:10:00Z
check_rc "daemon --once exits 0 at the user's time" 0
check "one digest arrived" count_is "$(messages)" 1
run jobs --json
check_json "the deliver job of the user's local day is done" \
  'd=[x for x in j if x["key"]=="deliver:local:2026-06-30"]; assert d and d[0]["state"]=="done", j'
MSG=$(ls "$T/maildir/new"/* | head -1)
check "the digest: both parts, the radar's papers, links to the web app, one-click unsubscribe" "$PY" -c '
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
assert m.get_content_type() == "multipart/alternative", m.get_content_type()
assert m["To"] == "ada@example.org", m["To"]
assert m["List-Unsubscribe"] and "https://hub.example.org/unsubscribe/" in m["List-Unsubscribe"], m["List-Unsubscribe"]
assert m["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
text = m.get_body(("plain",)).get_content()
assert "== lm" in text and "https://hub.example.org/papers/" in text, text[:400]' "$MSG"

echo "# Restarts the same day: nothing twice"
run daemon --once --now 2026-06-30T05:40:00Z
check_rc "daemon --once again" 0
run daemon --once --now 2026-06-30T21:00:00Z
check "still one digest" count_is "$(messages)" 1

finish

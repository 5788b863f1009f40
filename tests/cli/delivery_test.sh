#!/usr/bin/env bash
# Delivery through the real binary on the bundled real feeds: `export` (a radar's day, saved
# papers, papers by id; the files read back by `radar seed import`), and `digest` (a dry run to a
# .eml file; a real send to a loopback SMTP server, python3-aiosmtpd, started here; never twice).
source "$(dirname "$0")/lib.sh" "$@"

run ingest "$SAMPLES"
check_rc "ingest the bundled samples" 0
run radar create lm --description "large language models, reasoning and retrieval"
check_rc "create a radar" 0

# --- export --------------------------------------------------------------------------------------
for f in bib ris json; do
  run export radar lm --date 2026-06-30 --limit 5 --out "$T/day.$f"
  check_rc "export radar's day as $f" 0
  run radar create "back-$f" --description "x"
  run radar seed import "back-$f" "$T/day.$f" --json
  check_rc "the $f export is read back by the import parser, every entry found" 0
  check_json "5 entries, 5 papers ($f)" 'assert j["entries"] == 5 and j["matched"] == 5 and j["papers"] == 5, j'
done
run radar run lm --date 2026-06-30 --limit 5 --no-record --json
"$PY" -c 'import json,sys; print("\n".join(p["id"] for p in json.load(open(sys.argv[1]))))' "$T/out" >"$T/ranked.txt"
run radar show back-bib --json
"$PY" -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["seeds"]))' "$T/out" >"$T/seeds.txt"
check "the export holds the radar's day, best first" identical "$T/ranked.txt" "$T/seeds.txt"

ID=$(head -1 "$T/ranked.txt")
SECOND=$(sed -n 2p "$T/ranked.txt")
run radar feedback lm "$ID" save
run export saved --format ris
check_rc "export saved papers" 0
check_grep "the saved paper is in it" "$ID" "$T/out"
run export paper "$ID" --format json
check_json "export a paper by id as CSL-JSON" 'assert len(j) == 1 and ("arXiv:" + "'"$ID"'") in j[0]["number"], j'
run export radar nope
check_rc "an unknown radar is refused" 1
run export radar lm --format docx
check_rc "an unknown format is a usage error" 2

# --- digest --------------------------------------------------------------------------------------
run digest lm --to alice@example.org --date 2026-06-30 --dry-run --out "$T/d.eml"
check_rc "digest --dry-run --out writes the message" 0
check_grep "multipart/alternative" "multipart/alternative" "$T/d.eml"
check_grep "addressed" "^To: alice@example.org" "$T/d.eml"
run digest lm --to "not an address" --dry-run
check_rc "a bad address is refused" 2

if "$PY" -c 'import aiosmtpd' 2>/dev/null; then
  PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$PY" -m aiosmtpd -n -l "127.0.0.1:$PORT" -c aiosmtpd.handlers.Mailbox "$T/maildir" &
  SMTP_PID=$!
  CLEANUP_HOOKS+=("kill $SMTP_PID")
  for _ in $(seq 100); do "$PY" -c "import socket; socket.create_connection(('127.0.0.1',$PORT),1)" 2>/dev/null && break; sleep 0.1; done
  printf '[smtp]\nurl = "smtp://127.0.0.1:%s"\nfrom = "AcademicHub <hub@example.org>"\n[web]\nbase_url = "https://hub.example.org"\n' "$PORT" >"$CFG"
  run digest lm --to alice@example.org --date 2026-06-30
  check_rc "digest sent through SMTP" 0
  check "one message arrived" count_is "$(ls "$T/maildir/new" | wc -l)" 1
  MSG=$(ls "$T/maildir/new"/* | head -1)
  check "MIME: both parts, headers, links" "$PY" -c '
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
assert m.get_content_type() == "multipart/alternative", m.get_content_type()
assert m["To"] == "alice@example.org" and "hub@example.org" in m["From"], (m["To"], m["From"])
assert m["List-Unsubscribe"] is None  # a one-off send from the CLI, not a subscription (the daemon'"'"'s carry it)
assert m["Message-ID"].startswith("<digest-cli.alice"), m["Message-ID"]
text = m.get_body(("plain",)).get_content()
html = m.get_body(("html",)).get_content()
assert "https://hub.example.org/papers/" in text and "https://hub.example.org/papers/" in html, text[:500]
assert "'"$SECOND"'" in text and "'"$SECOND"'" in html
assert "'"$ID"'" not in text  # saved: a radar does not recommend it back
assert "color-scheme" in html' "$MSG"
  run digest lm --to alice@example.org --date 2026-06-30
  check_rc "the same digest again: exit 0" 0
  check_grep "says it was sent already" "already sent" "$T/err"
  check "still one message" count_is "$(ls "$T/maildir/new" | wc -l)" 1
else
  echo "SKIP: python3-aiosmtpd is not installed (scripts/setup.sh --test)"
fi

finish

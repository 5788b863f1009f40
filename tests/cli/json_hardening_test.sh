#!/usr/bin/env bash
# End-to-end: deep, truncated and UTF-16 JSON and TOML through the real binary (issue 9, "Deep JSON
# kills the process"). A ~120 KB {"error":[[[...]]]} used to kill `ingest` (exit 139, the whole
# group of good files lost), and a provider error body nested that deep killed `brief` and `tldr`.
# Each must now be a named rejection or an extractive fallback, never a crash.
# usage: json_hardening_test.sh <path-to-academichub> <tests/data dir>
source "$(dirname "$0")/lib.sh" "$@"

# no_crash DESC: the last `run` did not die of a signal.
no_crash() {
  if [ "$RC" -ge 128 ]; then
    _fail "$1: no crash" "exit code $RC (killed by signal $((RC - 128)))"
    _stderr_excerpt
  else
    _pass "$1: no crash (exit $RC)"
  fi
}

echo "# building the inputs"
B=$T/inputs
M=$T/mixed
mkdir -p "$B" "$M"
"$PY" - "$B" "$M" "$SAMPLES" <<'PYEOF'
import sys
b, m, samples = sys.argv[1:4]
n = 60000
deep_error = '{"error":' + "[" * n + "]" * n + "}"
open(m + "/deep.json", "w").write(deep_error)                     # ~120 KB, the issue's file
open(m + "/deep_array.json", "w").write("[" * 100000 + "]" * 100000)
open(m + "/deep_objects.json", "w").write('{"a":' * 50000 + "1" + "}" * 50000)
open(m + "/cut.json", "w").write('{"collection":[{"doi":"10.1101/x","title":"A')
# Nature's RSS saved as UTF-16 (little endian with a byte order mark), as Windows tools write it.
rss = open(samples + "/journals/nature_current_rss1_prism.rss", encoding="utf-8").read()
open(m + "/nature_utf16.rss", "wb").write(b"\xff\xfe" + rss.encode("utf-16-le"))
# And a bioRxiv response as UTF-16 big endian without a byte order mark.
bio = open(samples + "/biorxiv/biorxiv_api_details_category_cancer_biology_18.json", encoding="utf-8").read()
open(m + "/biorxiv_utf16be.json", "wb").write(bio.encode("utf-16-be"))
open(b + "/deep.json", "w").write(deep_error)
open(b + "/deep.jsonl", "w").write(deep_error + "\n")
open(b + "/deep_keys.toml", "w").write(".".join(["a"] * 1000000) + " = 1\n")       # 2 MB
open(b + "/deep_table.toml", "w").write("[" + ".".join(["a"] * 1000000) + "]\n")
open(b + "/deep_array.toml", "w").write("contact = " + "[" * 100000 + "]" * 100000 + "\n")
PYEOF
cp "$SAMPLES/crossref/crossref_works_query_rows2.json" "$SAMPLES/journals/joss_published_atom.xml" "$M"/
check "the deep file is about 120 KB" test "$(stat -c %s "$M/deep.json")" -gt 100000

echo "# ingest: a folder of good files beside deep, truncated and UTF-16 ones"
run ingest "$M" --json
no_crash "mixed folder"
check_rc "mixed folder: exit code 1 (files were rejected)" 1
check_json "the good files are stored (UTF-16 ones converted), each bad one is a named rejection" '
f = {p["path"].rsplit("/", 1)[-1]: p for p in j["per_file"]}
assert j["files"] == 8 and j["files_rejected"] == 4, (j["files"], j["files_rejected"])
assert f["nature_utf16.rss"]["error"] is None and f["nature_utf16.rss"]["added"] == 75, f["nature_utf16.rss"]
assert f["biorxiv_utf16be.json"]["error"] is None and f["biorxiv_utf16be.json"]["added"] == 18, f["biorxiv_utf16be.json"]
assert f["crossref_works_query_rows2.json"]["error"] is None, f["crossref_works_query_rows2.json"]
assert f["joss_published_atom.xml"]["error"] is None, f["joss_published_atom.xml"]
for bad, where in (("deep.json", "line 1, column 137 (byte 136)"), ("deep_array.json", "line 1, column 129 (byte 128)"),
                   ("deep_objects.json", "line 1, column 641 (byte 640)")):
    e = f[bad]["error"]
    assert e and bad in e and where in e and "JSON nested deeper than 128" in e, (bad, e)
    assert f[bad]["added"] == 0, f[bad]
e = f["cut.json"]["error"]
assert "cut.json: line 1, column 43 (byte 42): truncated JSON" in e and "error object" not in e, e
assert "binary" not in str(j), j'
run show doi:10.1038/s41586-024-07811-4 --json
check_rc "a paper of the UTF-16 Nature feed is stored and readable" 0
check_json "with its title intact" 'assert j["title"] and "\ufffd" not in j["title"], j["title"]'
run ingest "$M/deep.json"
no_crash "the deep file alone"
check_rc "the deep file alone: exit code 1" 1
check_grep "the message names the file and the position" \
  "^rejected: .*deep\.json: line 1, column 137 \(byte 136\): JSON nested deeper than 128" "$T/err"
for fmt in biorxiv crossref openalex pubmed-esearch; do
  run ingest "$M/deep.json" --format "$fmt"
  no_crash "the deep file forced to $fmt"
  check_grep "forced to $fmt: named rejection" "deep\.json: line 1, column 137 \(byte 136\): JSON nested" "$T/err"
done

echo "# imports, eval tasks and the config file"
run radar create deep --description "anything"
check_rc "create a radar" 0
run radar seed import deep "$B/deep.json"
no_crash "CSL-JSON import of the deep file"
check "the import is refused (exit $RC)" test "$RC" -ne 0
check_grep "naming the file and the position" "deep\.json: line 1, column 137 \(byte 136\): JSON nested" "$T/err"
run eval radar --tasks "$B/deep.jsonl"
no_crash "eval tasks nested 60,000 deep"
check "are refused (exit $RC)" test "$RC" -ne 0
check_grep "naming the file, line and column" "deep\.jsonl:1: column 137: JSON nested deeper" "$T/err"
for f in deep_keys deep_table deep_array; do
  "$AH_BIN" --db "$DB" --config "$B/$f.toml" --no-progress sources >"$T/out" 2>"$T/err"
  RC=$?
  no_crash "config $f.toml"
  check_rc "config $f.toml: a usage error (exit 2)" 2
  check_grep "config $f.toml: the message names the file, line and column" \
    "$f\.toml:1:[0-9]+: .*(more than 32 parts|nested deeper than)" "$T/err"
done

echo "# brief and tldr against a provider whose answers are nested 60,000 deep"
run ingest "$SAMPLES/arxiv"
check_rc "ingest three days of arXiv feeds" 0
run radar create agents --description "autonomous agents built on large language models" \
  --query '"language model" OR LLM OR agent'
check_rc "create a topic radar" 0
run radar run agents --date 2026-06-30 --json --limit 3 --no-record
check_rc "rank the day" 0
TOP=$(json_get "$T/out" 'j[0]["id"]')

LOG=$T/llm.log
: >"$LOG"
SERVER_PID=
start_server() {
  [ -n "$SERVER_PID" ] && { kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; }
  rm -f "$T/port"
  "$PY" "$CLI_DIR/openai_server.py" --mode "$1" --model "$2" --log "$LOG" >"$T/port" 2>"$T/server.err" &
  SERVER_PID=$!
  for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.05; done
  PORT=$(head -n1 "$T/port")
  printf '[llm]\nbase_url = "http://127.0.0.1:%s/v1"\nmodel = "%s"\napi_key = "sk-test"\nmax_retries = 1\n' \
    "$PORT" "$2" >"$CFG"
}
CLEANUP_HOOKS+=('[ -n "$SERVER_PID" ] && kill $SERVER_PID 2>/dev/null')

for mode in deep-error deep-body; do
  start_server "$mode" "m-$mode"
  check "openai_server.py --mode $mode listens" test -n "$PORT"
  run brief agents --date 2026-06-30 --json --papers 8
  no_crash "brief, $mode"
  check_rc "brief, $mode: falls back (exit 0)" 0
  check_json "brief, $mode: the extractive briefing, with a note saying why" '
assert j["mode"] == "extractive", j["mode"]
assert any("extractive" in n.lower() for n in j["notes"]), j["notes"]
assert all(len(n) < 1000 for n in j["notes"]), [len(n) for n in j["notes"]]'
  check "brief, $mode: the provider was asked" test "$(grep -c "m-$mode" "$LOG")" -gt 0
  run tldr "$TOP" --json
  no_crash "tldr, $mode"
  check_rc "tldr, $mode: falls back (exit 0)" 0
  check_json "tldr, $mode: an extractive TL;DR" 'assert j[0]["mode"] == "extractive" and j[0]["tldr"], j'
  run tldr "$TOP"
  check_grep "tldr, $mode: a note on stderr names the provider failure" "note: " "$T/err"
done
finish

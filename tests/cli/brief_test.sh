#!/usr/bin/env bash
# Briefings and TL;DRs end to end on the bundled June 2026 arXiv feeds: the extractive briefing
# (English and Chinese; Markdown, HTML, JSON) cites only input papers and covers most of the
# radar's top ten; with an OpenAI-compatible provider on loopback (tests/cli/openai_server.py):
# an LLM briefing, the answer cache (a rerun sends nothing), a citation of a paper that was not
# given (repaired or dropped), malformed answers and an unreachable provider (extractive
# fallback, said so), and TL;DRs in Chinese.
source "$(dirname "$0")/lib.sh" "$@"

run ingest "$SAMPLES/arxiv"
check_rc "ingest three days of arXiv feeds" 0
run radar create agents --description "autonomous agents built on large language models: planning, tool use, memory, multi-agent collaboration" \
  --query '"language model" OR LLM OR agent'
check_rc "create a topic radar" 0
run radar run agents --date 2026-06-30 --json --limit 10 --no-record
check_rc "rank the day" 0
cp "$T/out" "$T/top10.json"

# cited_ids FILE: every id the briefing cites (themes, bridges, must-reads), one per line.
COVERAGE='
ids = [p["id"] for p in j["papers"]]
top10 = [p["id"] for p in js[1]]
cited = set()
for t in j["themes"]:
    assert t["title"] and t["summary"] and t["papers"], t
    cited |= set(t["papers"])
for b in j["bridges"]:
    assert len(b["papers"]) >= 2 and b["why"], b
    cited |= set(b["papers"])
cited |= set(j["must_reads"])
assert cited <= set(ids), cited - set(ids)
assert ids[:10] == top10, (ids[:10], top10)
covered = len(set(top10) & cited)
assert covered >= 7, covered
'

# --- extractive ------------------------------------------------------------------------------
run brief agents --date 2026-06-30 --extractive --json --papers 30
check_rc "extractive briefing" 0
check_json "contract: mode, lang, themes, bridges, must_reads; only input papers; top ten covered" '
assert j["mode"] == "extractive" and j["lang"] == "en", (j["mode"], j["lang"])
assert len(j["papers"]) == 30, len(j["papers"])
assert 1 <= len(j["themes"]) <= 8, len(j["themes"])
assert j["must_reads"], j
'"$COVERAGE" "$T/out" "$T/top10.json"

run brief agents --date 2026-06-30 --extractive --lang zh
check_rc "Chinese extractive briefing" 0
check_grep "labelled as extractive, in Chinese" "抽取式" "$T/out"
check_grep "Chinese headings" "主题" "$T/out"

run brief agents --date 2026-06-30 --extractive --out "$T/brief.html"
check_rc "HTML briefing to a file" 0
check_grep "a standalone HTML page" "<html" "$T/brief.html"
check_grep "citations link to the papers" 'href="https://arxiv\.org/abs/' "$T/brief.html"
check "no raw script tags from abstracts" bash -c "! grep -qi '<script[^>]*>[^<]*alert' '$T/brief.html'"
run brief agents --date 2026-06-30 --extractive --out "$T/brief.pdf"
check_rc "an unknown output format is a usage error" 2
run brief agents --date 2026-06-30 --extractive --lang fr
check_rc "an unknown language is a usage error" 2
run brief agents --date 2026-06-28
check_rc "a day without papers is exit 1" 1
check_grep "and says so" "no papers for 2026-06-28" "$T/err"

run tldr 2606.00001 --extractive
check_rc "tldr of an unknown paper is exit 1" 1
TOP=$(json_get "$T/top10.json" 'j[0]["id"]')
run tldr "$TOP" --extractive --json
check_rc "extractive tldr" 0
check_json "one sentence from the abstract" '
assert len(j) == 1 and j[0]["id"] == "'"$TOP"'" and j[0]["mode"] == "extractive", j
assert 20 < len(j[0]["tldr"]) < 400, j'

# --- an OpenAI-compatible provider on loopback ------------------------------------------------
LOG=$T/llm.log
: >"$LOG"
SERVER_PID=
# start_server MODE MODEL: (re)starts tests/cli/openai_server.py and points the config at it.
start_server() {
  [ -n "$SERVER_PID" ] && { kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; }
  rm -f "$T/port"
  "$PY" "$CLI_DIR/openai_server.py" --mode "$1" --model "$2" --log "$LOG" >"$T/port" 2>"$T/server.err" &
  SERVER_PID=$!
  for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.05; done
  PORT=$(head -n1 "$T/port")
  printf '[llm]\nbase_url = "http://127.0.0.1:%s/v1"\nmodel = "%s"\napi_key = "sk-test"\ninput_price_per_mtok = 1.0\noutput_price_per_mtok = 2.0\nmax_retries = 2\n' "$PORT" "$2" >"$CFG"
}
CLEANUP_HOOKS+=('[ -n "$SERVER_PID" ] && kill $SERVER_PID 2>/dev/null')
chat_requests() { grep -c '/v1/chat/completions' "$LOG" || true; }
# log_check CODE: Python asserts over reqs, the server's request log.
log_check() { "$PY" -c 'import json, sys
reqs = [json.loads(l) for l in open(sys.argv[1])]
exec(sys.argv[2])' "$LOG" "$1"; }

start_server good m-good
check "openai_server.py listens" test -n "$PORT"
run brief agents --date 2026-06-30 --json --papers 12
check_rc "LLM briefing" 0
cp "$T/out" "$T/llm.json"
check_json "mode llm, citations only of input papers, the top ten covered, cost recorded" '
assert j["mode"] == "llm", (j["mode"], j.get("notes"))
assert "m-good" in j["model"], j["model"]
assert j["tokens"]["prompt"] > 0 and j["cost_usd"] > 0, (j["tokens"], j["cost_usd"])
assert all(p["tldr"] for p in j["papers"]), [p["tldr"] for p in j["papers"]]
'"$COVERAGE" "$T/out" "$T/top10.json"
check "the requests: JSON mode, English, briefing and TL;DR prompts" log_check '
brief = [r for r in reqs if r.get("kind") == "brief"]
assert brief and all(r["json_object"] and r["lang"] == "en" for r in brief), brief[:1]
assert any(r.get("kind") == "tldr" for r in reqs), [r.get("kind") for r in reqs]'
BEFORE=$(chat_requests)
run brief agents --date 2026-06-30 --json --papers 12
check_rc "rerun" 0
check "a rerun is served from the cache (no new chat request)" test "$(chat_requests)" = "$BEFORE"
check_json "and gives the same briefing" 'assert j["themes"] == js[1]["themes"]' "$T/out" "$T/llm.json"

run brief agents --date 2026-06-30 --json --papers 12 --lang zh
check_rc "Chinese LLM briefing" 0
check_json "in Chinese" '
assert j["mode"] == "llm" and j["lang"] == "zh", (j["mode"], j["lang"], j.get("notes"))
assert all(re.search("[\u3400-\u9fff]", t["title"] + t["summary"]) for t in j["themes"]), j["themes"]'
run tldr "$TOP" --lang zh --json
check_rc "Chinese TL;DR" 0
check_json "written by the model, in Chinese" '
assert j[0]["mode"] == "llm" and re.search("[\u3400-\u9fff]", j[0]["tldr"]), j'
run tldr "$TOP" --lang zh --json
check_json "then cached" 'assert j[0]["cached"] is True, j'

# Remote embeddings for the radar's semantic term: each paper embedded once, then cached.
printf 'embedding_model = "emb-1"\n' >>"$CFG"
run radar run agents --date 2026-06-30 --json --limit 10 --no-record
check_rc "radar run with /v1/embeddings" 0
check_json "still ranked with reasons" 'assert len(j) == 10 and all(p["reasons"] for p in j), j[:1]'
EMB=$(grep -c '/v1/embeddings' "$LOG" || true)
check "the library was embedded remotely" test "$EMB" -gt 0
run radar run agents --date 2026-06-30 --json --limit 10 --no-record
check_rc "again" 0
check "a second run embeds no paper again (cached in the library): only the radar's own text" log_check '
emb = [r for r in reqs if r["path"] == "/v1/embeddings"]
first, second = emb[:'"$EMB"'], emb['"$EMB"':]
assert sum(r["inputs"] for r in first) > 500, sum(r["inputs"] for r in first)
assert sum(r["inputs"] for r in second) <= 2, [r["inputs"] for r in second]' 

start_server cite-unknown m-cite
run brief agents --date 2026-06-30 --json --papers 12
check_rc "an answer citing papers that were not given" 0
check_json "is repaired or dropped: no unknown citation is shown" '
ids = {p["id"] for p in j["papers"]}
for t in j["themes"]:
    assert set(t["papers"]) <= ids, t
    for n in map(int, re.findall(r"\[(\d+)\]", t["summary"])):
        assert 1 <= n <= len(ids), (n, t["summary"])'
check "the model was asked again, strictly" log_check '
assert len([r for r in reqs if r.get("kind") == "brief" and r.get("model") == "m-cite"]) >= 2'

start_server 429-once m-429
run brief agents --date 2026-06-30 --json --papers 12
check_rc "429 then success" 0
check_json "an LLM briefing after the retry" 'assert j["mode"] == "llm", j.get("notes")'
check "the server saw the 429" log_check 'assert any(r["status"] == 429 for r in reqs)'

start_server malformed m-bad
run brief agents --date 2026-06-30 --json --papers 12
check_rc "malformed answers fall back" 0
check_json "to the extractive briefing, saying why" '
assert j["mode"] == "extractive", j["mode"]
assert any("extractive" in n.lower() for n in j["notes"]), j["notes"]'

kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; SERVER_PID=
run brief agents --date 2026-06-30 --json --papers 12
check_rc "an unreachable provider falls back" 0
check_json "to the extractive briefing" 'assert j["mode"] == "extractive", j'
check_grep "and says so" "note: .*(unreachable|provider)" "$T/err"
run brief agents --date 2026-06-30 --json --papers 12 --no-fallback
check "--no-fallback fails instead (exit $RC)" test "$RC" -ne 0 -a "$RC" -lt 128
finish

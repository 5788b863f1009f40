#!/usr/bin/env bash
# Briefings as a researcher reads them, end to end on two weeks of the real June 2026 arXiv feeds
# (2026-06-17 and 2026-06-24, plus 2026-06-25): TL;DRs that state the result (no markup, no
# reference marker, no sentence leaning on the one before), themes labelled by key phrases and
# ordered by the radar's scores with a line on why each matters, trends that rise against the
# radar's earlier week with their counts, bridges only between fields that name the same method,
# model or dataset, disliked and hidden papers never in a briefing; with an OpenAI-compatible
# provider on loopback (tests/cli/openai_server.py): the prompt describes the reader, a refused
# connection falls back at once while a 429 is retried, and --no-fallback fails without a model.
source "$(dirname "$0")/lib.sh" "$@"

run ingest "$DATA/arxiv_rss_daily/2026-06-17.xml.gz" "$DATA/arxiv_rss_daily/2026-06-24.xml.gz" \
  "$DATA/arxiv_rss_daily/2026-06-25.xml"
check_rc "ingest two weeks of June feeds" 0
run radar create agents --description "LLM agents: tool use, planning, memory, multi-agent collaboration, agent benchmarks" \
  --query '"tool use" OR agent OR agents'
check_rc "create a topic radar" 0
run brief agents --date 2026-06-24 --extractive --json --papers 30
check_rc "extractive briefing of 2026-06-24" 0
cp "$T/out" "$T/brief.json"

# --- TL;DRs ----------------------------------------------------------------------------------
check_json "TL;DRs: no LaTeX markup, no reference marker, none leaning on a sentence before" '
bad = []
for p in j["papers"]:
    t = p["tldr"]
    outside = re.sub(r"\$[^$]*\$", "", t)
    if re.search(r"\\(textbf|emph|textit|textsc|texttt|cite|href|method|ours)\b", outside): bad.append(("markup", t))
    if re.search(r"\[\d+(\s*[,\u2013-]\s*\d+)*\]", outside): bad.append(("marker", t))
    if re.search(r"\S~|~(?!\d)", outside) or re.search(r"(^|\s)%\s", outside): bad.append(("latex", t))
    if re.match(r"(Moreover|Furthermore|Additionally|In addition|However|Specifically|Finally|Then|Thus|Therefore|To this end|To address (this|these)|These|This (approach|method|framework|model)|It|They|Such)\b", t):
        bad.append(("leans", t))
assert not bad, bad
assert all(20 < len(p["tldr"]) <= 400 for p in j["papers"]), [p["tldr"] for p in j["papers"]]'

# --- themes ----------------------------------------------------------------------------------
check_json "themes: key phrases, not lone filler words; a line on why each matters" '
filler = {"real", "agent", "agents", "quantifying", "data", "model", "models", "tool", "tools",
          "image", "spatial", "clinical", "robust", "findings", "reveals", "large", "end", "control"}
assert 3 <= len(j["themes"]) <= 6, len(j["themes"])
for t in j["themes"]:
    first = t["title"].split(",")[0].strip().lower()
    assert first not in filler, t["title"]
    assert t["why"], t
assert sum(len(t["papers"]) for t in j["themes"]) == len(j["papers"])'
check_json "themes are ordered by the radar's scores of their best papers" '
score = {p["id"]: p["score"] for p in j["papers"]}
lo, hi = min(score.values()), max(score.values())
def interest(t):
    s = sorted(((score[i] - lo) / (hi - lo) for i in t["papers"]), reverse=True)[:3]
    return sum(s) / len(s)
v = [interest(t) for t in j["themes"]]
assert v == sorted(v, reverse=True), v'
check_json "the radar's own words explain why a theme matters" '
assert any("matches your" in t["why"].lower() for t in j["themes"]), [t["why"] for t in j["themes"]]'

# --- trends ----------------------------------------------------------------------------------
check_json "trends rise against the radar's earlier week, with counts (or a note says none does)" '
pat = re.compile(r"^\u201c(.+)\u201d: (\d+) of (\d+) papers \(.*\), against (\d+) of (\d+) \(.*\) in this radar.s papers of (\S+) \u2013 (\S+) ((\[\d+\])+)\.$")
for t in j["trends"]:
    m = pat.match(t)
    assert m, t
    a, n1, b, n2 = map(int, m.group(2, 3, 4, 5))
    assert a >= 3 and n1 == len(j["papers"]) and n2 >= 20, t
    assert a / n1 >= 2 * (b + 0.5) / (n2 + 0.5), t
    assert m.group(7) < "2026-06-24", t
if not j["trends"]:
    assert any("rises against" in n or "earlier" in n for n in j["notes"]), j["notes"]'

# --- bridges ---------------------------------------------------------------------------------
run brief agents --date 2026-06-30 --days 14 --extractive --json --papers 60
check_rc "a two-week briefing of 60 papers" 0
cp "$T/out" "$T/wide.json"
check_json "bridges join papers of different fields that both name the shared method" '
field = {p["id"]: p["field"] for p in j["papers"]}
assert all(re.match(r"^[a-z-]+\.[A-Za-z-]+$", f) for f in field.values()), set(field.values())
for b in j["bridges"]:
    a, c = b["papers"]
    assert field[a] != field[c], (field[a], field[c], b["why"])
    assert b["why"].startswith("Both rest on \u201c"), b["why"]'
for id in $(json_get "$T/wide.json" '" ".join(x for b in j["bridges"] for x in b["papers"])'); do
  ah show "$id" --json >"$T/show-$id.json" 2>/dev/null
done
check "each bridge's method is named in both abstracts" "$PY" -c '
import json, re, sys
j = json.load(open(sys.argv[1]))
for b in j["bridges"]:
    term = re.match(r"Both rest on \u201c([^\u201d]+)\u201d", b["why"]).group(1).lower().rstrip("s")
    for id in b["papers"]:
        p = json.load(open(sys.argv[2] + "/show-" + id + ".json"))
        assert term in p["abstract"].lower(), (term, id)' "$T/wide.json" "$T"

# --- disliked and hidden papers --------------------------------------------------------------
TOP1=$(json_get "$T/brief.json" 'j["papers"][0]["id"]')
TOP2=$(json_get "$T/brief.json" 'j["papers"][1]["id"]')
run radar feedback agents "$TOP1" dislike
check_rc "dislike the top paper" 0
run radar feedback agents "$TOP2" hide
check_rc "hide the second" 0
run brief agents --date 2026-06-24 --extractive --json --papers 30
check_rc "briefing after the feedback" 0
check_json "neither is read nor cited, and the briefing still has 30 papers" '
ids = [p["id"] for p in j["papers"]]
assert "'"$TOP1"'" not in ids and "'"$TOP2"'" not in ids, ids[:3]
assert len(ids) == 30, len(ids)'

# --- a configured provider -------------------------------------------------------------------
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
  printf '[llm]\nbase_url = "http://127.0.0.1:%s/v1"\nmodel = "%s"\napi_key = "sk-test"\nmax_retries = 2\n' \
    "$PORT" "$2" >"$CFG"
}
CLEANUP_HOOKS+=('[ -n "$SERVER_PID" ] && kill $SERVER_PID 2>/dev/null')
log_check() { "$PY" -c 'import json, sys
reqs = [json.loads(l) for l in open(sys.argv[1])]
exec(sys.argv[2])' "$LOG" "$@"; }

start_server good m-reader
run brief agents --date 2026-06-24 --json --papers 12
check_rc "LLM briefing" 0
check_json "written by the model, and still without the disliked and hidden papers" '
assert j["mode"] == "llm", j["notes"]
ids = [p["id"] for p in j["papers"]]
assert "'"$TOP1"'" not in ids and "'"$TOP2"'" not in ids'
T1=$(json_get "$T/brief.json" 'j["papers"][0]["title"][:40]')
check "the prompt describes the reader, asks for themes by interest with a why, and never shows the disliked paper" log_check '
brief = [r for r in reqs if r.get("kind") == "brief"]
assert brief, [r.get("kind") for r in reqs]
u, s = brief[0]["user"], brief[0]["system"]
assert "About the reader" in u and "agent benchmarks" in u, u[:600]
assert "Order the themes by how closely they match this reader" in s, s[:400]
assert "\"why\"" in s
assert sys.argv[3] not in u, "the disliked paper was shown to the model"' "$T1"

# A refused connection falls back at once (another model: nothing is in the answer cache);
# a 429 is retried.
kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; SERVER_PID=
sed -i 's/^model = .*/model = "m-refused"/' "$CFG"
START=$(date +%s%N)
run brief agents --date 2026-06-24 --json --papers 12
MS=$(( ($(date +%s%N) - START) / 1000000 ))
check_rc "a refused connection falls back" 0
check_json "to the extractive briefing" 'assert j["mode"] == "extractive", j["mode"]'
check_grep "saying the provider is unreachable" "note: provider unreachable" "$T/err"
check "without retries or backoff (${MS} ms, the index load included)" test "$MS" -lt 15000
: >"$LOG"
start_server 429-once m-429
run brief agents --date 2026-06-24 --json --papers 12
check_rc "429 then success" 0
check_json "an LLM briefing after the retry" 'assert j["mode"] == "llm", j["notes"]'
check "the 429 was retried" log_check '
st = [r["status"] for r in reqs if r["path"].endswith("/chat/completions")]
assert st[0] == 429 and 200 in st, st'

# --no-fallback without a model.
: >"$CFG"
run brief agents --date 2026-06-24 --no-fallback
check_rc "--no-fallback without a configured model fails" 3
check_grep "and says why" "no-fallback: no language model is configured" "$T/err"
run brief agents --date 2026-06-24 --extractive --no-fallback --json
check_rc "--extractive still works with --no-fallback" 0
finish

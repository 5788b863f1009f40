#!/bin/bash
# End-to-end: search by word stems with the words as written first, the total
# number of hits, "did you mean", Chinese text, and what a Chinese radar
# description needs (issue 11, "Search and languages"). The library: the real
# arXiv feed of 2026-06-25 (26 papers) and one real Chinese journal article
# (tests/data/crossref/crossref_work_zh_transcribed.json: the record of
# tests/data/imports-real/synthesisr__ASP_ris_example.ris in Crossref's format;
# no recorded source carries Chinese text).
# usage: search_languages_test.sh <path-to-academichub> <tests/data dir>
source "$(dirname "$0")/lib.sh" "$@"
CLI_DIR=$(cd "$(dirname "$0")" && pwd)

run ingest "$DATA/arxiv_rss_daily/2026-06-25.xml" "$DATA/crossref/crossref_work_zh_transcribed.json"
check_rc "ingest the 2026-06-25 feed and a Chinese article" 0
run search 'date:..2999-12-31' --json --limit 1000
cp "$T/out" "$T/all.json"

# --- plurals and inflections ----------------------------------------------------------------
for w in agent agents ti:agent ti:agents network networks; do
  ah search "$w" --json --limit 1000 >"$T/s_${w/:/_}.json" 2>/dev/null
done
check_json "agent and agents find the same papers: every paper with either word" '
import re
lib, a, b = js
ids = lambda x: sorted(p["id"] for p in x)
want = sorted(p["id"] for p in lib if re.search(r"\bagents?\b", (p["title"] + " " + p.get("abstract", "")).lower()))
assert ids(a) == ids(b), (ids(a), ids(b))
assert set(want) <= set(ids(a)), set(want) - set(ids(a))
assert len(want) >= 3, want' "$T/all.json" "$T/s_agent.json" "$T/s_agents.json"
check_json "agent and agents: papers with the form typed come first" '
import re
a, b = js
assert sorted(p["id"] for p in a) == sorted(p["id"] for p in b)
text = lambda p: (p["title"] + " " + p.get("abstract", "")).lower()
exact = lambda w, x: [bool(re.search(r"\b" + w + r"\b", text(p))) for p in x]
for w, x in (("agent", a), ("agents", b)):
    e = exact(w, x)
    assert e == sorted(e, reverse=True) and any(e), (w, [p["title"] for p in x])' \
  "$T/s_agent.json" "$T/s_agents.json"
check_json "ti:agent and ti:agents: the same papers" '
a, b = js
assert sorted(p["id"] for p in a) == sorted(p["id"] for p in b) and a, (len(a), len(b))' \
  "$T/s_ti_agent.json" "$T/s_ti_agents.json"
check_json "network and networks: the same papers" '
a, b = js
assert sorted(p["id"] for p in a) == sorted(p["id"] for p in b) and a, (len(a), len(b))' \
  "$T/s_network.json" "$T/s_networks.json"
run search '"agents"' --json --limit 1000
check_json "a quoted word matches it as written" '
import re
assert j and all(re.search(r"\bagents\b", (p["title"] + " " + p.get("abstract", "")).lower()) for p in j), [p["title"] for p in j]'

# --- the total, not the page ----------------------------------------------------------------
run search agents --limit 2
check_rc "search agents --limit 2" 0
N=$(json_get "$T/s_agents.json" 'len(j)')
check_grep "prints the total of every match ($N), and the page shown" "^$N papers match agents \(showing 1-2\)" "$T/out"

# --- did you mean ---------------------------------------------------------------------------
run search agnets
check_rc "a typo is not an error" 0
check_grep "no match, and a correction from the library's own words" "Did you mean: agents" "$T/out"
run search 'ti:netwroks AND "language"' --json
check_json "--json: stdout stays the array" 'assert j == [], j'
check_grep "the correction is on stderr, the rest of the query kept" 'Did you mean: ti:networks AND "language"' "$T/err"
run search agents
check "a known word gets no correction" bash -c "! grep -q 'Did you mean' '$T/out'"

# --- Chinese --------------------------------------------------------------------------------
for q in 水稻插秧机 插秧 'ti:可调宽窄行' 'abs:田间试验'; do
  run search "$q" --json
  check_json "Chinese query $q finds the Chinese article" '
assert [p["id"] for p in j] == ["doi:10.11975/j.issn.1002-6819.2016.21.005"], [p["id"] for p in j]'
done
run search 蛋白质结构 --json
check_json "Chinese words not in it do not match" 'assert j == [], j'

# --- a radar described in Chinese -----------------------------------------------------------
run radar create zh --description "大语言模型智能体的规划与工具使用"
check_rc "create a radar described in Chinese" 0
check_grep "warns that it needs a multilingual embedding model" "multilingual embedding model" "$T/err"
run radar run zh --date 2026-06-25 --json --no-record
check_rc "run it offline" 0
check_grep "the run says why it cannot rank" "multilingual embedding model" "$T/err"
check_json "offline, every paper scores 0 (what the warning explains)" '
assert all(p["score"] == 0 for p in j), [p["score"] for p in j]'

# With an embedding model configured (tests/cli/openai_server.py: its embeddings map a few
# Chinese terms to their English words, a multilingual model in miniature).
LOG=$T/server.log
"$PY" "$CLI_DIR/openai_server.py" --dims 256 --log "$LOG" >"$T/port" 2>"$T/server.err" &
SERVER_PID=$!
CLEANUP_HOOKS+=('kill $SERVER_PID 2>/dev/null')
for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.05; done
PORT=$(head -n1 "$T/port")
printf '[llm]\nbase_url = "http://127.0.0.1:%s/v1"\nmodel = "m"\napi_key = "sk-test"\nembedding_model = "emb-1"\n' "$PORT" >"$CFG"
run radar run zh --date 2026-06-25 --json --no-record --limit 5
check_rc "run it with an embedding model" 0
check "no warning then" bash -c "! grep -q 'multilingual' '$T/err'"
check_json "papers are ranked: the top ones score above 0, agent and LLM papers first" '
import re
assert j and j[0]["score"] > 0, [p["score"] for p in j]
top = [p["title"].lower() for p in j[:2]]
assert all(re.search(r"\bagents?\b|\bllms?\b|language model", t) for t in top), top'

# --- a Chinese briefing quotes English sentences: it says so ---------------------------------
printf '' >"$CFG"
run radar create en --description "autonomous agents built on large language models"
run brief en --date 2026-06-25 --extractive --lang zh
check_rc "Chinese extractive briefing" 0
check_grep "says its quoted sentences are untranslated" "未经翻译" "$T/out"
finish

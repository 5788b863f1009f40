#!/usr/bin/env bash
# `academichub eval radar` end to end: a real OAI page (1,000 arXiv cs records of 2016) is the
# library; tasks are built from it the way radar-eval's are (seeds of one class, a later pool,
# relevant = pool papers listed in that class); the report must name every method and metric.
source "$(dirname "$0")/lib.sh" "$@"

PAGE=$DATA/arxiv_oai/arxiv_oai_listrecords_arXiv_cs_first_page_2016.xml
run ingest "$PAGE"
check_rc "ingest the OAI page" 0

$PY - "$PAGE" > "$T/tasks.jsonl" <<'PY'
import json, sys, xml.etree.ElementTree as ET
ax = "{http://arxiv.org/OAI/arXiv/}"
recs = [(a.find(ax + "id").text, a.find(ax + "categories").text.split())
        for a in ET.parse(sys.argv[1]).getroot().iter(ax + "arXiv")]
seeds_part, pool = recs[:600], recs[600:]
for cls in ("cs.LO", "cs.IT"):
    seeds = [i for i, c in seeds_part if c[0] == cls][:15]
    cands = [i for i, _ in pool]
    rel = [i for i, c in pool if cls in c]
    print(json.dumps({"task": "category:" + cls, "seeds": seeds, "candidates": cands, "relevant": rel}))
PY
check "tasks file has two tasks" test "$(wc -l < "$T/tasks.jsonl")" -eq 2

run eval radar --tasks "$T/tasks.jsonl" --json
check_rc "eval radar exits 0" 0
tail -n 1 "$T/out" > "$T/last.json"
check_json "last line: tasks, ours and the three baselines with ndcg10/p10/ap in [0,1]" '
assert j["tasks"] == 2, j["tasks"]
methods = [j["ours"]] + [j["baselines"][b] for b in ("recency", "bm25", "arxiv_sanity")]
for m in methods:
    for k in ("ndcg10", "p10", "ap"):
        assert 0.0 <= m[k] <= 1.0, (k, m)
assert [t["task"] for t in j["per_task"]] == ["category:cs.LO", "category:cs.IT"], j["per_task"]
assert j["ours"]["ndcg10"] > j["baselines"]["recency"]["ndcg10"], j
' "$T/last.json"

run eval radar --tasks "$T/tasks.jsonl"
check_rc "text report exits 0" 0
check_grep "text report names our ranker and arxiv-sanity" 'arxiv' "$T/out"

echo '{"task": "broken", "seeds": [' > "$T/bad.jsonl"
run eval radar --tasks "$T/bad.jsonl"
check "a malformed tasks file is refused (exit $RC)" test "$RC" -ne 0 -a "$RC" -lt 128
check_grep "the error names the file" 'bad\.jsonl' "$T/err"

run eval radar --tasks "$T/missing.jsonl"
check_rc "a missing tasks file exits 1" 1
finish

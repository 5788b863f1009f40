#!/usr/bin/env bash
# `academichub eval radar` with the radar's own fields (issue 11, "radars from a few words"):
# a description-only task, a task with keywords, a followed author and a feedback round, and a
# gzipped tasks file, on a tiny library (one real OAI page: 1,000 arXiv cs records of 2016).
source "$(dirname "$0")/lib.sh" "$@"

PAGE=$DATA/arxiv_oai/arxiv_oai_listrecords_arXiv_cs_first_page_2016.xml
run ingest "$PAGE"
check_rc "ingest the OAI page" 0

# Built the way radar-eval's describe tasks are: the class's own name, no seeds; the pool is the
# page's last 400 papers, relevant = listed in the class.
$PY - "$PAGE" > "$T/tasks.jsonl" <<'PY'
import json, sys, xml.etree.ElementTree as ET
ax = "{http://arxiv.org/OAI/arXiv/}"
recs = [(a.find(ax + "id").text, a.find(ax + "categories").text.split())
        for a in ET.parse(sys.argv[1]).getroot().iter(ax + "arXiv")]
pool = [i for i, _ in recs[600:]]
rel = lambda cls: [i for i, c in recs[600:] if cls in c]
print(json.dumps({"task": "describe:cs.IT", "description": "Information Theory", "seeds": [],
                  "candidates": pool, "relevant": rel("cs.IT")}))
# The same words and the page's first cs.IT papers as seeds, then the same radar excluding its
# own topic's words: the fields must reach the ranker, not just parse.
seeds = [i for i, c in recs[:600] if c[0] == "cs.IT"][:5]
print(json.dumps({"task": "mixed:cs.IT", "description": "Information Theory", "seeds": seeds,
                  "candidates": pool, "relevant": rel("cs.IT")}))
print(json.dumps({"task": "excluded:cs.IT", "description": "Information Theory",
                  "exclude": "channel OR coding OR capacity OR information",
                  "candidates": pool, "relevant": rel("cs.IT")}))
liked = rel("cs.LO")[0]
print(json.dumps({"task": "keywords:cs.LO", "query": "logic OR \"model checking\"",
                  "authors": ["Nobody, N."], "feedback": [{"like": [liked]}],
                  "candidates": pool, "relevant": rel("cs.LO")}))
PY
check "tasks file has four tasks" test "$(wc -l < "$T/tasks.jsonl")" -eq 4

run eval radar --tasks "$T/tasks.jsonl" --json
check_rc "eval radar with description and feedback tasks exits 0" 0
tail -n 1 "$T/out" > "$T/last.json"
check_json "every task ranked; the description peers reported; arxiv_sanity for the seeded one" '
assert j["tasks"] == 4, j
names = [t["task"] for t in j["per_task"]]
assert names == ["describe:cs.IT", "mixed:cs.IT", "excluded:cs.IT", "keywords:cs.LO"], names
assert sorted(j["baselines"]) == ["arxiv_sanity", "bm25", "okapi_bm25", "recency",
                                  "tfidf_cosine"], j["baselines"]
for m in [j["ours"]] + list(j["baselines"].values()):
    for k in ("ndcg10", "p10", "ap"):
        assert 0.0 <= m[k] <= 1.0, (k, m)
t = {p["task"]: p for p in j["per_task"]}
assert t["describe:cs.IT"]["ndcg10"] > j["baselines"]["recency"]["ndcg10"], j
# the seeds act (5 papers of the class say more than its name) ...
assert t["mixed:cs.IT"]["ndcg10"] > t["describe:cs.IT"]["ndcg10"], t
# ... and exclude is a filter: the words of the topic pushed below everything else
assert t["excluded:cs.IT"]["ndcg10"] < t["describe:cs.IT"]["ndcg10"], t
assert "rounds" not in t["describe:cs.IT"], t["describe:cs.IT"]
assert len(t["keywords:cs.LO"]["rounds"]) == 2, t["keywords:cs.LO"]
assert len(j["ours_rounds"]) == 2, j
' "$T/last.json"

gzip -c "$T/tasks.jsonl" > "$T/tasks.jsonl.gz"
run eval radar --tasks "$T/tasks.jsonl.gz"
check_rc "a gzipped tasks file is read" 0
check_grep "the text report names the peers and the feedback rounds" 'tfidf_cosine.*' "$T/out"
check_grep "... and ours after the feedback round" 'ours after round 1' "$T/out"

echo '{"task": "typo", "descripton": "Robotics", "candidates": [], "relevant": []}' > "$T/typo.jsonl"
run eval radar --tasks "$T/typo.jsonl"
check "a mistyped field is refused (exit $RC)" test "$RC" -ne 0 -a "$RC" -lt 128
check_grep "the error names the file, the line and the key" 'typo\.jsonl:1: unknown key "descripton"' "$T/err"
finish

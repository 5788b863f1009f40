#!/usr/bin/env bash
# Research radars end to end on the bundled real feeds (three arXiv days of June 2026, bioRxiv,
# medRxiv, journals): create / list / show / edit / delete, seeds by id and from BibTeX, RIS and
# CSL-JSON exports, feedback, the daily run with reasons, already-shown and hidden papers, and
# hostile input leaving the radar unchanged.
source "$(dirname "$0")/lib.sh" "$@"

run ingest "$SAMPLES"
check_rc "ingest the bundled samples" 0

# --- create, list, show ------------------------------------------------------------------------
run radar create agents --description "autonomous agents built on large language models: planning, tool use, memory" \
  --query '"language model" OR LLM OR agent' --exclude "quantum" --author "Yann LeCun"
check_rc "create a radar from a description and keywords" 0
run radar list --json
check_json "list shows it" 'assert [r["name"] for r in j] == ["agents"], j'
run radar show agents --json
check_json "show returns the definition" '
assert j["description"].startswith("autonomous agents"), j
assert j["query"] == "\"language model\" OR LLM OR agent", j
assert j["exclude"] == "quantum" and j["authors"] == ["Yann LeCun"], j
assert j["seeds"] == [] and j["feedback"] == [], j'

run radar create agents --description "again"
check "a second radar of the same name is refused (exit $RC)" test "$RC" -ne 0 -a "$RC" -lt 128
check_grep "the error names the radar" "agents" "$T/err"

# --- run ---------------------------------------------------------------------------------------
run radar run agents --date 2026-06-29 --json --no-record
check_rc "run a day" 0
cp "$T/out" "$T/day1.json"
check_json "ranked array: id, title, score, reasons; best first; on topic" '
assert len(j) == 20, len(j)
for p in j:
    assert p["id"] and p["title"] and isinstance(p["score"], float), p
    assert isinstance(p["reasons"], list) and all(isinstance(r, str) for r in p["reasons"]), p
    assert p["listing_date"] == "2026-06-29", p
assert all(a["score"] >= b["score"] for a, b in zip(j, j[1:])), [p["score"] for p in j]
topical = [p for p in j[:10] if any(w in (p["title"] + " " + p["abstract"]).lower()
                                    for w in ("language model", "llm", "agent"))]
assert len(topical) >= 8, [p["title"] for p in j[:10]]
assert all(p["reasons"] for p in j[:10]), [p["reasons"] for p in j[:10]]'

run radar run agents --date 2026-06-29
check_rc "text run" 0
check_grep "text run prints numbered cards with scores" '^\[1\] arXiv \(' "$T/out"
check_grep "text run prints the reasons" 'score [-0-9.]+ — ' "$T/out"

# Shown papers: a later day does not repeat them; --all does.
ah radar run agents --date 2026-06-29 --json --limit 0 > "$T/shown.json"
run radar run agents --date 2026-06-30 --json --limit 0
check_rc "run the next day" 0
check_json "papers shown on 06-29 are not new on 06-30" '
shown = {p["id"] for p in js[1]}
assert not shown & {p["id"] for p in j}, shown & {p["id"] for p in j}' "$T/out" "$T/shown.json"
run radar run agents --date 2026-06-30 --json --limit 0 --all
check_json "--all includes them again" '
shown = {p["id"] for p in js[1]}
assert len(j) >= len(js[0]), (len(j), len(js[0]))' "$T/out" "$T/shown.json"

# --- feedback ----------------------------------------------------------------------------------
TOP=$(json_get "$T/day1.json" 'j[0]["id"]')
SECOND=$(json_get "$T/day1.json" 'j[1]["id"]')
run radar feedback agents "$TOP" hide
check_rc "hide the top paper" 0
run radar feedback agents "$SECOND" like
check_rc "like the second" 0
run radar feedback agents "$SECOND" adore
check_rc "an unknown action is a usage error" 2
run radar feedback agents 2699.99999 like
check_rc "an unknown paper is exit 1" 1
check_grep "the error names the paper" "2699\.99999" "$T/err"
run radar run agents --date 2026-06-29 --json --all --limit 0
check_json "the hidden paper stays hidden" "assert '$TOP' not in [p['id'] for p in j]"
run radar show agents --json
check_json "feedback is stored with its time" '
assert [(f["paper"], f["action"]) for f in j["feedback"]] == [("'"$TOP"'", "hide"), ("'"$SECOND"'", "like")], j["feedback"]
assert all(f["at"].endswith("Z") for f in j["feedback"])'

# --- seeds -------------------------------------------------------------------------------------
SEED1=$(json_get "$T/day1.json" 'j[2]["id"]')
SEED2=$(json_get "$T/day1.json" 'j[3]["id"]')
run radar create seeded --seed "arXiv:$SEED1" --seed "https://arxiv.org/abs/${SEED2}v1"
check_rc "create from seeds" 0
run radar show seeded --json
check_json "seeds are library keys" "assert j['seeds'] == ['$SEED1', '$SEED2'], j['seeds']"
run radar run seeded --date 2026-06-29 --json --limit 5 --no-record
check_rc "a seed-only radar runs" 0
run radar create ghost --seed 2699.00001
check_rc "an unknown seed is refused" 1
check_grep "the error names the seed" "2699\.00001" "$T/err"
run radar list --json
check_json "nothing was created" 'assert sorted(r["name"] for r in j) == ["agents", "seeded"], j'

# Imports: BibTeX (an entry in the library, one that is not, one malformed), RIS, CSL-JSON.
TITLE3=$(json_get "$T/day1.json" 'j[4]["title"]')
ID3=$(json_get "$T/day1.json" 'j[4]["id"]')
ID4=$(json_get "$T/day1.json" 'j[5]["id"]')
ID5=$(json_get "$T/day1.json" 'j[6]["id"]')
cat > "$T/refs.bib" <<EOF
@article{known2026,
  title = {{$TITLE3}},
  author = {Doe, Jane and Roe, Richard},
  eprint = {$ID3},
  archivePrefix = {arXiv},
  year = {2026}
}
@misc{unknown2026,
  title = {A paper nobody ingested},
  doi = {10.9999/not.here},
  year = {2026}
}
@article{broken2026,
  title = {Unterminated
EOF
ah radar show agents --json > "$T/before.json"
run radar seed import agents "$T/refs.bib"
check_rc "a partly matched BibTeX import exits 1" 1
check_grep "the unknown entry is named" "unknown2026" "$T/err"
run radar show agents --json
check_json "the matched entry became a seed" "assert j['seeds'] == ['$ID3'], j['seeds']"

printf 'TY  - JOUR\r\nTI  - Something\r\nUR  - https://arxiv.org/abs/%sv2\r\nER  - \r\n' "$ID4" > "$T/refs.ris"
run radar seed import agents "$T/refs.ris" --json
check_rc "RIS import" 0
check_json "RIS: one matched" 'assert j["matched"] == 1 and j["added"] == 1, j'
printf '[{"id":"zot1","type":"article","title":"x","number":"arXiv:%s"}]' "$ID5" > "$T/refs.json"
run radar seed import agents "$T/refs.json" --json
check_rc "CSL-JSON import" 0
run radar show agents --json
cp "$T/out" "$T/before.json"
check_json "three seeds now" "assert j['seeds'] == ['$ID3', '$ID4', '$ID5'], j['seeds']"

printf '[{"id": "a", "title": ' > "$T/bad.json"
run radar seed import agents "$T/bad.json"
check "a malformed CSL-JSON file is refused (exit $RC)" test "$RC" -ne 0 -a "$RC" -lt 128
check_grep "the error names the file" "bad\.json" "$T/err"
ah radar show agents --json > "$T/after.json"
check "the radar is unchanged" identical "$T/before.json" "$T/after.json"
head -c 3000 /dev/urandom > "$T/junk.bib"
run radar seed import agents "$T/junk.bib" --format bibtex
check "binary junk is refused (exit $RC)" test "$RC" -ne 0 -a "$RC" -lt 128
ah radar show agents --json > "$T/after.json"
check "the radar is still unchanged" identical "$T/before.json" "$T/after.json"

# --- edit, bad filters, delete -----------------------------------------------------------------
run radar edit agents --category cs.AI --exclude-category cs.AI
check_rc "contradictory filters are refused" 2
check_grep "the error names the category" "cs\.AI" "$T/err"
ah radar show agents --json > "$T/after.json"
check "a refused edit changes nothing" identical "$T/before.json" "$T/after.json"
run radar edit agents --rename llm-agents --category cs.AI
check_rc "rename and filter" 0
run radar run llm-agents --date 2026-06-29 --json --limit 0 --no-record
check_json "only cs.AI papers" 'assert j and all("cs.AI" in p["categories"] for p in j), [p["categories"] for p in j]'
run radar create empty
check_rc "an empty radar can be created" 0
check_grep "with a warning" "nothing to rank by" "$T/err"
run radar run empty
check_rc "running it is a usage error" 2
check_grep "saying why" "nothing to rank by" "$T/err"
run radar delete llm-agents
check_rc "delete" 0
run radar run llm-agents
check_rc "a deleted radar is not found" 1
finish

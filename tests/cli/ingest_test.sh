#!/bin/bash
# End-to-end: `academichub ingest` on real files (issue 2, CLI).
# usage: ingest_test.sh <path-to-academichub> <tests/data dir>
source "$(dirname "$0")/lib.sh" "$@"

DAY=$DATA/arxiv_rss_daily/2026-06-25.xml
ID=2606.25041  # announced "new" (v1) in $DAY

echo "# ingest the bundled samples folder"
run ingest "$SAMPLES"
check_rc "ingest data/samples exits 0" 0
check_grep "report line per file with counts" \
  '2026-06-26\.xml \(arxiv-rss\): [0-9]+ added, [0-9]+ updated, [0-9]+ unchanged, [0-9]+ rejected' "$T/out"
check_grep "summary line with added/updated/unchanged/rejected" \
  '^Ingested 11 file\(s\).*: [1-9][0-9]* added, 0 updated, 0 unchanged, 0 rejected\.$' "$T/out"
N1=$(papers)
check "library has papers after ingest ($N1)" test "$N1" -gt 1000

run ingest "$SAMPLES" --json
check_rc "second ingest of the same folder exits 0" 0
check_json "second ingest: nothing added or updated, all unchanged" '
assert j["added"] == 0, j["added"]
assert j["updated"] == 0, j["updated"]
assert j["rejected"] == 0 and j["files_rejected"] == 0
assert j["unchanged"] == '"$N1"', j["unchanged"]
assert j["files"] == 11 and len(j["per_file"]) == 11
assert all(f["error"] is None and f["added"] == 0 and f["updated"] == 0 for f in j["per_file"]), j["per_file"]'
N2=$(papers)
check "paper count unchanged by the second ingest ($N1 -> $N2)" count_is "$N2" "$N1"

echo "# one arXiv RSS day, then a new version of one item"
DB=$T/day.db
run ingest "$DAY" --json
check_rc "ingest one arXiv RSS day exits 0" 0
check_json "26 papers added from the day" '
assert j["added"] == 26 and j["updated"] == 0 and j["rejected"] == 0, j
assert j["per_file"][0]["format"] == "arxiv-rss", j["per_file"][0]["format"]'
D1=$(papers)
run show "$ID" --json
check_json "$ID starts at version 1 with a new listing" '
assert [v["version"] for v in j["versions"]] == [1], j["versions"]
assert [(l["announce_type"], l["date"]) for l in j["listings"]] == [("new", "2026-06-25")], j["listings"]'

# The same day with one item replaced: v1 -> v2, Announce Type new -> replace.
sed -e "s/arXiv:$ID""v1 Announce Type: new/arXiv:$ID""v2 Announce Type: replace/" \
    -e "s/oai:arXiv.org:$ID""v1/oai:arXiv.org:$ID""v2/" \
    -e "/<link>https:\/\/arxiv.org\/abs\/$ID</,/<\/item>/ s/<arxiv:announce_type>new</<arxiv:announce_type>replace</" \
    "$DAY" >"$T/day-v2.xml"
check "the modified copy differs in exactly 3 lines" \
  test "$(diff "$DAY" "$T/day-v2.xml" | grep -c '^>')" -eq 3
run ingest "$T/day-v2.xml" --json
check_rc "ingest the modified copy exits 0" 0
check_json "modified copy: 1 updated, 25 unchanged, 0 added" '
assert (j["added"], j["updated"], j["unchanged"], j["rejected"]) == (0, 1, 25, 0), j'
check "paper count unchanged by the new version ($D1 -> $(papers))" count_is "$(papers)" "$D1"
run show "$ID" --json
check_rc "show $ID exits 0" 0
check_json "show --json lists versions [1, 2]" '
assert [v["version"] for v in j["versions"]] == [1, 2], j["versions"]
assert j["id"] == "'"$ID"'", j["id"]
assert "replace" in [l["announce_type"] for l in j["listings"]], j["listings"]
assert "new" in [l["announce_type"] for l in j["listings"]], j["listings"]'
run ingest "$T/day-v2.xml" --json
check_json "re-ingesting the modified copy changes nothing" '
assert (j["added"], j["updated"], j["unchanged"]) == (0, 0, 26), j'

echo "# a cross-list of an existing paper on another day"
"$PY" - "$DAY" "$T/cross.xml" "$ID" <<'PYEOF'
import re, sys
src, out, pid = sys.argv[1:]
s = open(src, encoding="utf-8").read()
head = s[: s.index("<item>")]
item = [i for i in re.findall(r"<item>.*?</item>", s, re.S) if "<link>https://arxiv.org/abs/%s</link>" % pid in i][0]
item = item.replace("Announce Type: new", "Announce Type: cross")
item = item.replace("<arxiv:announce_type>new<", "<arxiv:announce_type>cross<")
doc = (head + item + "\n  </channel>\n</rss>\n").replace("25 Jun 2026", "26 Jun 2026")
open(out, "w", encoding="utf-8").write(doc)
PYEOF
ah stats --json >"$T/stats-before.json"
run ingest "$T/cross.xml" --json
check_rc "ingest the cross-list day exits 0" 0
check_json "cross-list: nothing added, the paper updated" '
assert j["added"] == 0 and j["updated"] == 1, j'
ah stats --json >"$T/stats-after.json"
check_json "cross-list adds a listing, not a paper" '
b, a = js
assert a["papers"] == b["papers"], (b["papers"], a["papers"])
assert a["listings"] == b["listings"] + 1, (b["listings"], a["listings"])' "$T/stats-before.json" "$T/stats-after.json"
run show "$ID" --json
check_json "show --json has the cross listing on 2026-06-26" '
assert ("cross", "2026-06-26", "arxiv") in [(l["announce_type"], l["date"], l["source"]) for l in j["listings"]], j["listings"]
assert [v["version"] for v in j["versions"]] == [1, 2], j["versions"]'
run today --date 2026-06-26 --json
check_json "today --date 2026-06-26 shows the cross-listed paper" '
assert [p["id"] for p in j] == ["'"$ID"'"], [p["id"] for p in j]'

echo "# gzip input"
DB=$T/gz.db
gzip -c "$DAY" >"$T/day.xml.gz"
gzip -c "$SAMPLES/pubmed/pubmed_efetch_structured_abstract.xml" >"$T/pubmed.gz"
run ingest "$T/day.xml.gz" "$T/pubmed.gz" --json
check_rc "ingest .gz files exits 0" 0
check_json ".gz inputs are inflated and parsed (26 arXiv + 1 PubMed)" '
f = {p["path"].rsplit("/", 1)[-1]: p for p in j["per_file"]}
assert f["day.xml.gz"]["format"] == "arxiv-rss" and f["day.xml.gz"]["added"] == 26, f
assert f["pubmed.gz"]["format"] == "pubmed" and f["pubmed.gz"]["added"] == 1, f
assert j["bytes"] > 90000, j["bytes"]'
run show pmid:27797938 --json
check_rc "the paper from the gzipped PubMed file is stored" 0

echo "# --format"
DB=$T/fmt.db
cp "$SAMPLES/pubmed/pubmed_efetch_structured_abstract.xml" "$T/pubmed.dat"
run ingest --format pubmed "$T/pubmed.dat" --json
check_rc "--format pubmed on a file without a feed extension exits 0" 0
check_json "--format pubmed: 1 added, format recorded" '
assert j["added"] == 1 and j["per_file"][0]["format"] == "pubmed", j'
run ingest --format arxiv-rss "$T/day.xml.gz" --json
check_rc "--format arxiv-rss on a .gz exits 0" 0
check_json "--format arxiv-rss: 26 added" 'assert j["added"] == 26, j'
run ingest --format nonsense "$DAY"
check_rc "unknown --format exits 2" 2
check_grep "unknown --format: the message names the value" "unknown --format 'nonsense'" "$T/err"
P0=$(papers)
run ingest --format pubmed "$DAY"
check_rc "--format pubmed on an arXiv RSS file exits 1" 1
check_grep "wrong --format: the error names the file and what was found" \
  "2026-06-25\.xml: .*(PubmedArticleSet|pubmed).*(byte|line) [0-9]+" "$T/err"
check "wrong --format stores nothing" count_is "$(papers)" "$P0"
run ingest "$T/does-not-exist.xml"
check_rc "a missing path exits 1" 1
check_grep "a missing path is named in the error" "does-not-exist\.xml" "$T/err"

finish

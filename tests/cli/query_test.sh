#!/bin/bash
# End-to-end: the read commands `show`, `search`, `today`, `stats` and their JSON contract
# (issue 2, CLI). The library is the bundled data/samples plus two arXiv fixtures.
# usage: query_test.sh <path-to-academichub> <tests/data dir>
source "$(dirname "$0")/lib.sh" "$@"

echo "# library: data/samples (main) and two arXiv fixtures (second library)"
run ingest "$SAMPLES"
check_rc "ingest data/samples exits 0" 0
FIX_DB=$T/fixtures.db
"$AH_BIN" --db "$FIX_DB" --config "$CFG" --no-progress ingest \
  "$DATA/arxiv_rss/arxiv_rss_2026_multi_category_4items.xml" \
  "$DATA/arxiv_api/arxiv_api_2026_id_list_oldstyle_id.xml" >/dev/null 2>"$T/err"
RC=$?
check_rc "ingest the arXiv RSS and API fixtures exits 0" 0
# Every paper of the main library, for computing expected result sets independently.
run search 'date:..2999-12-31' --json --limit 100000
check_rc "search with only a date filter exits 0" 0
cp "$T/out" "$T/all.json"
ah stats --json >"$T/stats.json"
check_json "stats --json: papers is a count matching the whole library" '
lib, st = js
assert isinstance(st["papers"], int) and st["papers"] > 1000, st["papers"]
assert st["papers"] == len(lib), (st["papers"], len(lib))
assert len({p["id"] for p in lib}) == len(lib), "duplicate ids"
assert isinstance(st["recent_fetches"], list)
assert st["latest_listing_date"] == max(l["date"] for p in lib for l in p["listings"]), st["latest_listing_date"]' \
  "$T/all.json" "$T/stats.json"

# The show --json contract, shared by every paper object (show, search, today).
CONTRACT='
def contract(p):
    for k in ("id", "title", "abstract", "authors", "categories", "primary_category", "versions",
              "listings", "doi", "journal_ref", "published_version"):
        assert k in p, "missing key %s" % k
    assert isinstance(p["id"], str) and p["id"], p["id"]
    assert isinstance(p["title"], str) and p["title"].strip(), p["title"]
    assert not re.search(r"<[a-zA-Z/][^>]*>|&(amp|lt|gt|quot);", p["title"]), "markup in title: " + p["title"]
    assert isinstance(p["abstract"], str)
    assert not re.search(r"</?(p|b|i|sub|sup|jats:[a-z]+|div|br)\b[^>]*>|&(amp|lt|gt|quot);", p["abstract"]), \
        "markup in abstract: " + p["abstract"][:200]
    assert not re.match(r"\s*arXiv:\S+ Announce Type:", p["abstract"]), "announce prefix kept"
    assert isinstance(p["authors"], list) and all(isinstance(a, str) and a.strip() for a in p["authors"]), p["authors"]
    assert isinstance(p["categories"], list) and all(isinstance(c, str) for c in p["categories"]), p["categories"]
    assert p["primary_category"] is None or p["primary_category"] in p["categories"], p["primary_category"]
    assert isinstance(p["versions"], list)
    for v in p["versions"]:
        assert isinstance(v["version"], int) and v["version"] >= 1, v
    assert isinstance(p["listings"], list) and p["listings"], "no listings"
    for l in p["listings"]:
        assert isinstance(l["source"], str) and l["source"], l
        assert l["date"] is None or re.fullmatch(r"\d{4}-\d\d-\d\d", l["date"]), l
        assert "announce_type" in l, l
    assert p["doi"] is None or (p["doi"] == p["doi"].lower() and p["doi"].startswith("10.")), p["doi"]
    assert p["journal_ref"] is None or isinstance(p["journal_ref"], str)
    pv = p["published_version"]
    assert pv is None or (isinstance(pv, dict) and "doi" in pv and "id" in pv), pv
'

echo "# show --json: arXiv id"
run show 2606.26139 --json
check_rc "show 2606.26139 --json exits 0" 0
check_json "arXiv paper: contract and values" "$CONTRACT"'
contract(j)
assert j["id"] == "2606.26139" and j["arxiv_id"] == "2606.26139", j["id"]
assert j["title"] == "Multiscale Exit-Join Dynamics: Tactical Consensus and Strategic Coalition Formation", j["title"]
assert j["abstract"].startswith("This paper develops a multiscale model"), j["abstract"][:80]
assert j["authors"] == ["Quanyan Zhu"], j["authors"]
assert j["categories"] == ["cs.GT", "cs.AI"] and j["primary_category"] == "cs.GT", j["categories"]
assert [v["version"] for v in j["versions"]] == [1], j["versions"]
assert [(l["source"], l["date"], l["announce_type"]) for l in j["listings"]] == [("arxiv", "2026-06-26", "cross")], j["listings"]
assert j["doi"] is None and j["journal_ref"] is None and j["published_version"] is None'
cp "$T/out" "$T/show-arxiv.json"
for ref in arXiv:2606.26139v1 https://arxiv.org/abs/2606.26139v2 ARXIV:2606.26139; do
  run show "$ref" --json
  check "show $ref finds the same paper (byte-identical JSON)" identical "$T/out" "$T/show-arxiv.json"
done
run show 2606.26139
check_rc "show without --json exits 0" 0
check_grep "show (text) prints the id and title" "Multiscale Exit-Join Dynamics" "$T/out"
ah search 'ti:"Read Channel"' --json --limit 5 >"$T/latex.json"
check_json "arXiv title with \$\\ell\$ keeps its LaTeX; & decoded in another title" '
t = [p["title"] for p in js[0]]
assert "Deletion-Correcting Codes for the $\\ell$-Symbol Read Channel" in t, t
assert any(p["title"] == "See & Sniff: Learning Visuo-Olfactory Representations" for p in js[1]), [p["title"] for p in js[1]]' \
  "$T/latex.json" "$T/all.json"

echo "# show --json: arXiv fixtures with DOI / journal ref"
"$AH_BIN" --db "$FIX_DB" --config "$CFG" show 2205.06398 --json >"$T/out" 2>"$T/err"
RC=$?
check_rc "show 2205.06398 exits 0" 0
check_json "arXiv cross-list with arxiv:DOI: doi and published_version" "$CONTRACT"'
contract(j)
assert j["doi"] == "10.1093/bioinformatics/btac431", j["doi"]
assert j["published_version"]["doi"] == "10.1093/bioinformatics/btac431", j["published_version"]
assert j["authors"] == ["Pritam Dey", "Zhengwu Zhang", "David B. Dunson"], j["authors"]
assert j["primary_category"] == "stat.ME" and "stat.ML" in j["categories"], j["categories"]
assert [v["version"] for v in j["versions"]] == [2], j["versions"]
assert [(l["date"], l["announce_type"]) for l in j["listings"]] == [("2026-09-24", "cross")], j["listings"]'
"$AH_BIN" --db "$FIX_DB" --config "$CFG" show astro-ph/0601001 --json >"$T/out" 2>"$T/err"
RC=$?
check_rc "show astro-ph/0601001 (old-style id) exits 0" 0
check_json "arXiv API entry: journal_ref, affiliations kept out of author names, entities decoded" "$CONTRACT"'
contract(j)
assert j["id"] == "astro-ph/0601001", j["id"]
assert j["journal_ref"] == "ActaAstron.56:1-50,2006", j["journal_ref"]
assert j["authors"] == ["Andrew Gould", "Susan Dorsher", "B. Scott Gaudi", "Andrzej Udalski"], j["authors"]
assert "Gould & Morgan (2003)" in j["abstract"] and "V_max<17.5" in j["abstract"], j["abstract"][:400]
assert not j["abstract"].startswith(" "), "abstract not trimmed"'

echo "# show --json: doi: (bioRxiv, Nature) and pmid: (PubMed)"
run show doi:10.64898/2026.09.04.749492 --json
check_rc "show doi:<bioRxiv DOI> exits 0" 0
check_json "bioRxiv paper by DOI: contract and values" "$CONTRACT"'
contract(j)
assert j["id"] == "doi:10.64898/2026.09.04.749492", j["id"]
assert j["doi"] == "10.64898/2026.09.04.749492", j["doi"]
assert j["authors"][0] == "S. Chhipa" and len(j["authors"]) == 10, j["authors"]
assert j["categories"] == ["cancer biology"], j["categories"]
assert j["abstract"].startswith("Gliomas, particularly glioblastoma (GBM)"), j["abstract"][:80]
assert ("biorxiv", "2026-09-08", "new") in [(l["source"], l["date"], l["announce_type"]) for l in j["listings"]], j["listings"]
assert [v["version"] for v in j["versions"]] == [1], j["versions"]'
run show doi:10.1038/s41586-024-07811-4 --json
check_rc "show doi:<Nature DOI> exits 0" 0
check_json "Nature paper by DOI: markup stripped from the title, authors, journal listing" "$CONTRACT"'
contract(j)
assert j["id"] == "doi:10.1038/s41586-024-07811-4", j["id"]
assert j["title"] == "Catalysis of an SN2 pathway by geometric preorganization", j["title"]
assert j["authors"] == ["Gabriel J. Lovinger", "Marcus H. Sak", "Eric N. Jacobsen"], j["authors"]
assert j["journal"] == "Nature", j["journal"]
assert [(l["source"], l["date"]) for l in j["listings"]] == [("nature", "2024-07-18")], j["listings"]'
cp "$T/out" "$T/show-nature.json"
for ref in https://doi.org/10.1038/S41586-024-07811-4 DOI:10.1038/s41586-024-07811-4; do
  run show "$ref" --json
  check "show $ref finds the same paper (DOI normalised)" identical "$T/out" "$T/show-nature.json"
done
run show pmid:27797938 --json
check_rc "show pmid:27797938 exits 0" 0
check_json "PubMed paper by PMID: structured abstract keeps its labels as plain text" "$CONTRACT"'
contract(j)
assert j["pmid"] == "27797938", j["pmid"]
assert j["doi"] == "10.1136/gutjnl-2016-312510", j["doi"]
for label in ("OBJECTIVE:", "DESIGN:", "RESULTS:", "CONCLUSIONS:"):
    assert label in j["abstract"], label
assert j["authors"][:2] == ["Ying Bao", "Jennifer Prescott"], j["authors"][:2]
assert any(l["source"] == "pubmed" for l in j["listings"]), j["listings"]'

echo "# show: unknown ids"
for ref in 9999.99999 doi:10.9999/does-not-exist pmid:1; do
  run show "$ref" --json
  check_rc "show $ref (not in the library) exits 1" 1
  check_grep "show $ref: the message names the id" "academichub: .*$(printf '%s' "$ref" | sed 's/[.]/\\./g')" "$T/err"
  check "show $ref: nothing on stdout" test ! -s "$T/out"
done

echo "# search --json: fielded queries return items that satisfy them"
# search_check DESC QUERY PYTHON: runs the search (limit 100000); PYTHON sees r (results), lib (every paper), ids(xs).
search_check() {
  local desc=$1 query=$2 code=$3
  run search "$query" --json --limit 100000
  if [ "$RC" -ne 0 ]; then
    _fail "search '$query': $desc" "exit code $RC"
    _stderr_excerpt
    return
  fi
  check_json "search '$query': $desc" "$CONTRACT"'
r, lib = js
ids = lambda xs: {p["id"] for p in xs}
assert isinstance(r, list)
for p in r: contract(p)
assert len(ids(r)) == len(r), "duplicate results"
'"$code" "$T/out" "$T/all.json"
  cp "$T/out" "$T/search-$(printf '%s' "$query" | tr -c 'A-Za-z0-9' '_').json"
}
W='(lambda s: re.findall(r"\w+", s.lower()))'
search_check "every title has a word from the stem transform-, every title with the word is found" 'ti:transformer' "
assert len(r) >= 5, len(r)
assert all(any(w.startswith('transform') for w in $W(p['title'])) for p in r), [p['title'] for p in r]
assert ids(p for p in lib if 'transformer' in $W(p['title'])) <= ids(r)"
search_check "every paper has an author named Zhu; none missed" 'au:zhu' "
assert len(r) >= 5, len(r)
assert all(any('zhu' in $W(a) for a in p['authors']) for p in r), [p['authors'] for p in r if not any('zhu' in $W(a) for a in p['authors'])][:3]
assert ids(p for p in lib if any('zhu' in $W(a) for a in p['authors'])) <= ids(r)"
search_check "every abstract has a word from the stem diffus-; none missed" 'abs:diffusion' "
assert len(r) >= 5, len(r)
assert all(any(w.startswith('diffus') for w in $W(p['abstract'])) for p in r)
assert ids(p for p in lib if 'diffusion' in $W(p['abstract'])) <= ids(r)"
search_check "exactly the papers in category cs.CL" 'cat:cs.CL' "
assert ids(r) == ids(p for p in lib if 'cs.CL' in p['categories']), (len(r), sum('cs.CL' in p['categories'] for p in lib))"
search_check "exactly the papers listed by the Nature feed" 'src:nature' "
assert len(r) == 75, len(r)
assert ids(r) == ids(p for p in lib if any(l['source'] == 'nature' for l in p['listings']))"
search_check "exactly the papers listed by bioRxiv" 'src:biorxiv' "
assert ids(r) == ids(p for p in lib if any(l['source'] == 'biorxiv' for l in p['listings'])), len(r)"
search_check "phrase: every result has the words in sequence; every literal occurrence is found" '"large language models"' "
ph = re.compile(r'\blarg\w*\W+languag\w*\W+model', re.I)
assert len(r) >= 5, len(r)
assert all(ph.search(p['title'] + ' ' + p['abstract']) for p in r), [p['id'] for p in r if not ph.search(p['title'] + ' ' + p['abstract'])][:5]
lit = re.compile(r'\blarge\s+language\s+models\b', re.I)
assert ids(p for p in lib if lit.search(p['title']) or lit.search(p['abstract'])) <= ids(r)"
search_check "author phrase: every result has the author Quanyan Zhu" 'au:"Quanyan Zhu"' "
assert len(r) >= 1 and all('Quanyan Zhu' in p['authors'] for p in r), [p['authors'] for p in r]
assert ids(p for p in lib if 'Quanyan Zhu' in p['authors']) <= ids(r)"
search_check "OR is the union of both sides" 'ti:diffusion OR ti:transformer' "
assert all(any(w.startswith(('diffus', 'transform')) for w in $W(p['title'])) for p in r)
a = json.load(open('$T/search-ti_transformer.json'))
assert ids(a) <= ids(r), 'ti:transformer results missing from the OR'
assert ids(p for p in lib if 'diffusion' in $W(p['title'])) <= ids(r)"
search_check "NOT removes the excluded category" 'ti:transformer NOT cat:cs.CV' "
a = json.load(open('$T/search-ti_transformer.json'))
assert ids(r) == {p['id'] for p in a if 'cs.CV' not in p['categories']}, (len(r), len(a))
assert all('cs.CV' not in p['categories'] for p in r)"
search_check "-term form of NOT" 'ti:transformer -cat:cs.CV' "
a = json.load(open('$T/search-ti_transformer_NOT_cat_cs_CV.json'))
assert ids(r) == ids(a)"
search_check "date range: exactly the papers whose earliest date is in range" 'date:2026-06-26..2026-06-29' "
assert len(r) == 261 + 166, len(r)
assert ids(r) == ids(p for p in lib if dates(p) and '2026-06-26' <= dates(p)[0] <= '2026-06-29')"
search_check "terms combined with a date range" 'cat:cs.CL date:2026-06-30..2026-06-30' "
assert len(r) > 0
assert ids(r) == ids(p for p in lib if 'cs.CL' in p['categories'] and dates(p) and dates(p)[0] == '2026-06-30')"
search_check "a year range reaches the journal papers" 'src:nature date:2024' "
assert len(r) == 75, len(r)"
search_check "no match is an empty array" 'ti:zzyzxqqq' "
assert r == []"
run search 'cat:cs.CL' --json
check_json "search --limit defaults to 20" 'assert len(j) == 20, len(j)'
run search 'ti:transformer' --json --limit 3 --offset 2
check_json "search --limit/--offset page through the same ranking" '
full = json.load(open("'"$T/search-ti_transformer.json"'"))
assert [p["id"] for p in j] == [p["id"] for p in full[2:5]], ([p["id"] for p in j], [p["id"] for p in full[:5]])'
run search 'ti:transformer'
check_rc "search without --json exits 0" 0
check_grep "search (text) prints numbered cards" '^\[1\] ' "$T/out"

echo "# search: malformed queries"
# bad_query QUERY COLUMN
bad_query() {
  run search "$1" --json
  check_rc "search '$1' exits 2" 2
  check_grep "search '$1': the message gives column $2" "column $2\b" "$T/err"
  check "search '$1': nothing on stdout" test ! -s "$T/out"
}
bad_query 'ti:(graph neural' 4
bad_query '(graph OR neural' 1
bad_query 'graph neural)' 13
bad_query '"unterminated phrase' 1
bad_query 'graph OR' 7
run search 'date:2026-13-45' --json
check_rc "search with an impossible date exits 2" 2
check_grep "impossible date: the message names it" "2026-13-45|date" "$T/err"

echo "# today --json"
run today --json
check_rc "today --json exits 0" 0
check_json "today --json: the library's latest listed day, all of its papers" "$CONTRACT"'
t, lib, st = js
day = st["latest_listing_date"]
for p in t: contract(p)
assert t, "empty"
assert all(any(l["date"] == day for l in p["listings"]) for p in t), day
expected = {p["id"] for p in lib if any(l["date"] == day for l in p["listings"])}
assert {p["id"] for p in t} == expected, (len(t), len(expected))' "$T/out" "$T/all.json" "$T/stats.json"
run today --source arxiv --json
check_rc "today --source arxiv --json exits 0" 0
check_json "today --source arxiv: the latest arXiv day (2026-06-30), all 531 papers, new before cross before replace" "$CONTRACT"'
t, lib = js
for p in t: contract(p)
assert len(t) == 531, len(t)
types = []
for p in t:
    ls = [l for l in p["listings"] if l["source"] == "arxiv" and l["date"] == "2026-06-30"]
    assert ls, p["id"]
    types.append(min(["new", "cross", "replace", "replace-cross"].index(l["announce_type"]) for l in ls))
assert types == sorted(types), "not grouped new, cross, replace, replace-cross"
assert {p["id"] for p in t} == {p["id"] for p in lib if any(l["source"] == "arxiv" and l["date"] == "2026-06-30" for l in p["listings"])}' \
  "$T/out" "$T/all.json"
run today --source arxiv --category cs.CL --json
check_rc "today --source arxiv --category cs.CL --json exits 0" 0
check_json "today --category cs.CL: only and all cs.CL papers of that day" '
t, lib = js
assert t and all("cs.CL" in p["categories"] for p in t), [p["categories"] for p in t if "cs.CL" not in p["categories"]][:3]
assert {p["id"] for p in t} == {p["id"] for p in lib if "cs.CL" in p["categories"] and any(l["source"] == "arxiv" and l["date"] == "2026-06-30" for l in p["listings"])}' \
  "$T/out" "$T/all.json"
run today --source arxiv --date 2026-06-26 --json
check_rc "today --date 2026-06-26 --json exits 0" 0
check_json "today --date 2026-06-26: that day's 261 papers" '
assert len(j) == 261, len(j)
assert all(any(l["date"] == "2026-06-26" for l in p["listings"]) for p in j)'
run today --source arxiv --date 2026-06-27 --json
check_rc "today --date on a day without announcements exits 0" 0
check_json "today --date 2026-06-27 (a Saturday): empty array" 'assert j == [], len(j)'
run today --source nature --json
check_json "today --source nature: the Nature feed's latest day" '
assert j and all(any(l["source"] == "nature" for l in p["listings"]) for p in j), len(j)'
run today --source arxiv --limit 5 --json
check_json "today --limit 5: five papers" 'assert len(j) == 5, len(j)'
run today --source arxiv --date 'not-a-date' --json
check_rc "today --date with a malformed date exits 2" 2
run today --source arxiv
check_rc "today (text) exits 0" 0
check_grep "today (text) names the day and the count" "2026-06-30 .* 531 paper" "$T/out"
run today --source no-such-source --json
check_rc "today for a source with no listings exits 0" 0
check_json "today for a source with no listings: empty array" 'assert j == []'

echo "# stats"
run stats --json
check_rc "stats --json exits 0" 0
check_json "stats --json: papers, listings, per-source counts" '
assert isinstance(j["papers"], int) and j["papers"] == len(json.load(open("'"$T/all.json"'")))
assert j["listings"] >= j["papers"]
assert j["papers_by_source"]["arxiv"] == 958 and j["papers_by_source"]["nature"] == 75, j["papers_by_source"]'
run stats
check_rc "stats (text) exits 0" 0
check_grep "stats (text) prints the paper count" "^papers +[0-9]+" "$T/out"

finish

#!/usr/bin/env bash
# End-to-end: seed imports of real reference-manager exports (issue 11, "Seeds from real libraries")
# through the real binary, on a library of the 16 arXiv records of the 2016 harvest that they name
# (tests/data/imports-real/, README there). Each check is a defect found with the full harvest:
# a journal DOI that an arXiv record gives finds nothing, duplicates of one paper fail the import,
# --json prints nothing when nothing matches, a space inside a DOI truncates it silently, spellings
# (Krüger/Krueger, ligatures, TeX, author order, "(Long Version)") miss titles, undefined @string
# macros vanish, "not in the library" warnings are not capped.
# usage: imports_real_test.sh <path-to-academichub> <tests/data dir>
source "$(dirname "$0")/lib.sh" "$@"
R=$DATA/imports-real

echo "# a small library: 16 records of the 2016 arXiv cs harvest"
run ingest "$R/cs2016_oai_slice.xml"
check_rc "the slice is ingested" 0
check "16 papers" count_is "$(papers)" 16

echo "# a journal DOI that an arXiv record gives finds the record"
run show doi:10.1371/journal.pone.0141287 --json
check_rc "show doi:<the journal DOI of 1503.05140>" 0
check_json "it is arXiv 1503.05140" 'assert j["id"] == "1503.05140", j["id"]'
run search 10.1371/journal.pone.0141287 --json
check_json "a search for the DOI finds it too" 'assert [p["id"] for p in j] == ["1503.05140"], j'

ah radar create seeds --description "programming languages and machine learning" >/dev/null 2>&1
seeds() { ah radar show seeds --json | "$PY" -c 'import json,sys; print(" ".join(json.load(sys.stdin)["seeds"]))'; }

echo "# three entries of one paper: every entry is found, one paper, success"
run radar seed import seeds "$R/derived_lmthang_three_duplicates.bib"
check_rc "the import succeeds (exit 0)" 0
check_grep "3 of 3 entries found, 1 distinct paper" \
  "3 of 3 entries found in the library \(1 distinct paper; 2 entries repeat a paper found earlier\), 1 new seed" "$T/out"
check_grep "the repeats are named" "entry 2 .* the same paper as entry 1 'gupta15' .*\(1502\.02551\)" "$T/err"
run radar seed import seeds "$R/derived_lmthang_three_duplicates.bib" --json
check_json "--json: entries 3, matched 3, papers 1" \
  'assert (j["entries"], j["matched"], j["papers"], j["added"]) == (3, 3, 1, 0), j'

echo "# an entry's DOI finds the arXiv paper that gives it as its journal DOI"
run radar seed import seeds "$R/derived_deep-review_output_excerpt.csl.json" --json
check_rc "partly found: exit 1" 1
check_json "the DOI entry is found (deep-review 1E1PWjqTm -> 1503.05140)" \
  'assert (j["entries"], j["matched"], j["papers"]) == (4, 1, 1), j'
check "1503.05140 is a seed" test "$(seeds | grep -c 1503.05140)" = 1

echo "# spellings: Krüger/Krueger, ligatures, TeX in arXiv titles, author order, (Long Version)"
run radar seed import seeds "$R/derived_BU-DiSC_mendeley_excerpt.bib" --json
check_json "Kr{\\\"u}ger finds Krueger's 1109.6885" 'assert j["matched"] == 1, j'
run radar seed import seeds "$R/derived_diegoferigo_zotero_excerpt.bib" --json
check_json "Diﬀerentiation finds 1502.05767" 'assert j["matched"] == 1, j'
run radar seed import seeds "$R/derived_Blaisorblade_zotero_excerpt.bib" --json
check_json "11 of 17 Better BibTeX entries found, 10 papers" \
  'assert (j["entries"], j["matched"], j["papers"]) == (17, 11, 10), j'
S=$(seeds)
for id in 1109.6885 1502.05767 1109.1702 1208.3596 1111.0123 1207.0137 0906.1350 1404.7078 1506.05043 1404.5770 1405.3311; do
  check "seed $id" test "$(echo "$S" | grep -c "$id")" = 1
done
run radar seed import seeds "$R/derived_carlostome_dblp_excerpt.bib" --json
check_json "DBLP: the journal DOI of 1112.3456 and the retitled 1407.7274" \
  'assert j["matched"] == 2, j'

echo "# nothing found: a report, with --json a JSON document, and the radar unchanged"
ah radar show seeds --json >"$T/before.json"
run radar seed import seeds "$R/derived_tudelft_pure_cs_excerpt.bib" --json
check_rc "exit 1" 1
check_json "--json prints the report: 12 entries, none found" \
  'assert (j["entries"], j["matched"], j["papers"], j["added"]) == (12, 0, 0, 0), j'
check_grep "stderr says the radar is unchanged" \
  "none of the 12 entries is in the library; the radar is unchanged" "$T/err"
ah radar show seeds --json >"$T/after.json"
check "the radar is unchanged" identical "$T/before.json" "$T/after.json"

echo "# DOIs: a space inside is repaired and said, a label and proxy hosts recovered"
check_json "10.1371/journal. pone.0287612 is read whole, with a warning" '
w = [x for x in j["warnings"] if "10.1371/journal.pone.0287612" in x]
assert w and "space" in w[0] and "line 89" in w[0], w
assert not any("10.1371/journal)" in x for x in j["warnings"]), j["warnings"]
assert not any("malformed" in x for x in j["warnings"]), j["warnings"]'
run radar seed import seeds "$R/derived_EricMFink_betterCSL_excerpt.json" --json
check_json "EZproxy hosts and <a href> DOIs are not rejected" '
assert not any("malformed" in x for x in j["warnings"]), j["warnings"]
assert any("doi 10.2979/jewisocistud.25.2.05" in x for x in j["warnings"]), j["warnings"]'
run radar seed import seeds "$R/derived_bibfix_embase_excerpt.RIS" --json
check_json "Embase: 10.1519.JSC.x read as 10.1519/JSC.x, with a warning" '
assert any("10.1519/JSC.0b013e318248d789" in x and "line" in x for x in j["warnings"]), j["warnings"]'

echo "# undefined @string macros are named with file and line"
run radar seed import seeds "$R/derived_crcox_jabref_excerpt.bib" --json
check_json "the JabRef author macros are named" '
w = [x for x in j["warnings"] if "TononiG" in x]
assert w and "derived_crcox_jabref_excerpt.bib: entry 1" in w[0] and "(line 6)" in w[0], w
assert "not defined" in w[0] and "3 more uses" in w[0], w'

echo "# not-in-the-library warnings are capped with a count"
run radar seed import seeds "$R/lmthang_thesis__thesis.bib" --json
check_json "290 entries: at most 100 named, then a count" '
nf = [x for x in j["warnings"] if ": not in the library" in x]
assert len(nf) == 100, len(nf)
tail = [x for x in j["warnings"] if "more entries not in the library" in x]
assert len(tail) == 1 and tail[0].endswith("... and %d more entries not in the library" % (j["entries"] - j["matched"] - 100)), tail'

finish

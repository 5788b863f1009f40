#!/bin/bash
# End-to-end: hostile and malformed input to `academichub ingest` (issue 2, Bad input).
# Each bad file must be rejected with exit code 1 (never a crash), with a message naming the
# file and a position or reason, and must leave the library exactly as it was.
# usage: bad_input_test.sh <path-to-academichub> <tests/data dir>
source "$(dirname "$0")/lib.sh" "$@"

DAY=$DATA/arxiv_rss_daily/2026-06-25.xml
ID=2606.25041  # announced in $DAY; its show --json is the reference record
B=$T/bad
mkdir -p "$B"

echo "# baseline library"
run ingest "$DAY" "$SAMPLES/pubmed/pubmed_efetch_structured_abstract.xml"
check_rc "baseline ingest exits 0" 0
BASE_PAPERS=$(papers)
ah show "$ID" --json >"$T/ref.json"
ah show pmid:27797938 --json >"$T/ref-pmid.json"
check "baseline has 27 papers ($BASE_PAPERS)" test "$BASE_PAPERS" = 27

echo "# building the bad inputs"
# An HTML error page saved where XML was expected.
cat >"$B/error_page.xml" <<'EOF'
<!DOCTYPE html>
<html lang="en"><head><title>503 Service Temporarily Unavailable</title></head>
<body><h1>Service Temporarily Unavailable</h1><p>The server is temporarily unable to service your
request due to maintenance downtime or capacity problems. Please try again later.</p></body></html>
EOF
# A truncated feed: the first half of the day with $ID changed (v2, new title), so any partial
# write of the salvageable items would show in the reference record.
sed -e "s/arXiv:$ID""v1 Announce Type: new/arXiv:$ID""v2 Announce Type: replace/" \
    -e "/<link>https:\/\/arxiv.org\/abs\/$ID</,/<\/item>/ s/<title>[^<]*</<title>CHANGED TITLE</" \
    "$DAY" >"$T/day-changed.xml"
head -c $(($(stat -c %s "$T/day-changed.xml") / 2)) "$T/day-changed.xml" >"$B/truncated.xml"
# A JSON error object where an API response was expected.
printf '{"status":"error","message":"Rate limit exceeded. Please retry after 60 seconds."}\n' >"$B/api_error.json"
# A .gz that does not inflate (gzip header, then garbage), and a gzip cut short.
printf '\037\213\010\000\000\000\000\000\000\003this is not deflate data at all' >"$B/corrupt.xml.gz"
gzip -c "$T/day-changed.xml" | head -c 4000 >"$B/cut_short.xml.gz"
# An empty file, a binary file, a huge-ish garbage file (16 MB), deeply nested XML and JSON.
: >"$B/empty.xml"
"$PY" - "$B" <<'PYEOF'
import random, sys
d = sys.argv[1]
r = random.Random(20260625)
open(d + "/binary.xml", "wb").write(bytes(r.getrandbits(8) for _ in range(4096)))
chunk = bytes(r.getrandbits(8) for _ in range(1 << 20))
with open(d + "/huge_garbage.xml", "wb") as f:
    f.write(b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>x</title>\n')
    for _ in range(16):
        f.write(chunk)
open(d + "/deep_nesting.xml", "w").write(
    '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>x</title>' + "<item><title>" * 300000)
open(d + "/deep_nesting.json", "w").write('{"collection":' + "[" * 500000)
PYEOF

# check_rejected FILE [EXTRA-ARGS...]: exit 1, no crash, message names the file and a position or
# reason, library unchanged (paper count and the reference records byte-identical).
check_rejected() {
  local f=$1 name
  shift
  name=$(basename "$f")
  run ingest "$f" "$@"
  if [ "$RC" -ge 128 ]; then
    _fail "$name: no crash" "exit code $RC (killed by signal $((RC - 128)))"
  else
    _pass "$name: no crash (exit $RC)"
  fi
  check_rc "$name: exit code 1" 1
  check_grep "$name: stderr names the file" "${name//./\\.}" "$T/err"
  check_grep "$name: stderr gives the position (byte/line/column N)" \
    "${name//./\\.}: .*(byte|line|offset|column) [0-9]+" "$T/err"
  local now
  now=$(papers)
  check "$name: paper count unchanged ($BASE_PAPERS -> $now)" count_is "$now" "$BASE_PAPERS"
  ah show "$ID" --json >"$T/now.json"
  check "$name: stored paper $ID byte-identical" identical "$T/ref.json" "$T/now.json"
  ah show pmid:27797938 --json >"$T/now-pmid.json"
  check "$name: stored paper pmid:27797938 byte-identical" identical "$T/ref-pmid.json" "$T/now-pmid.json"
}

echo "# each bad file alone"
for f in error_page.xml truncated.xml api_error.json corrupt.xml.gz cut_short.xml.gz empty.xml binary.xml \
         huge_garbage.xml deep_nesting.xml deep_nesting.json; do
  check_rejected "$B/$f"
done
run ingest "$B/error_page.xml"
check_grep "HTML page: the message says it is an HTML page" "error_page\.xml: .*HTML" "$T/err"
run ingest "$B/corrupt.xml.gz"
check_grep "corrupt gzip: the message says it does not inflate, at a byte offset" \
  "corrupt\.xml\.gz: .*(inflate|gzip).*byte [0-9]+" "$T/err"
run ingest "$B/truncated.xml"
check_grep "truncated XML: the message gives a byte or line position" "truncated\.xml: .*(byte|line) [0-9]+" "$T/err"

echo "# forcing a format onto the wrong input"
check_rejected "$B/api_error.json" --format biorxiv
check_rejected "$B/error_page.xml" --format arxiv-rss
check_rejected "$B/deep_nesting.json" --format crossref
check_rejected "$B/deep_nesting.xml" --format feed

echo "# a folder mixing good and bad files"
M=$T/mixed
mkdir -p "$M"
cp "$B"/error_page.xml "$B"/truncated.xml "$B"/api_error.json "$B"/corrupt.xml.gz "$B"/empty.xml "$M"/
cp "$SAMPLES/journals/nature_current_rss1_prism.rss" "$M/nature.rss"
cp "$SAMPLES/biorxiv/biorxiv_api_details_category_cancer_biology_18.json" "$M/biorxiv.json"
run ingest "$M" --json
if [ "$RC" -lt 128 ]; then _pass "mixed folder: no crash"; else _fail "mixed folder: no crash" "exit $RC"; fi
check_rc "mixed folder: exit code 1" 1
check_json "mixed folder: good files stored, bad files reported per file" '
f = {p["path"].rsplit("/", 1)[-1]: p for p in j["per_file"]}
assert j["files"] == 7 and j["files_rejected"] == 5, (j["files"], j["files_rejected"])
assert f["nature.rss"]["added"] == 75 and f["nature.rss"]["error"] is None, f["nature.rss"]
assert f["biorxiv.json"]["added"] == 18 and f["biorxiv.json"]["error"] is None, f["biorxiv.json"]
for bad in ("error_page.xml", "truncated.xml", "api_error.json", "corrupt.xml.gz", "empty.xml"):
    assert f[bad]["error"] and bad in f[bad]["error"], (bad, f[bad]["error"])
    assert f[bad]["added"] == 0 and f[bad]["updated"] == 0, f[bad]
assert j["added"] == 93, j["added"]'
check "mixed folder: library grew by exactly the good files' 93 papers" count_is "$(papers)" "$((${BASE_PAPERS//[!0-9]/} + 93))"
ah show "$ID" --json >"$T/now.json"
check "mixed folder: stored paper $ID byte-identical" identical "$T/ref.json" "$T/now.json"
run show doi:10.1038/s41586-024-07811-4 --json
check_rc "mixed folder: a paper from the good Nature feed is stored" 0

echo "# bad records inside a good feed"
cat >"$B/partly_bad.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Journal of Testing</title><link>https://journal.example.org/</link>
<item><title>A good record</title><link>https://journal.example.org/a/1</link>
  <guid>https://doi.org/10.5555/good.1</guid><description>Fine.</description>
  <pubDate>Mon, 29 Jun 2026 00:00:00 +0000</pubDate></item>
<item><description>A record without a title or link.</description></item>
<item><title>A record with a link but no DOI</title><link>https://journal.example.org/a/3</link></item>
</channel></rss>
EOF
run ingest "$B/partly_bad.xml" --json
check_rc "feed with bad records: exit code 1 (records were rejected)" 1
# The link-only item has no DOI: today the store refuses it ("no identifier"); whether it is stored
# or refused, any refusal must name the file (checked below).
check_json "feed with bad records: the good record is stored, the title-less one counted as rejected" '
assert j["added"] in (1, 2), j
assert j["added"] + j["rejected"] == 3, j
assert j["rejected"] >= 1, j["rejected"]
assert j["files_rejected"] == 0, j'
run show doi:10.5555/good.1 --json
check_rc "feed with bad records: the good record is retrievable by DOI" 0
run ingest "$B/partly_bad.xml"
UNNAMED=$(grep '^rejected:' "$T/err" | grep -v 'partly_bad\.xml')
if [ -z "$UNNAMED" ]; then
  _pass "feed with bad records: every rejection message names the file"
else
  _fail "feed with bad records: every rejection message names the file" "without the file name: $UNNAMED"
fi
check_grep "feed with bad records: rejection messages name the record" \
  "partly_bad\.xml.*(record|item|entry) #?[0-9]+" "$T/err"

finish

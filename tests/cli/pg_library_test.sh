#!/usr/bin/env bash
# The library on PostgreSQL end to end: `--db postgresql://...` ingests the
# sample feeds and then answers today, show, stats and search as the same
# library on SQLite does (byte-identical JSON where the order is defined alike;
# full-text searches find the same papers: stems, diacritics, Chinese, author
# name forms, and "did you mean").
# Needs a server: AH_TEST_POSTGRES_URL (scripts/pg_test_cluster.sh start); the
# test is skipped without one, unless AH_REQUIRE_POSTGRES=1 (CI), where that fails.
source "$(dirname "$0")/lib.sh" "$@"

if [ -z "${AH_TEST_POSTGRES_URL:-}" ]; then
  if [ "${AH_REQUIRE_POSTGRES:-}" = "1" ]; then
    echo "FAIL - AH_REQUIRE_POSTGRES=1 but AH_TEST_POSTGRES_URL is not set"
    exit 1
  fi
  echo "SKIP - no PostgreSQL server (set AH_TEST_POSTGRES_URL: scripts/pg_test_cluster.sh start)"
  exit 0
fi

# A schema of this run's own on the server, dropped at the end.
pg_schema
PGLIB=$PG_URL
SQLITE_DB=$DB

# Runs the same command on both libraries: outputs in $T/sq.out and $T/pg.out
# (stderr: $T/sq.err, $T/pg.err).
both() {
  DB=$SQLITE_DB run "$@"
  local sq_rc=$RC
  cp "$T/out" "$T/sq.out"
  cp "$T/err" "$T/sq.err"
  DB=$PGLIB run "$@"
  cp "$T/out" "$T/pg.out"
  cp "$T/err" "$T/pg.err"
  [ "$sq_rc" -eq 0 ] || RC=$((RC + 100))
}

# The same papers on both (order aside: ts_rank_cd is not bm25), and at least one.
SAME_MATCHES='
a, b = js
ka, kb = sorted(p["id"] for p in a), sorted(p["id"] for p in b)
assert ka and ka == kb, (len(ka), len(kb), sorted(set(ka) ^ set(kb))[:10])
'

# The samples, arXiv RSS, and one Chinese journal article (no recorded source
# carries Chinese text; search_languages_test.sh says more).
both ingest "$SAMPLES" "$DATA/arxiv_rss" "$DATA/crossref/crossref_work_zh_transcribed.json"
check_rc "ingest of the samples and arXiv RSS exits 0 on both backends" 0
check "no folder named after the URL appears" test ! -e "postgresql:"

both stats --json
check_rc "stats --json exits 0" 0
check_json "stats: the same counts on both (papers, listings, DOIs, published versions, days)" '
keys = ["papers", "listings", "with_doi", "with_published_version", "latest_listing_date"]
a, b = js
assert a["papers"] > 20, a
for k in keys: assert a[k] == b[k], (k, a[k], b[k])
' "$T/sq.out" "$T/pg.out"

both today --json
check_rc "today --json exits 0" 0
check "today: the same papers in the same order (byte-identical JSON)" identical "$T/pg.out" "$T/sq.out"

both today --json --date 2026-06-01
check_rc "today --date exits 0 (a day without announcements)" 0
check "today --date: identical on both" identical "$T/pg.out" "$T/sq.out"

for ref in 2606.26139 doi:10.1038/s41586-024-07811-4 pmid:27797938 2205.06398; do
  both show "$ref" --json
  check_rc "show $ref exits 0" 0
  check "show $ref: the same card (byte-identical JSON)" identical "$T/pg.out" "$T/sq.out"
done

both search 'date:..2999-12-31' --json --limit 1000
check_rc "a filter-only search exits 0" 0
check "filter-only search: the same papers, newest first (byte-identical)" identical "$T/pg.out" "$T/sq.out"

# Full text: SQLite's analysis on both (folding, stems, CJK bigrams, author
# name forms): the same papers for every query.
both search '"language model" OR "graph neural"' --json --limit 1000
check_rc "full-text search exits 0" 0
check_json "phrase search: the same matches on both (ranked otherwise: ts_rank_cd, not bm25)" \
  "$SAME_MATCHES" "$T/sq.out" "$T/pg.out"
both search 'model' --json --limit 1000
check_json "a word matches its inflections: the same matches on both" "$SAME_MATCHES" "$T/sq.out" "$T/pg.out"
cp "$T/pg.out" "$T/pg_model.out"
both search 'models' --json --limit 1000
check_json "model and models: the same papers (stems), on both" "$SAME_MATCHES" "$T/pg_model.out" "$T/pg.out"
check_json "...the papers with the form typed first (the exact tier), on both" '
import re
for x in js:
    e = [bool(re.search(r"\bmodels\b", (p["title"] + " " + p.get("abstract", "")).lower())) for p in x]
    assert any(e) and e == sorted(e, reverse=True), e
' "$T/sq.out" "$T/pg.out"
both search 'au:Nguyễn' --json --limit 1000
check_json "diacritics folded: au:Nguyễn finds the Nguyens, the same on both" "$SAME_MATCHES" "$T/sq.out" "$T/pg.out"
cp "$T/pg.out" "$T/pg_nguyen.out"
both search 'au:NGUYEN' --json --limit 1000
check_json "...as au:NGUYEN does" "$SAME_MATCHES" "$T/pg_nguyen.out" "$T/pg.out"
both search 'au:hebrard' --json --limit 1000
check_json "au:hebrard finds Hébrard, the same on both" "$SAME_MATCHES" "$T/sq.out" "$T/pg.out"
both search '插秧机' --json --limit 1000
check_json "Chinese (bigrams): the same article on both" "$SAME_MATCHES" "$T/sq.out" "$T/pg.out"
both search 'au:"Nguyen, M"' --json --limit 1000
check_json "an author name form (family, initial): the same papers on both" "$SAME_MATCHES" "$T/sq.out" "$T/pg.out"
cp "$T/pg.out" "$T/pg_nm.out"
both search 'au:"M Nguyen"' --json --limit 1000
check_json "...as the other order" "$SAME_MATCHES" "$T/pg_nm.out" "$T/pg.out"
both search 'ti:model* AND NOT cat:cs.CV date:2026-01..' --json --limit 1000
check_rc "fielded prefix search with NOT and dates exits 0" 0
check_json "fielded prefix search with NOT and dates: the same matches on both" "$SAME_MATCHES" \
  "$T/sq.out" "$T/pg.out"
both search 'languge modles' --json --limit 1000
check_rc "a misspelled search exits 0" 0
check_grep "a misspelling gets a suggestion on SQLite" "^Did you mean: language models" "$T/sq.err"
check "...and the same on PostgreSQL" identical "$T/pg.err" "$T/sq.err"

# A second ingest of the same files changes nothing.
before=$(DB=$PGLIB papers)
DB=$PGLIB run ingest "$SAMPLES" "$DATA/arxiv_rss"
check_rc "re-ingest on PostgreSQL exits 0" 0
check "re-ingest on PostgreSQL adds no paper" count_is "$(DB=$PGLIB papers)" "$before"

# An unreachable server is named, without its password.
DB="postgresql://ah:s3cret@127.0.0.1:1/library?connect_timeout=5" run today
check "an unreachable server fails" test "$RC" -ne 0
check_grep "...naming host:port/database" "127\.0\.0\.1:1/library" "$T/err"
check "...and never the password" sh -c "! grep -q s3cret '$T/err'"

finish

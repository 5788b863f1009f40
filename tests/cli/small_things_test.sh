#!/usr/bin/env bash
# Small things that cost users trust (issue 11), end to end on real feeds (the June 2026 arXiv
# day in the samples, Nature's recorded RSS, an OpenAlex page): a mistyped --db never becomes
# an empty library; categories no one has are refused with a suggestion; bounds on counts;
# an unknown command is called unknown; a limited day says how much it shows; Nature's
# citation line is no abstract; `radar list` describes every radar; categories in `show`
# are kept apart.
source "$(dirname "$0")/lib.sh" "$@"

DAY=$SAMPLES/arxiv/2026-06-30.xml
NATURE=$DATA/journal_feeds/nature_current_rss1_prism.rss
OPENALEX=$DATA/openalex/openalex_works_list_cursor.json

# --- --db: only commands that fill a library create one ------------------------------------------
TYPO=$T/libary.db
for cmd in "today" "search graph" "show 2606.00001" "stats" "radar list" "radar create x --description y" \
  "brief x --extractive" "tldr 2606.00001 --extractive" "user list" "serve --port 0"; do
  # shellcheck disable=SC2086  # word splitting intended
  # (timeout: a serve that took the missing file for an empty library would serve forever)
  timeout 20 "$AH_BIN" --db "$TYPO" --config "$CFG" --no-progress $cmd >"$T/out" 2>"$T/err"
  RC=$?
  check_rc "--db missing file: $cmd is refused" 2
  check_grep "  ... naming the path and how to make a library" \
    "no library at $TYPO \(--db\): check the path; .fetch. or .ingest PATH\.\.\.. creates" "$T/err"
  check "  ... and creates nothing" test ! -e "$TYPO" -a ! -e "$TYPO-wal"
done
"$AH_BIN" --db "$T" --config "$CFG" today >"$T/out" 2>"$T/err"
RC=$?
check_rc "--db naming a folder is refused" 2
check_grep "  ... saying so" "is a folder, not a library file" "$T/err"
printf 'db = "%s"\n' "$TYPO" >"$T/typo.toml"
"$AH_BIN" --config "$T/typo.toml" today >"$T/out" 2>"$T/err"
RC=$?
check_rc "a config's db_path naming no library is refused" 2
check_grep "  ... naming the config" "no library yet at $TYPO \(db in $T/typo.toml\)" "$T/err"
"$AH_BIN" --config "$CFG" today >"$T/out" 2>"$T/err"
RC=$?
check_rc "no library at the default location yet: refused" 2
check_grep "  ... saying how to make it" "no library yet at $XDG_DATA_HOME/academichub/library.db: .academichub fetch." "$T/err"
"$AH_BIN" --db "$TYPO" --config "$CFG" --create stats --json >"$T/out" 2>"$T/err"
RC=$?
check_rc "--create starts an empty library" 0
check_json "  ... which is empty" 'assert j["papers"] == 0, j'
rm -f "$TYPO" "$TYPO-wal" "$TYPO-shm"
"$AH_BIN" --db "$T/new/sub/lib.db" --config "$CFG" --no-progress -q ingest "$NATURE" >"$T/out" 2>"$T/err"
RC=$?
check_rc "ingest creates a new library (and its folders)" 0
check "  ... there" test -s "$T/new/sub/lib.db"

# The library of the rest: one real arXiv day (531 papers), Nature's feed, an OpenAlex page.
run ingest "$DAY" "$NATURE" "$OPENALEX"
check_rc "ingest the June 30 arXiv day, Nature's RSS and an OpenAlex page" 0

# --- --category: checked against the taxonomies and the library ----------------------------------
run today --category nonsense.XX
check_rc "today --category nonsense.XX is a usage error" 2
check_grep "  ... naming it and what it was checked against" \
  "category 'nonsense.XX' is not an arXiv, bioRxiv or medRxiv category, and no paper in the library has it" "$T/err"
check "  ... printing no listing" test ! -s "$T/out"
run today --category cs.ML --json
check_rc "today --category cs.ML (no such arXiv category) is a usage error" 2
check_grep "  ... suggesting stat.ML" "did you mean 'stat.ML'" "$T/err"
run today --category cs.lg --source arxiv --json
check_rc "today --category cs.lg: an arXiv category in any case" 0
check_json "  ... lists cs.LG papers" 'assert j and all("cs.LG" in p["categories"] for p in j), len(j)'
run today --category q-bio.GN
check_rc "a real arXiv category with no paper in the library is not an error" 0
check_grep "  ... but says so, and how to get it" "in category 'q-bio.GN' \(arXiv\) yet. Add it to \[arxiv\] categories" "$T/out"
run today --category "SARS-CoV-2 and COVID-19 Research" --json
check_rc "a category only the library knows (OpenAlex) is accepted" 0
check_json "  ... and lists its papers" 'assert j and all("SARS-CoV-2 and COVID-19 Research" in p["categories"] for p in j), j'
run radar create typo --description "graph neural networks" --category nonsense.XX
check_rc "radar create --category nonsense.XX is refused" 2
check_grep "  ... naming the category" "category 'nonsense.XX' is not an arXiv" "$T/err"
run radar create typo --description "graph neural networks" --exclude-category "cs.ML"
check_rc "radar create --exclude-category cs.ML is refused" 2
run radar list --json
check_json "  ... and nothing was created" 'assert j == [], j'

# --- bounds on counts --------------------------------------------------------------------------------
run radar create gnn --description "graph neural networks" --category cs.lg
check_rc "a radar to run" 0
run radar show gnn --json
check_json "its category is kept as arXiv spells it" 'assert j["categories"] == ["cs.LG"], j'
for args in "today --limit -5" "today --limit 0" "search graph --limit 0" "search graph --limit -1" \
  "search graph --offset -1" "radar run gnn --limit -1" "radar run gnn --days 0" \
  "brief gnn --papers 0" "brief gnn --papers 501" "brief gnn --days 0" "fetch --retries 21"; do
  # shellcheck disable=SC2086  # word splitting intended
  run $args
  check_rc "$args is a usage error" 2
  check_grep "  ... naming the bound" "must be (at least|between) [0-9]+" "$T/err"
done
run today --limit abc
check_rc "today --limit abc is a usage error" 2
check_grep "  ... saying it is no number" "'abc' is not a whole number" "$T/err"
run radar run gnn --limit 0 --all --no-record --json
check_rc "radar run --limit 0 --all still means every paper (the floor aside)" 0
check_json "  ... more than the default 20" 'assert len(j) > 20, len(j)'

# --- unknown commands ------------------------------------------------------------------------------
run nosuchcommand
check_rc "an unknown command is a usage error" 2
check_grep "  ... called unknown" "unknown command 'nosuchcommand'. Commands: ingest, fetch, today" "$T/err"
check "  ... not 'A subcommand is required'" test -z "$(grep -i 'subcommand is required' "$T/err")"
run serch graph
check_grep "a near miss gets a suggestion" "unknown command 'serch'; did you mean 'search'\?" "$T/err"
run radar lsit
check_rc "radar lsit is a usage error" 2
check_grep "  ... suggesting radar list" "'lsit' is not a command of 'academichub radar'; did you mean 'list'\?" "$T/err"
run radar
check_grep "radar alone lists its commands" "'academichub radar' needs a command: create, list, show" "$T/err"

# --- a limited day says how much it shows ------------------------------------------------------------
TOTAL=$(ah today --source arxiv --json | "$PY" -c 'import json,sys; print(len(json.load(sys.stdin)))')
check "the June 30 arXiv day has 531 papers" test "$TOTAL" = 531
run today --source arxiv --limit 5
check_rc "today --limit 5" 0
check_grep "the headline says 5 of 531, with the day's counts" \
  "^Tuesday 2026-06-30 — showing 5 of 531 papers \([0-9]+ new, [0-9]+ cross-lists(, [0-9]+ replaced)?" "$T/out"
check "  ... and shows 5 cards" test "$(grep -c '^\[[0-9]*\] ' "$T/out")" = 5
run today --source arxiv
check_grep "without a limit: the whole day" "^Tuesday 2026-06-30 — 531 papers: [0-9]+ new" "$T/out"

# --- Nature's citation line is no abstract -----------------------------------------------------------
run show doi:10.1038/s41586-024-07811-4 --json
check_json "an article whose feed text is only Nature's citation line and its title has no abstract" '
assert j["title"] == "Catalysis of an SN2 pathway by geometric preorganization", j["title"]
assert j["abstract"] == "", j["abstract"]'
run show doi:10.1038/d41586-024-02352-2 --json
check_json "a news item keeps its standfirst, without the citation line" '
assert j["abstract"] == "Inhibiting a protein associated with chronic inflammation improves lung health in mice with COVID-19.", j["abstract"]'
run search '"published online"' --json
check_json "no paper in the library says 'Published online' any more" 'assert j == [], [p["id"] for p in j]'

# --- radar list describes every radar ----------------------------------------------------------------
SEED=$(ah today --source arxiv --json --limit 1 | "$PY" -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
run radar create seeds-only --seed "$SEED"
check_rc "a radar from a seed paper alone" 0
run radar create people --author "Yoshua Bengio" --author "Yann LeCun"
check_rc "a radar from authors alone" 0
run radar list
check_grep "a seed-only radar is not blank" "^seeds-only +1 seed paper$" "$T/out"
check_grep "an author-only radar is not blank" "^people +2 authors$" "$T/out"
check_grep "a described radar: its description and filters" "^gnn +graph neural networks · categories cs.LG$" "$T/out"

# --- categories in show ------------------------------------------------------------------------------
run show 'doi:10.1016/s0140-6736(20)30183-5'
check_rc "show an OpenAlex work" 0
check_grep "its categories are kept apart" \
  "^categories +SARS-CoV-2 and COVID-19 Research; COVID-19 Clinical Research Studies; Viral$" "$T/out"
run show "$SEED"
check_grep "arXiv categories too, with the primary one" "^categories +cs\.[A-Z]{2}(; [a-z-]+\.[A-Za-z-]+)* \(primary cs\.[A-Z]{2}\)$|^categories +cs\.[A-Z]{2}$" "$T/out"

finish

#!/usr/bin/env bash
# Sets up and runs every test:
#   1. one ASan+UBSan build with warnings as errors (-Werror) that runs every ctest
#      label: unit, store and e2e (the CLI scripts drive the sanitized binary);
#   2. every libFuzzer target (clang), built and run briefly on the recorded responses.
#   AH_FUZZ_SECONDS=N   seconds per fuzz target (default 10; 0 builds them without running)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --deps
JOBS=$(nproc)

echo "== ASan+UBSan build, -Werror: every test"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$JOBS"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --preset asan -j "$JOBS"
unset ASAN_OPTIONS UBSAN_OPTIONS

echo "== libFuzzer targets"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$JOBS"
secs="${AH_FUZZ_SECONDS:-10}"
if [ "$secs" != "0" ]; then
  for f in build-fuzz/fuzz/*_fuzz; do
    name=$(basename "$f" _fuzz)
    corpus=$(mktemp -d)
    # Seed with the recorded responses of the matching family.
    case "$name" in
      arxiv_rss) cp tests/data/arxiv_rss/* "$corpus"/ ;;
      arxiv_api) cp tests/data/arxiv_api/* "$corpus"/ ;;
      arxiv_oai) cp tests/data/arxiv_oai/*resumption* tests/data/arxiv_oai/*error* tests/data/arxiv_oai/*hep* "$corpus"/ ;;
      biorxiv) cp tests/data/biorxiv/*.json "$corpus"/ ;;
      feed) cp tests/data/journal_feeds/* tests/data/biorxiv/*.xml "$corpus"/ ;;
      crossref) cp tests/data/crossref/crossref_works_query_rows2.json tests/data/crossref/crossref_member98_works_cursor_page1.json "$corpus"/ ;;
      pubmed) cp tests/data/pubmed/pubmed_efetch_compact_1.xml tests/data/pubmed/pubmed_esearch_1.xml "$corpus"/ ;;
      openalex) cp tests/data/openalex/openalex_work_single_2024.json "$corpus"/ ;;
      bibtex) cp tests/data/imports/*.bib "$corpus"/ ;;
      ris) cp tests/data/imports/*.ris tests/data/imports/*.nbib "$corpus"/ ;;
      csl_json) cp tests/data/imports/*.json "$corpus"/ ;;
      llm_sse) cp tests/data/llm/*.sse "$corpus"/ ;;
      llm_answer) cp tests/data/llm/*.json "$corpus"/ ;;
      brief_answer) cp tests/data/brief_llm/*answer* "$corpus"/ 2>/dev/null || true ;;
      *) ;;
    esac
    echo "-- $name (${secs}s)"
    "$f" -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 "$corpus" 2>&1 | tail -n 1
    rm -rf "$corpus"
  done
fi
echo "== all tests passed"

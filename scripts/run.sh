#!/usr/bin/env bash
# The main job: set up, fetch the newest literature (live where the network
# answers, otherwise the real sample feeds bundled in data/samples/), then show
# the latest announced day of the library.
#   scripts/run.sh [--offline] [--db PATH] [academichub today options...]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

AH=build/academichub
DB="${AH_DB:-$PWD/build/library.db}"
offline=0
args=()
while (($#)); do
  case "$1" in
    --offline) offline=1 ;;
    --db) DB="$2"; shift ;;
    *) args+=("$1") ;;
  esac
  shift
done

live=0
if ((offline == 0)); then
  echo "== Fetching the newest papers from the configured sources (arXiv, bioRxiv/medRxiv, journals)"
  if "$AH" --db "$DB" fetch --retries 1; then
    live=1
  else
    rc=$?
    [ $rc -eq 1 ] && live=1  # some sources failed, others answered
  fi
fi
if ((live == 0)); then
  echo "== Offline: the network did not answer. Ingesting the real sample feeds bundled in data/samples/"
  echo "   (three days of arXiv cs.CV+cs.CL+cs.AI from June 2026, and one recorded response per other source)."
  "$AH" --db "$DB" ingest data/samples || true
fi
echo
echo "== Latest announced day (library: $DB)"
"$AH" --db "$DB" today --source arxiv "${args[@]}"

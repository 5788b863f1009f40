#!/usr/bin/env bash
# The main job: set up, fetch the newest literature (live where the network
# answers, otherwise the real sample feeds bundled in data/samples/), show the
# latest announced day of the library, then serve the web app on it (single-user
# mode: a laptop) until Ctrl-C.
#   scripts/run.sh [--offline] [--db PATH] [--port N] [--multi-user] [--no-serve]
#                  [academichub today options...]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

AH=build/academichub
DB="${AH_DB:-$PWD/build/library.db}"
offline=0
serve=1
port="${AH_PORT:-8080}"
mode=(--single-user)
args=()
while (($#)); do
  case "$1" in
    --offline) offline=1 ;;
    --db) DB="$2"; shift ;;
    --port) port="$2"; shift ;;
    --multi-user) mode=() ;;
    --no-serve) serve=0 ;;
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
((${#args[@]})) || args=(--limit 10)
"$AH" --db "$DB" today --source arxiv "${args[@]}"
((serve)) || exit 0
echo
if ((live == 0)); then
  echo "== Serving the web app offline, on the bundled sample feeds (data/samples/), until Ctrl-C"
else
  echo "== Serving the web app until Ctrl-C"
fi
exec "$AH" --db "$DB" serve --port "$port" "${mode[@]}"

#!/usr/bin/env bash
# A longer fuzzing pass than CI's 10-second smoke run (scripts/test.sh), to run by hand:
# every libFuzzer target (or the ones named) for SECONDS each, one after the other on one core,
# in two phases like CI (scripts/fuzz_seeds.sh says why): the first half with small inputs
# (-max_len=65536), the second half with the large and deeply nested ones (-max_len=1048576).
#   corpora   build-fuzz/corpus/TARGET/{small,large}/  kept between runs (a rerun continues),
#             first seeded by scripts/fuzz_seeds.sh
#   findings  build-fuzz/crashes/TARGET/  crash-*, leak-*, timeout-*, oom-*, slow-unit-* files
#   logs      build-fuzz/logs/TARGET.{small,large}.log
#   summary   build-fuzz/fuzz_long_summary.md (also printed): per phase, executions, exec/s,
#             coverage (edges) and features when the corpus was loaded and at the end, corpus
#             size, findings
# usage: scripts/fuzz_long.sh [-t SECONDS] [--no-build] [TARGET...]
#   -t SECONDS   per target, both phases together (default 120)
#   --no-build   use the fuzz targets already in build-fuzz/
# Exits 1 when any target found something (reproduce: build-fuzz/fuzz/TARGET_fuzz FILE).
set -uo pipefail
cd "$(dirname "$0")/.."
secs=120
build=1
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    -t) secs=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
if [ "$build" = 1 ]; then
  cmake --preset fuzz >/dev/null || exit 3
  cmake --build --preset fuzz -j 2 || exit 3
fi
if [ ${#targets[@]} -eq 0 ]; then
  for f in build-fuzz/fuzz/*_fuzz; do targets+=("$(basename "$f" _fuzz)"); done
fi
mkdir -p build-fuzz/logs
summary=build-fuzz/fuzz_long_summary.md
{
  echo "| target | phase | seconds | executions | exec/s | cov loaded | cov end | ft loaded | ft end | corpus | findings |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
} >"$summary"
field() { sed -nE "s/.* $1: ([0-9]+[A-Za-z]*).*/\1/p" <<<"$2"; }
found=0
for t in "${targets[@]}"; do
  bin=build-fuzz/fuzz/${t}_fuzz
  if [ ! -x "$bin" ]; then
    echo "no such fuzz target: $bin" >&2
    exit 2
  fi
  corpus=build-fuzz/corpus/$t
  crashes=build-fuzz/crashes/$t
  mkdir -p "$crashes"
  [ -d "$corpus/small" ] || scripts/fuzz_seeds.sh "$t" "$corpus/small" "$corpus/large"
  first=$(((secs + 1) / 2))
  second=$((secs - first > 0 ? secs - first : 1))  # never 0: that would mean no limit
  for phase in small large; do
    log=build-fuzz/logs/$t.$phase.log
    echo "-- $t, $phase inputs"
    start=$(mktemp)
    if [ "$phase" = small ]; then
      "$bin" -max_total_time="$first" -max_len=65536 -rss_limit_mb=2048 -timeout=30 \
        -print_final_stats=1 -artifact_prefix="$crashes/" "$corpus/small" >"$log" 2>&1
    else
      "$bin" -max_total_time="$second" -max_len=1048576 -rss_limit_mb=2048 -timeout=30 \
        -print_final_stats=1 -artifact_prefix="$crashes/" "$corpus/large" "$corpus/small" >"$log" 2>&1
    fi
    rc=$?
    # libFuzzer's status lines: "#N INITED cov: C ft: F corp: ..." first, "#N DONE ..." last.
    inited=$(grep -m1 -E '^#[0-9]+[[:space:]]+INITED' "$log")
    last=$(grep -E '^#[0-9]+[[:space:]]+(INITED|NEW|REDUCE|pulse|DONE|RELOAD)' "$log" | tail -n 1)
    execs=$(sed -nE 's/^stat::number_of_executed_units: ([0-9]+)/\1/p' "$log")
    rate=$(sed -nE 's/^stat::average_exec_per_sec: +([0-9]+)/\1/p' "$log")
    corp=$(sed -nE 's/.* corp: ([0-9]+\/[0-9]+[A-Za-z]*).*/\1/p' <<<"$last")
    findings=$(find "$crashes" -type f -newer "$start" | wc -l)  # this run's only
    rm -f "$start"
    what=none
    if [ "$rc" -ne 0 ] || [ "$findings" -gt 0 ]; then
      found=1
      what="$findings file(s) in $crashes (exit $rc)"
      grep -m1 -E 'ERROR: (libFuzzer|AddressSanitizer|UndefinedBehaviorSanitizer|LeakSanitizer)|runtime error' "$log" >&2
    fi
    n=$first
    [ "$phase" = large ] && n=$second
    echo "| $t | $phase | $n | ${execs:-?} | ${rate:-?} | $(field cov "$inited") | $(field cov "$last") | $(field ft "$inited") | $(field ft "$last") | ${corp:-?} | $what |" >>"$summary"
    tail -n 1 "$summary"
  done
done
echo
cat "$summary"
exit "$found"

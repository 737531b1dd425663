#!/usr/bin/env bash
# Runs the tests ctest selects N times on a busy machine (scripts/with-load.sh) and counts, per
# test, how often it failed: a test that fails once in five under load waits for the machine
# somewhere instead of for what it needs. Uses the `ci` build (scripts/test.sh builds it).
#   scripts/flake-hunt.sh 5 -L integration
#   scripts/flake-hunt.sh 3 -R 'WarmPool|CpuStandby'
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:?usage: scripts/flake-hunt.sh RUNS [ctest arguments]}"
shift
out="build/ci/flake-hunt"
rm -rf "$out"
mkdir -p "$out"
for ((i = 1; i <= runs; ++i)); do
  echo "flake-hunt: run $i of $runs" >&2
  scripts/with-load.sh ctest --preset ci -j2 --no-tests=error --timeout 600 "$@" >"$out/run-$i.log" 2>&1 || true
  grep -Eo '^[[:space:]]*[0-9]+ - [^ ]+ \((Failed|Timeout|Not Run|Exception|SEGFAULT|Subprocess aborted)\)' \
    "$out/run-$i.log" | sed -E 's/^[[:space:]]*[0-9]+ - //' >>"$out/failures.txt" || true
  grep -E 'tests passed, [0-9]+ tests failed out of' "$out/run-$i.log" >&2 || echo "run $i: no ctest summary" >&2
done
echo "failures per test over $runs run(s) (logs in $out):"
if [[ -s "$out/failures.txt" ]]; then
  sed -E 's/ \(.*\)$//' "$out/failures.txt" | sort | uniq -c | sort -rn
  exit 1
fi
echo "  none"

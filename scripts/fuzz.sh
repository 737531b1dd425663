#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset: clang, ASan, UBSan) and runs each one, from
# its corpus in fuzz/corpus/<target>, for SECONDS (default 600: the issue's 10 minutes), then
# prints executions per second and coverage. --smoke runs each for 15 s (CI). A crash stops the
# run with the input that caused it saved as build/fuzz/crash-*: replay it with
#   build/fuzz/fuzz/fuzz_<target> build/fuzz/crash-<hash>
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=600
if [[ "${1:-}" == "--smoke" ]]; then seconds=15; elif [[ -n "${1:-}" ]]; then seconds="$1"; fi

scripts/setup-deps.sh
cmake --preset fuzz >/dev/null
targets=(vast_json gcp_json api_request nvidia_smi restic_json rsync_progress)
cmake --build --preset fuzz --target "${targets[@]/#/fuzz_}"

work="build/fuzz/corpus"
printf '%-16s %10s %12s %10s %8s\n' target seconds executions exec/s cov
for t in "${targets[@]}"; do
  # New inputs grow a working copy; the repository keeps its small seed corpus.
  mkdir -p "$work/$t"
  cp -n fuzz/corpus/$t/* "$work/$t/" 2>/dev/null || true
  log="build/fuzz/$t.log"
  if ! (cd build/fuzz && "fuzz/fuzz_$t" -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048 \
        -artifact_prefix="$PWD/" "corpus/$t") >"$log" 2>&1; then
    echo "fuzz_$t FAILED; see $log" >&2
    tail -30 "$log" >&2
    exit 1
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
  printf '%-16s %10s %12s %10s %8s\n' "$t" "$seconds" "$execs" "$rate" "$cov"
done

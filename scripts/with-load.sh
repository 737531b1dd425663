#!/usr/bin/env bash
# Runs a command on a busy machine: one CPU-bound process pinned to each core, at a lower
# priority than the command (nice 10), for as long as the command runs. The tests meet what a
# researcher's laptop does while it builds or trains beside them: fewer cycles, later wake-ups.
#   scripts/with-load.sh ctest --preset ci -R WarmPool
# GPF_LOAD_NICE sets the busy processes' niceness (0 = the same priority as the tests).
set -euo pipefail

nice_level="${GPF_LOAD_NICE:-10}"
busy=()
stop_load() {
  if ((${#busy[@]})); then
    kill "${busy[@]}" 2>/dev/null || true
    wait "${busy[@]}" 2>/dev/null || true
  fi
}
trap stop_load EXIT INT TERM

for ((cpu = 0; cpu < $(nproc); ++cpu)); do
  taskset -c "$cpu" nice -n "$nice_level" sh -c 'while :; do :; done' &
  busy+=("$!")
done
echo "with-load: ${#busy[@]} busy process(es) at nice $nice_level beside: $*" >&2
"$@"

#!/bin/sh
# CI's soak: five seeds of random faults on a warm pool, each judged by the engine's
# own check (gpufailover-lab's exit status) and by the independent checker (tools/historycheck).
# Usage: soak-check.sh <bin-dir> <source-dir> [seeds]
set -eu
[ "$(id -u)" -eq 0 ] || { echo "soak skipped: test hosts (sshd in namespaces) need root"; exit 77; }
bin="$1"
src="$2"
seeds="${3:-1-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin/gpufailover-lab" --soak "$seeds" --faults 4 --data-dir "$work/d" --config-dir "$work/c" \
  --report "$work/report.json" 2>"$work/err.txt" || { tail -20 "$work/err.txt" >&2; exit 1; }
for dir in "$work"/d/soak-*; do
  python3 "$src/tools/historycheck/historycheck.py" --acks "$dir/history/acks.log" --volume "$dir/history/writes.log"
done

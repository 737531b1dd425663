#!/usr/bin/env bash
# Local API throughput: GET /api/warmpool/status at increasing concurrency, with the engine
# running (demo pool on the simulated cloud, health rounds every 0.5 s real). Uses Debian's wrk.
#   bench/api_bench.sh [build dir, default build/default]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/default}"
command -v wrk >/dev/null || { sudo=""; [[ $(id -u) -ne 0 ]] && sudo=sudo; $sudo apt-get install -y -qq wrk >/dev/null; }
tmp=$(mktemp -d)
trap 'kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true; rm -rf "$tmp"' EXIT
"$build/bin/gpufailover-lab" --api-port 0 --config-dir "$tmp/c" --data-dir "$tmp/d" >"$tmp/out" 2>/dev/null &
daemon=$!
for _ in $(seq 100); do grep -q "API on" "$tmp/out" 2>/dev/null && break; sleep 0.2; done
port=$(cat "$tmp/c/api-port")
token=$(cat "$tmp/c/api-token")
for _ in $(seq 100); do
  curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/warmpool/status" | grep -q '"state":"active"' && break
  sleep 0.2
done
printf "%-12s %12s %10s %10s\n" connections "requests/s" "p50 ms" "p99 ms"
for c in 1 8 32 64; do
  threads=$(( c < 2 ? 1 : 2 ))
  out=$(wrk -t "$threads" -c "$c" -d 5s --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/warmpool/status")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  printf "%-12s %12s %10s %10s\n" "$c" "$rps" "$p50" "$p99"
done

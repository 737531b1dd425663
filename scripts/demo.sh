#!/usr/bin/env bash
# Runs the demo on the embedded simulated cloud: installs what is missing, builds, then opens the
# desktop app with --demo, or, without a display, runs the headless daemon in demo mode.
# Nothing here touches your real settings: the demo uses its own directories under build/.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default

demo_home="build/demo"
mkdir -p "$demo_home"
common=(--demo --config-dir "$demo_home/config" --data-dir "$demo_home/data")

if [[ -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ]]; then
  exec build/default/bin/gpufailover "${common[@]}" "$@"
fi
echo "demo: no display found; running the headless daemon (Ctrl+C to stop)" >&2
exec build/default/bin/gpufailoverd "${common[@]}" --api-port 0 "$@"

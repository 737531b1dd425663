#!/usr/bin/env bash
# Runs the demo on the embedded simulated cloud: installs what is missing, builds, then
#  - with a display: opens the desktop app with --demo (Demo menu: kill or hang the primary, drill);
#  - without one: runs the warm-pool failover story to the end and prints its timeline and report.
# The simulated machines are real sshd servers in their own namespaces, which needs root: the
# script uses sudo when you are not root. Nothing here touches your real settings or keys.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default

demo_home="$PWD/build/demo"
mkdir -p "$demo_home"
common=(--demo --config-dir "$demo_home/config" --data-dir "$demo_home/data")

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  SUDO=(sudo --preserve-env=DISPLAY,WAYLAND_DISPLAY,XAUTHORITY,XDG_RUNTIME_DIR)
fi

if [[ -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ]]; then
  exec "${SUDO[@]}" build/default/bin/gpufailover "${common[@]}" "$@"
fi
echo "demo: no display; running the warm-pool failover story on the simulated cloud" >&2
exec "${SUDO[@]}" build/default/bin/gpufailoverd "${common[@]}" --scenario warm-pool-failover \
  --report "$demo_home/warm-pool-failover.json" "$@"

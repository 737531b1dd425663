#!/usr/bin/env bash
# Runs the demo: the user's own programs in real mode, against gpufailover-sim, the simulated
# Vast.ai and GCP, started here as an outside service. Only the API URLs differ from a real account.
#  - with a display: the desktop app (gpufailover --simulator URL) opens its wizard with the
#    simulator's keys typed in; its Demo menu kills or hangs the primary, or loses the whole host,
#    through the simulator's API;
#  - without one: the headless story (scripts/demo-story.sh): gpufailoverd and gpufailoverctl create
#    a pool, the simulator kills its primary, the standby takes over, the pool is destroyed.
# The simulated machines are real sshd servers in their own namespaces, which needs root: the
# script uses sudo for the simulator when you are not root. The keys go into a throwaway keyring of
# the demo's own; your keychain and your settings are never touched.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default
bin="$PWD/build/default/bin"

demo_home="$PWD/build/demo"
SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  SUDO=(sudo)
  sudo -v # ask for the password now, not behind a background job
fi

if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo "demo: no display; telling the headless story on the simulated cloud" >&2
  "${SUDO[@]}" rm -rf "$demo_home/story"
  exec "${SUDO[@]}" tests/support/with-keyring.sh scripts/demo-story.sh "$bin" "$demo_home/story"
fi

# A fresh simulated cloud for each demo, and fresh settings: the story starts at the wizard.
"${SUDO[@]}" rm -rf "$demo_home"
mkdir -p "$demo_home"
"${SUDO[@]}" "$bin/gpufailover-sim" --time-scale 20 --hosts-dir "$demo_home/hosts" \
  >"$demo_home/sim.out" 2>"$demo_home/sim.log" &
sim_pid=$!
trap '"${SUDO[@]}" kill "$sim_pid" 2>/dev/null || true; wait 2>/dev/null || true' EXIT
for _ in $(seq 60); do
  grep -q '^vast: http' "$demo_home/sim.out" 2>/dev/null && break
  kill -0 "$sim_pid" 2>/dev/null || { cat "$demo_home/sim.log" >&2; exit 1; }
  sleep 0.5
done
sim_url=$(sed -n 's/^vast: \(http[^ ]*\).*/\1/p' "$demo_home/sim.out")
[[ -n "$sim_url" ]] || { echo "demo: the simulator did not start" >&2; cat "$demo_home/sim.log" >&2; exit 1; }
echo "demo: simulator at $sim_url (its log: $demo_home/sim.log)"

# The app in a D-Bus session of its own with an unlocked throwaway keyring. The display stays the
# user's: X11's cookie and Wayland's socket are named by absolute paths before HOME moves.
export XAUTHORITY="${XAUTHORITY:-$HOME/.Xauthority}"
if [[ -n "${WAYLAND_DISPLAY:-}" && "$WAYLAND_DISPLAY" != /* ]]; then
  export WAYLAND_DISPLAY="${XDG_RUNTIME_DIR:-/run/user/$(id -u)}/$WAYLAND_DISPLAY"
fi
export HOME="$demo_home/home" XDG_DATA_HOME="$demo_home/home/data" XDG_RUNTIME_DIR="$demo_home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
dbus-run-session -- sh -c '
  printf %s gpufailover-demo | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' demo "$bin/gpufailover" --simulator "$sim_url" \
  --config-dir "$demo_home/config" --data-dir "$demo_home/data" "$@"

#!/usr/bin/env bash
# Installs every Debian 12 package the build, the tests and the demo need.
# Idempotent: packages already present are skipped, so a warm machine pays ~1 s.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config git clang-format
  # Qt 6.4 (Debian 12)
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-scxml-dev qt6-httpserver-dev
  qt6-websockets-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libqt6sql6-sqlite
  libqt6svg6 qt6-qpa-plugins libgl-dev libqt6opengl6-dev
  # libraries
  qtkeychain-qt6-dev libssh-dev libssl-dev libgtest-dev libgmock-dev libbenchmark-dev
  # real tools the product drives
  openssh-server openssh-client rsync restic
  # tests: real Secret Service, headless display
  dbus dbus-x11 gnome-keyring libsecret-tools xvfb xauth iproute2 procps nftables util-linux
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  SUDO="sudo"
fi

echo "setup-deps: installing ${#missing[@]} package(s): ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup-deps: done" >&2

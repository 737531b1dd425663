#!/usr/bin/env bash
# Installs every Debian 12 package the build, the tests and the demo need.
# Idempotent: packages already present are skipped, so a warm machine pays ~1 s.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config git clang-format ccache
  # libFuzzer targets (scripts/fuzz.sh)
  clang
  # Qt 6.4 (Debian 12)
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-scxml-dev qt6-httpserver-dev
  qt6-websockets-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libqt6sql6-sqlite
  libqt6svg6 qt6-qpa-plugins libgl-dev libqt6opengl6-dev
  # libraries
  qtkeychain-qt6-dev libssh-dev libssl-dev libgtest-dev libgmock-dev libbenchmark-dev
  # real tools the product drives
  openssh-server openssh-client rsync restic
  # the CPU standby writes its manifests with python3 (Debian images have it; test hosts borrow ours)
  python3
  # tests: real Secret Service, headless display, test hosts, a real S3 server (s3rver, from npm)
  # packaging checks: the .deb, its desktop file and AppStream metainfo
  dpkg-dev lintian desktop-file-utils appstream librsvg2-bin
  # (trayer: a real XEmbed system tray under Xvfb for the tray tests)
  dbus dbus-x11 gnome-keyring libsecret-tools xvfb xauth trayer iproute2 procps nftables util-linux openssl
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

install_s3rver() {
  # The snapshot tests run restic against a real S3 server on loopback (s3rver, pinned in
  # tools/s3rver/package-lock.json). Node comes from the machine, or Debian's package.
  local dir
  dir="$(cd "$(dirname "$0")/.." && pwd)/tools/s3rver"
  if [[ ! -x "$dir/node_modules/.bin/s3rver" ]]; then
    command -v npm >/dev/null || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null; }
    echo "setup-deps: installing s3rver (npm)" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  SUDO="sudo"
fi

if ((${#missing[@]} == 0)); then
  install_s3rver
  exit 0
fi

echo "setup-deps: installing ${#missing[@]} package(s): ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
install_s3rver
echo "setup-deps: done" >&2

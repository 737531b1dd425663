#!/usr/bin/env bash
# Regenerates docs/screenshots/: the main window, events, charts, every wizard page and the tray
# menu, in English and Brazilian Portuguese. Runs the screenshot test on a virtual X display
# (Xvfb) with a real system tray, against the demo's simulated cloud (root, as the demo: sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup-deps.sh
cmake --preset ci >/dev/null
cmake --build --preset ci --target gui_tests gpufailoverd

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  SUDO=(sudo)
fi
out="$PWD/docs/screenshots"
mkdir -p "$out"
"${SUDO[@]}" env GPF_SCREENSHOTS_DIR="$out" QT_QPA_PLATFORM=xcb \
  tests/support/with-tray.sh build/ci/tests/gui_tests --gtest_filter='DesktopAppTest.Screenshots*'
echo "screenshots: $(ls "$out"/*.png | wc -l) images in $out"

#!/usr/bin/env bash
# The whole test suite from a fresh Debian 12 machine: installs what is missing, configures,
# builds (warnings are errors) and runs ctest. Extra arguments go to ctest (e.g. -L unit).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup-deps.sh
cmake --preset ci >/dev/null
cmake --build --preset ci
# Two cores: run two tests at a time. --no-tests=error: a suite that runs nothing is a failure.
ctest --preset ci -j2 --no-tests=error --timeout 600 "$@"

#!/usr/bin/env bash
# The whole test suite from a fresh Debian 12 machine: installs what is missing, configures,
# builds (warnings are errors) and runs ctest. Extra arguments go to ctest (e.g. -L unit).
# Then, in a second build with clang, ASan and UBSan: the unit tests, and each libFuzzer target
# for a short smoke run (scripts/fuzz.sh runs them for as long as asked).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup-deps.sh
cmake --preset ci >/dev/null
cmake --build --preset ci
# Two cores: run two tests at a time. --no-tests=error: a suite that runs nothing is a failure.
ctest --preset ci -j2 --no-tests=error --timeout 600 "$@"

# Sanitizers (issue 12): the engine's unit tests (domain, journal, settings, parsers, cost model,
# failure detector) under ASan + UBSan. Qt's own allocations are not ours to chase: no leak check.
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 build/fuzz/tests/unit_tests --gtest_brief=1
scripts/fuzz.sh --smoke

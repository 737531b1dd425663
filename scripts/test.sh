#!/usr/bin/env bash
# The whole test suite from a fresh Debian 12 machine: installs what is missing, configures,
# builds (warnings are errors) and runs ctest. Extra arguments go to ctest (e.g. -L unit).
# Then, in a second build with clang, ASan and UBSan: the unit tests, a representative part of the
# integration tests, and each libFuzzer target for a short smoke run (scripts/fuzz.sh runs them
# for as long as asked).
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
sanitized=(env ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1)
"${sanitized[@]}" build/fuzz/tests/unit_tests --gtest_brief=1
# And the real paths end to end, the part that fits in CI's time: SSH (libssh on worker
# threads), rsync generations, the simulated Vast.ai and GCP over HTTP with their faults, the
# local API, and the warm pool's failovers, including a restart at each step. The rest of the
# suite under sanitizers: the gcc `sanitize` preset (docs/reliability.md).
"${sanitized[@]}" build/fuzz/tests/integration_tests --gtest_brief=1 --gtest_filter='SyncTest.*:RemoteSshTest.*:VastSimTest.*:GcpSimTest.*:ApiTest.*:WarmPoolTest.AKilled*:WarmPoolTest.AHung*:WarmPoolTest.SshAlone*:WarmPoolTest.AnOldPrimary*:WarmPoolTest.AStopAndAStart*:AtEachStep/WarmPoolRestartTest.*'
scripts/fuzz.sh --smoke

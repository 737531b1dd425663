#!/usr/bin/env bash
# The whole test suite from a fresh Debian 12 machine: installs what is missing, configures,
# builds (warnings are errors) and runs ctest. Extra arguments go to ctest (e.g. -L unit).
# Then, in a second build with clang, ASan and UBSan: the unit tests, a representative part of the
# integration tests, and each libFuzzer target for a short smoke run (scripts/fuzz.sh runs them
# for as long as asked).
#
#   scripts/test.sh                 the whole suite, as CI runs it
#   scripts/test.sh -L unit         only what ctest selects (extra arguments go to ctest)
#   scripts/test.sh --under-load    ctest (with any extra arguments) on a busy machine: one
#                                   CPU-bound process per core beside it (scripts/with-load.sh);
#                                   GPF_UNDER_LOAD=1 means the same
set -euo pipefail
cd "$(dirname "$0")/.."

under_load="${GPF_UNDER_LOAD:-0}"
args=()
for a in "$@"; do
  if [[ "$a" == "--under-load" ]]; then under_load=1; else args+=("$a"); fi
done

scripts/setup-deps.sh
# A compiler cache: a later run on this machine (CI builds a clean clone of a commit built before)
# compiles only what changed. Paths are hashed relative to the checkout, so clones share it; the
# tests' own absolute paths are compile definitions, which stay in the hash.
export CMAKE_CXX_COMPILER_LAUNCHER=ccache CMAKE_C_COMPILER_LAUNCHER=ccache
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
cmake --preset ci >/dev/null
cmake --build --preset ci

# Two cores: run two tests at a time. --no-tests=error: a suite that runs nothing is a failure.
# A skipped test is one more failure here: CI must never pass on a test that did not run.
run_ctest() {
  local log
  log="$(mktemp)"
  set +e
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  set -e
  if ((rc == 0)) && grep -Eq '^[[:space:]]*[0-9]+ - .*\(Skipped\)$' "$log"; then
    echo "test.sh: tests were skipped; every test must run" >&2
    rc=1
  fi
  rm -f "$log"
  return "$rc"
}
ctest_cmd=(ctest --preset ci -j2 --no-tests=error --timeout 600)

if [[ "$under_load" == 1 ]]; then
  run_ctest scripts/with-load.sh "${ctest_cmd[@]}" ${args[@]+"${args[@]}"}
  exit 0
fi
if ((${#args[@]})); then
  run_ctest "${ctest_cmd[@]}" "${args[@]}"
  exit 0 # a selection of tests asked for: no second pass
fi

# The engine's timing-sensitive paths (the warm pool, the CPU standby and the scenarios) run on a
# busy machine: they must wait for what they need, never for the machine to be fast. They run
# once, there, as the harder of the two conditions; everything else runs on an idle machine.
under_load_tests='WarmPool|CpuStandby|Scenario'
run_ctest "${ctest_cmd[@]}" -E "$under_load_tests"
run_ctest scripts/with-load.sh "${ctest_cmd[@]}" -R "$under_load_tests"

# Sanitizers: the engine's unit tests (domain, journal, settings, parsers, cost model,
# failure detector) under ASan + UBSan. Qt's own allocations are not ours to chase: no leak check.
# Only what runs here: the desktop app and its tests have no place in this build.
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target unit_tests integration_tests
sanitized=(env ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1)
"${sanitized[@]}" build/fuzz/tests/unit_tests --gtest_brief=1
# And the real paths end to end, the part that fits in CI's time: SSH (libssh on worker
# threads), rsync generations, the simulated Vast.ai and GCP over HTTP with their faults, the
# local API, and the warm pool's failovers, including a restart at each step. The rest of the
# suite under sanitizers: the gcc `sanitize` preset (docs/reliability.md).
"${sanitized[@]}" build/fuzz/tests/integration_tests --gtest_brief=1 --gtest_filter='SyncTest.*:RemoteSshTest.*:VastSimTest.*:GcpSimTest.*:ApiTest.*:WarmPoolTest.AKilled*:WarmPoolTest.AHung*:WarmPoolTest.SshAlone*:WarmPoolTest.AnOldPrimary*:WarmPoolTest.AStopAndAStart*:AtEachStep/WarmPoolRestartTest.*'
scripts/fuzz.sh --smoke
